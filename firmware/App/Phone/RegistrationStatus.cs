using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Phone;

/// <summary>
/// The registration as the phone shows it: an event line per change, the registered lamp (on while
/// registered, slow blink while registering, fast blink while retrying, off otherwise), and the
/// console's status line.
/// </summary>
internal sealed class RegistrationStatus
{
    private readonly UserAgent _agent;
    private readonly IClock _clock;
    private readonly PhoneOutput _out;
    private long _registeringSinceMs;

    public RegistrationStatus(UserAgent agent, IClock clock, PhoneOutput output)
    {
        _agent = agent;
        _clock = clock;
        _out = output;
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
    {
        if (state == RegistrationState.Registered)
        {
            _out.Emit(PhoneEventLines.Registered(contact == null ? "" : contact, expires));
        }
        else
        {
            if (state == RegistrationState.Registering) _registeringSinceMs = _clock.NowMs;
            _out.Emit(PhoneEventLines.Registration(state, detail));
        }
        _out.SetLamp(Indicator.Registered, Lamp(state));
    }

    private static LampMode Lamp(RegistrationState state)
    {
        switch (state)
        {
            case RegistrationState.Registered: return LampMode.On;
            case RegistrationState.Registering: return LampMode.SlowBlink;
            case RegistrationState.RetryWait: return LampMode.FastBlink;
            default: return LampMode.Off;
        }
    }

    /// <summary>The console's <c>status</c> line for the registration.</summary>
    public string Text
    {
        get
        {
            RegistrationClient reg = _agent.Registration;
            string detail = reg.Detail;
            switch (reg.State)
            {
                case RegistrationState.Registered:
                    // No countdown: the grant starts again with every refresh, and the client does not say when that was.
                    return "registered as sip:" + _agent.Settings.User + "@" + reg.Contact + " (" + reg.GrantedExpires + " s, renewed before it lapses)";
                case RegistrationState.Registering:
                    int waited = PhoneText.Seconds(_registeringSinceMs, _clock.NowMs);
                    string text = "registering";
                    if (waited >= 2) text += ", no answer from " + _agent.Settings.FirstHop + " for " + waited + " s (resending)";
                    return reg.Failures > 0 ? text + " after " + reg.Failures + (reg.Failures == 1 ? " failure" : " failures") : text;
                case RegistrationState.RetryWait:
                    return "not registered, retrying after " + reg.Failures + (reg.Failures == 1 ? " failure: " : " failures: ") + detail;
                case RegistrationState.AuthFailed:
                    return "not registered: authentication failed (check sip.password; register tries again)";
                case RegistrationState.Unregistering:
                    return "unregistering";
                default:
                    return "not registered" + (detail.Length > 0 ? ": " + detail : "");
            }
        }
    }
}
