using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Subscription;

/// <summary>
/// Encodes the SUBSCRIBE for message-summary (RFC 6665 §4.1.2, RFC 3842 §4): the first one outside a
/// dialog (Request-URI and To the account subscribed to, through the outbound proxy's preloaded Route),
/// refreshes and the removal (Expires: 0) inside the dialog the first 2xx or NOTIFY made. Every one
/// carries Event: message-summary, Accept: application/simple-message-summary, Expires and our
/// Contact. The caller adds the Authorization line (if any) and ends the message.
/// </summary>
public static class SubscribeRequestWriter
{
    public const string EventPackage = "message-summary";
    public const string BodyType = "application/simple-message-summary";

    public static void Initial(SipWriter w, UaContext ctx, ByteField target, ByteField callId, ByteField fromTag,
        long cseq, byte[] branch, int expires)
    {
        AgentSettings s = ctx.Settings;
        w.Reset();
        w.Text("SUBSCRIBE ").Field(target).Text(" SIP/2.0").Crlf();
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        AccountHeaders.OutboundRoute(w, s);
        w.Header("Max-Forwards", 70);
        w.HeaderName("From");
        AccountHeaders.Aor(w, s);
        w.Text(";tag=").Field(fromTag).Crlf();
        w.HeaderName("To").Byte((byte)'<').Field(target).Byte((byte)'>').Crlf();
        w.HeaderName("Call-ID").Field(callId).Crlf();
        w.HeaderName("CSeq").Number(cseq).Text(" SUBSCRIBE").Crlf();
        Common(w, ctx, expires);
    }

    public static void InDialog(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch, int expires)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Subscribe);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Subscribe);
        Common(w, ctx, expires);
    }

    private static void Common(SipWriter w, UaContext ctx, int expires)
    {
        w.HeaderName("Contact");
        AccountHeaders.ContactUri(w, ctx.Settings, ctx.LocalContact);
        w.Crlf();
        w.Header("Event", EventPackage);
        w.Header("Accept", BodyType);
        w.Header("Expires", expires);
        w.Header("Allow", RequestCheck.Allow);
        w.Header("User-Agent", ctx.Settings.Product);
    }

    /// <summary>True if the request's Event header names the message-summary package (parameters such as id ignored).</summary>
    public static bool IsMessageSummary(SipMessage m)
    {
        int i = m.IndexOf(HeaderId.Event);
        if (i < 0) return false;
        byte[] b = m.Buffer;
        int p = Lws.SkipForward(b, m.ValueOffsetAt(i), m.ValueOffsetAt(i) + m.ValueLengthAt(i));
        int end = m.ValueOffsetAt(i) + m.ValueLengthAt(i);
        int e = p;
        while (e < end && b[e] != (byte)';' && !Ascii.IsWsp(b[e])) e++;
        return Ascii.EqualsIgnoreCase(b, p, e - p, EventPackage);
    }
}
