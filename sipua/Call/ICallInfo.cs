using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The app's say on an INFO received in a call (RFC 6086; in practice a key press as
/// application/dtmf-relay or application/dtmf, SIP INFO DTMF): the agent has checked the dialog
/// and the CSeq, the app reads the body and gives the status to answer (200, or 415 for a body it
/// does not take). Called on the loop thread; info is valid only during the call.
/// </summary>
public interface ICallInfo
{
    int OnInfo(SipCall call, SipMessage info);
}
