using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Refer;
using NanoPhone.Sip.SessionTimer;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Writes the requests a call sends (RFC 3261 §8.1.1, §12.2.1.1), each into the agent's writer
/// for the caller to send at once: the INVITE (§13.2.1), the ACK for a 2xx (§13.2.2.4), BYE
/// (§15.1.1), CANCEL (§9.1) and the re-INVITE (§14.1). Branches come from the caller, drawn in
/// the order the messages go.
/// </summary>
internal static class CallRequests
{
    /// <summary>
    /// The INVITE of our call up to its Authorization: to the current target (a redirect's, or the
    /// one dialled), To the party dialled, through the outbound proxy's preloaded Route (§8.1.2).
    /// </summary>
    public static void Invite(SipWriter w, UaContext ctx, SipCall call, OutgoingCall o, byte[] branch)
    {
        AgentSettings s = ctx.Settings;
        w.Reset();
        w.Text("INVITE ").Field(o.Target).Text(" SIP/2.0").Crlf();
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        AccountHeaders.OutboundRoute(w, s);
        w.Header("Max-Forwards", 70);
        w.HeaderName("From");
        AccountHeaders.Aor(w, s);
        w.Text(";tag=").Field(call.LocalTag).Crlf();
        w.HeaderName("To").Byte((byte)'<').Field(o.CalledUri).Byte((byte)'>').Crlf();
        w.HeaderName("Call-ID").Field(call.CallId).Crlf();
        w.HeaderName("CSeq").Number(o.LocalCSeq).Text(" INVITE").Crlf();
        CallResponses.Contact(w, ctx);
        w.Header("Allow", RequestCheck.Allow);
        w.Header("Supported", RequestCheck.Supported);
        SessionRefresh.WriteOfferHeaders(w, call.SessionExpires, false);
        if (!o.ReferredBy.IsEmpty) w.HeaderName(ReferRequests.ReferredBy).Field(o.ReferredBy).Crlf();
        if (!o.Replaces.IsEmpty) w.HeaderName(Replaces.Name).Field(o.Replaces).Crlf();
        w.Header("User-Agent", s.Product);
    }

    /// <summary>The ACK for a 2xx of dialog (a new transaction, through the route set); returns its length, at most what a call keeps.</summary>
    public static int Ack(SipWriter w, UaContext ctx, SipDialog dialog, long inviteCSeq, byte[] branch)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Ack);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, inviteCSeq, SipMethod.Ack);
        ResponseBuilder.End(w);
        return w.Length < SipCall.MaxMessage ? w.Length : SipCall.MaxMessage;
    }

    public static void Bye(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Bye);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Bye);
        w.Header("User-Agent", ctx.Settings.Product);
        ResponseBuilder.End(w);
    }

    /// <summary>INFO in dialog (RFC 6086 §4.2) carrying body, e.g. a key press as application/dtmf-relay.</summary>
    public static void Info(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch, string contentType, byte[] body, int off, int len)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Info);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Info);
        w.Header("User-Agent", ctx.Settings.Product);
        ResponseBuilder.End(w, contentType, body, off, len);
    }

    /// <summary>§9.1: the INVITE's Request-URI, Call-ID, From, To, CSeq number and top Via (so its branch); its Route copied.</summary>
    public static void Cancel(SipWriter w, UaContext ctx, SipMessage invite)
    {
        w.Reset();
        w.Text("CANCEL ").Bytes(invite.Buffer, invite.RequestUri.Offset, invite.RequestUri.Length).Text(" SIP/2.0").Crlf();
        Copy(w, invite, HeaderId.Via);
        w.Header("Max-Forwards", 70);
        Copy(w, invite, HeaderId.From);
        Copy(w, invite, HeaderId.To);
        Copy(w, invite, HeaderId.CallId);
        w.HeaderName("CSeq").Number(invite.CSeq).Text(" CANCEL").Crlf();
        Copy(w, invite, HeaderId.Route);
        w.Header("User-Agent", ctx.Settings.Product);
        ResponseBuilder.End(w);
    }

    /// <summary>
    /// A re-INVITE in dialog with our Contact and the offer in sdp (hold, resume: RFC 3264 §8.4);
    /// with a session timer running, Session-Expires keeps the refresher as it is (RFC 4028 §7.4).
    /// </summary>
    public static void ReInvite(SipWriter w, UaContext ctx, SipCall call, long cseq, byte[] branch, SipWriter sdp)
    {
        SipDialog dialog = call.Dialog;
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Invite);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Invite);
        CallResponses.Contact(w, ctx);
        if (call.SessionExpires > 0)
        {
            w.Header("Supported", RequestCheck.Supported);
            SessionExpires.Write(w, call.SessionExpires, call.RefreshesSession ? Refresher.Uac : Refresher.Uas);
            w.Header("Min-SE", SessionExpires.MinimumSeconds);
        }
        ResponseBuilder.End(w, "application/sdp", sdp.Buffer, 0, sdp.Length);
    }

    /// <summary>UPDATE without a body refreshing the session (RFC 3311, RFC 4028 §7.4): we stay the refresher.</summary>
    public static void Update(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch, int seconds)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Update);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Update);
        CallResponses.Contact(w, ctx);
        w.Header("Supported", RequestCheck.Supported);
        SessionRefresh.WriteOfferHeaders(w, seconds, true);
        w.Header("User-Agent", ctx.Settings.Product);
        ResponseBuilder.End(w);
    }

    private static void Copy(SipWriter w, SipMessage m, HeaderId id)
    {
        string name = HeaderIds.Name(id);
        for (int i = m.IndexOf(id); i >= 0; i = m.IndexOf(id, i + 1)) w.Header(name, m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }
}
