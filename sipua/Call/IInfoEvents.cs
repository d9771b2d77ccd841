using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Call;

/// <summary>
/// INFO requests in a call (the legacy use of RFC 6086, no Info-Package: key presses as
/// application/dtmf-relay or application/dtmf bodies). An agent's events object that also implements
/// this interface hears each one after its 200 went out; others do not.
/// </summary>
public interface IInfoEvents
{
    /// <summary>info is the agent's receive buffer: read its body at once, keep nothing of it.</summary>
    void OnCallInfo(SipCall call, SipMessage info);
}
