using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;

namespace NanoPhone.Sip.Agent;

/// <summary>What the user agent tells the application (the phone app, a test, the simulator).</summary>
public interface IAgentEvents
{
    /// <summary>
    /// Registration moved to state. contact and expires describe the binding when Registered;
    /// detail says why otherwise (e.g. "authentication failed", "no response from registrar").
    /// </summary>
    void OnRegistration(RegistrationState state, string contact, int expires, string detail);

    /// <summary>
    /// A call moved to state. callId numbers the phone's calls (not the SIP Call-ID); peer is the
    /// other party as people read it; detail is e.g. the forward target or the reason it ended.
    /// </summary>
    void OnCall(int callId, CallState state, string peer, string detail);
}
