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
}
