using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;

namespace NanoPhone.Sip.Agent;

/// <summary>
/// What the user agent tells the application (the phone app, a test, the simulator): registration's
/// events and the calls' events, each defined by the part that raises it.
/// </summary>
public interface IAgentEvents : IRegistrationEvents, ICallEvents
{
}
