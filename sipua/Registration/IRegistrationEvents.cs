namespace NanoPhone.Sip.Registration;

/// <summary>What registration tells the application (through the agent's events).</summary>
public interface IRegistrationEvents
{
    /// <summary>
    /// Registration moved to state. contact and expires describe the binding when Registered;
    /// detail says why otherwise (e.g. "authentication failed", "no response from registrar"),
    /// for people: decisions use the state.
    /// </summary>
    void OnRegistration(RegistrationState state, string contact, int expires, string detail);
}
