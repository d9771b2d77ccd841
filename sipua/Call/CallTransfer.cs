using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Refer;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Call transfer, both roles (RFC 3515 REFER, RFC 3892 Referred-By, RFC 3891 Replaces, RFC 5589
/// the flows):
/// <code>
/// transferor  Blind(call, target)      REFER Refer-To: &lt;target&gt;, Referred-By: us        (TransferState, Transferring)
///             Attended(call, consult)  REFER Refer-To: &lt;consult's target?Replaces=consult's dialog&gt;
///             202                      ReferAccepted
///             NOTIFY sipfrag 1xx       200; TransferProgress
///             NOTIFY sipfrag 2xx       200; BYE; Ended (Transferred)
///             NOTIFY 3xx-6xx, REFER refused or unanswered: TransferFailed, the call stays
/// transferee  REFER in a confirmed call  202, NOTIFY "100 Trying", a new call to the Refer-To URI with
///                                        Referred-By (and its Replaces); Referred
///             that call answered / fails NOTIFY "200 OK" / its final status, subscription terminated
///             REFER outside a call       403 (CallManager); for a dialog we do not have 481
/// target      INVITE with Replaces naming a confirmed call: answered at once (Answered, Replaces),
///             the replaced call BYEd (Ended, Replaced); naming none 481, early-only for a confirmed one 486
/// </code>
/// </summary>
internal static class CallTransfer
{
    // ---- Transferor ------------------------------------------------------------------------------

    public static string Blind(CallManager m, SipCall call, string target)
    {
        string why = CanRefer(call);
        if (why != null) return why;
        UaContext ctx = m.Context;
        string uri = DialString.ToUri(target, ctx.Settings.Domain);
        byte[] b = Ascii.Utf8Bytes(uri == null ? "" : uri);
        if (uri == null || !m.Scratch.TryParse(b, 0, b.Length) || !m.Scratch.IsSip || m.Scratch.HasHeaders) return "not a number or SIP URI";
        return SendRefer(m, call, b, 0, b.Length, null, uri);
    }

    public static string Attended(CallManager m, SipCall call, SipCall consult)
    {
        string why = CanRefer(call);
        if (why != null) return why;
        if (!CallStates.IsAnswered(consult.State)) return "the other call is not answered";
        ByteField target = consult.Dialog.RemoteTarget;
        return SendRefer(m, call, target.Buffer, 0, target.Length, consult.Dialog, consult.Peer);
    }

    private static string CanRefer(SipCall call)
    {
        if (!CallStates.IsAnswered(call.State)) return "the call is not answered";
        if (call.Transfer != TransferState.None) return "a transfer of this call is under way";
        return null;
    }

    private static string SendRefer(CallManager m, SipCall call, byte[] target, int off, int len, SipDialog replaces, string shown)
    {
        UaContext ctx = m.Context;
        long cseq = call.Dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        ReferRequests.Refer(ctx.Writer, ctx, call.Dialog, cseq, m.Branch, target, off, len, replaces);
        if (!call.Dialog.NextHop(m.Hop)) m.Hop.CopyFrom(ctx.FirstHop);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Refer, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx == null) return "no transaction free";
        tx.UserData = m;
        call.ReferTx = tx;
        call.ReferTxId = tx.Id;
        call.Transfer = TransferState.ReferSent;
        m.Emit(call, CallEventKind.Transferring, CallCause.None, 0, shown);
        return null;
    }

    /// <summary>The REFER's final response: 2xx (202) accepted; anything else the transfer failed.</summary>
    public static void OnReferResponse(CallManager m, SipCall call, SipMessage r)
    {
        if (r.StatusCode < 200) return;
        if (r.StatusCode >= 300) { OnReferFailed(m, call, r.StatusCode); return; }
        if (call.Transfer == TransferState.ReferSent) call.Transfer = TransferState.ReferAccepted;
    }

    public static void OnReferFailed(CallManager m, SipCall call, int status)
    {
        if (call.Transfer == TransferState.None) return;
        call.Transfer = TransferState.None;
        m.Emit(call, CallEventKind.TransferFailed, CallCause.Status, status, status == 408 ? "no answer to REFER" : "REFER refused (" + status + ")");
    }

    /// <summary>
    /// NOTIFY in one of our calls: 200 when it reports our REFER (Event: refer), then what it says;
    /// 481 when no transfer of ours runs on the call (RFC 6665 §4.1.3); 400 without Event: refer.
    /// </summary>
    public static void OnNotify(CallManager m, SipCall call, SipTransaction tx, SipMessage notify)
    {
        if (!call.Dialog.AcceptRemoteCSeq(notify.CSeq)) { m.Respond(tx, notify, 500, "Server Internal Error"); return; }
        if (!Sipfrag.IsReferEvent(notify)) { m.Respond(tx, notify, 489, "Bad Event"); return; }
        if (call.Transfer == TransferState.None) { m.Respond(tx, notify, 481, "Subscription Does Not Exist"); return; }
        int status = Sipfrag.StatusOf(notify);
        bool terminated = Sipfrag.IsTerminated(notify);
        UaContext ctx = m.Context;
        ResponseBuilder.Begin(ctx.Writer, notify, 200, "OK", null, 0, 0);
        ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        if (status >= 200 && status < 300)
        {
            // RFC 5589 §6.1: the transferee reached the target; the transferor leaves.
            call.Transfer = TransferState.None;
            InDialog.SendBye(m, call.Dialog, call.ResponseTarget);
            m.Terminate(call, CallEventKind.Ended, CallCause.Transferred, status, "transferred");
            return;
        }
        if (status >= 300 || terminated)
        {
            OnReferFailed(m, call, status >= 300 ? status : 0);
            return;
        }
        if (call.Transfer == TransferState.ReferSent) call.Transfer = TransferState.ReferAccepted;
        if (status > 0) m.Emit(call, CallEventKind.TransferProgress, CallCause.Status, status, "");
    }

    // ---- Transferee ------------------------------------------------------------------------------

    /// <summary>
    /// REFER from the peer of one of our calls (RFC 3515 §2.4.2): 202, NOTIFY 100 Trying, and our
    /// call to the target. Refused with 400 (an unusable Refer-To), 491 (a REFER of this call is
    /// followed already), 403 (the call is not confirmed), 486 (the phone cannot place a call now).
    /// </summary>
    public static void OnRefer(CallManager m, SipCall call, SipTransaction tx, SipMessage refer)
    {
        if (!call.Dialog.AcceptRemoteCSeq(refer.CSeq)) { m.Respond(tx, refer, 500, "Server Internal Error"); return; }
        if (!CallStates.IsAnswered(call.State)) { m.Respond(tx, refer, 403, "Forbidden (call not answered)"); return; }
        if (call.AcceptedRefer != 0) { m.Respond(tx, refer, 491, "Request Pending"); return; }
        ReferTarget target = m.ReferTarget;
        string why = target.Read(refer);
        if (why != null) { m.Respond(tx, refer, 400, why); return; }
        why = m.WhyNotDial();
        if (why != null) { m.Respond(tx, refer, 486, "Busy Here"); return; }
        UaContext ctx = m.Context;
        long referCSeq = refer.CSeq;
        // Referred-By of the REFER, else the referrer as its From names it (RFC 3892 §3).
        ByteField by = m.ReferredBy;
        int rb = ReferRequests.FindReferredBy(refer);
        if (rb >= 0) by.Set(refer.Buffer, refer.ValueOffsetAt(rb), refer.ValueLengthAt(rb));
        else by.Set(call.Dialog.RemoteUri);
        ResponseBuilder.Begin(ctx.Writer, refer, 202, "Accepted", call.LocalTag.Buffer, 0, call.LocalTag.Length);
        CallResponses.Contact(ctx.Writer, ctx);
        ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        call.AcceptedRefer = referCSeq;
        m.Emit(call, CallEventKind.Referred, CallCause.None, 202, target.Uri.ToString());
        SendNotify(m, call, 100, "Trying", false);
        string error;
        SipCall placed = m.Dialer.PlaceReferred(target.Uri, by.Buffer, 0, by.Length, target.Replaces, call, out error);
        if (placed == null && call.AcceptedRefer != 0) SendNotify(m, call, 503, "Service Unavailable", true);
    }

    /// <summary>
    /// Our call placed for a REFER moved on: the referrer's NOTIFY carries its final status (200 on
    /// the answer, the failure's code, 487 when given up), which ends the subscription.
    /// </summary>
    public static void ReportToReferrer(CallManager m, SipCall placed, CallEventKind kind, int status, string detail)
    {
        int code;
        string reason;
        switch (kind)
        {
            case CallEventKind.Answered: code = 200; reason = "OK"; break;
            case CallEventKind.Failed: code = status >= 300 ? status : 408; reason = status >= 300 ? PhraseOf(detail, status) : "Request Timeout"; break;
            case CallEventKind.Ended: code = 487; reason = "Request Terminated"; break;
            default: return;
        }
        SipCall referrer = m.Slot(placed.ReferrerIndex, placed.ReferrerNumber);
        placed.ReferrerIndex = -1;
        if (referrer == null || referrer.AcceptedRefer == 0) return;
        SendNotify(m, referrer, code, reason, true);
    }

    /// <summary>"486 Busy Here" → "Busy Here"; otherwise a fixed phrase.</summary>
    private static string PhraseOf(string detail, int status)
    {
        string code = status.ToString();
        if (detail != null && detail.Length > code.Length + 1 && detail.StartsWith(code + " ")) return PrintableText(detail.Substring(code.Length + 1));
        return "Failed";
    }

    private static string PrintableText(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] < ' ' || s[i] > '~') return "Failed";
        }
        return s;
    }

    private static void SendNotify(CallManager m, SipCall call, int status, string reason, bool final)
    {
        UaContext ctx = m.Context;
        long cseq = call.Dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        ReferRequests.Notify(ctx.Writer, ctx, call.Dialog, cseq, m.Branch, call.AcceptedRefer, status, reason, final);
        if (final) call.AcceptedRefer = 0;
        if (!call.Dialog.NextHop(m.Hop)) m.Hop.CopyFrom(ctx.FirstHop);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Notify, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx != null) tx.UserData = m;
    }

    // ---- The transfer target: INVITE with Replaces (RFC 3891 §3) ----------------------------------

    public static void OnInviteWithReplaces(CallManager m, SipTransaction tx, SipMessage invite, int header, bool several)
    {
        if (several) { m.Respond(tx, invite, 400, "More than one Replaces"); return; }
        SipCall replaced = null;
        bool earlyOnly = false;
        for (int i = 0; i < m.SlotCount; i++)
        {
            SipCall c = m.SlotAt(i);
            bool eo;
            if (c.IsLive && Replaces.Names(invite.Buffer, invite.ValueOffsetAt(header), invite.ValueLengthAt(header), c.Dialog, out eo))
            {
                replaced = c;
                earlyOnly = eo;
                break;
            }
        }
        if (replaced == null || !CallStates.IsAnswered(replaced.State)) { m.Respond(tx, invite, 481, "Call/Transaction Does Not Exist"); return; }
        if (earlyOnly) { m.Respond(tx, invite, 486, "Busy Here"); return; }
        int codec;
        if (invite.BodyLength > 0 && (!m.Received.TryParse(invite.Buffer, invite.BodyOffset, invite.BodyLength)
            || NanoPhone.Sip.Sdp.SdpNegotiator.ChooseStream(m.Received, out codec) < 0))
        {
            m.Respond(tx, invite, 488, "Not Acceptable Here");
            return;
        }
        if (SessionRefresh.IsTooSmall(invite)) { SessionRefresh.RespondTooSmall(m, tx, invite); return; }
        SipCall call = m.Allocate(CallState.IncomingOffered);
        if (call == null) { m.Respond(tx, invite, 486, "Busy Here"); return; }
        if (!IncomingCall.Offered(m, call, tx, invite)) return;
        // The new call takes the old one's place: the old one ends (BYE), its hold goes to the new
        // one, which is answered at once.
        call.IsHolding = replaced.IsHolding;
        InDialog.SendBye(m, replaced.Dialog, replaced.ResponseTarget);
        m.Terminate(replaced, CallEventKind.Ended, CallCause.Replaced, 0, "replaced by " + call.Peer);
        SipMessage kept = IncomingCall.InviteOf(m, call);
        if (kept != null) IncomingCall.Accept(m, call, kept, CallCause.Replaces);
    }
}
