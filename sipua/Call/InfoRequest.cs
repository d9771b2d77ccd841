using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Call;

/// <summary>
/// INFO in a call's dialog (RFC 6086 §4.2.2 for a UA without Info-Packages: the legacy INFO usage):
/// 500 when its CSeq is out of order (RFC 3261 §12.2.2), else 200, and the app reads the body (a key
/// press, the door code's digits). The body's type was checked before (RequestCheck: dtmf-relay or
/// dtmf, else 415); an INFO for no dialog got 481 from the agent.
/// </summary>
internal static class InfoRequest
{
    public static void OnInfo(CallManager m, SipCall call, SipTransaction tx, SipMessage info, IInfoEvents events)
    {
        if (!call.Dialog.AcceptRemoteCSeq(info.CSeq))
        {
            m.Respond(tx, info, 500, "Server Internal Error");
            return;
        }
        m.Respond(tx, info, 200, "OK");
        if (events != null && info.BodyLength > 0 && CallStates.IsAnswered(call.State)) events.OnCallInfo(call, info);
    }
}
