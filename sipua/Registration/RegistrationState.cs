namespace NanoPhone.Sip.Registration;

/// <summary>Where the phone's binding at the registrar stands.</summary>
public enum RegistrationState : byte
{
    /// <summary>Not registered and not trying (never started, or stopped).</summary>
    Unregistered = 0,
    /// <summary>A REGISTER is in flight and no binding is known to exist yet.</summary>
    Registering,
    /// <summary>The registrar holds our binding; a refresh is scheduled.</summary>
    Registered,
    /// <summary>The last attempt failed; another is scheduled (backoff).</summary>
    RetryWait,
    /// <summary>The registrar rejected our credentials; no retry until the account changes or the user asks.</summary>
    AuthFailed,
    /// <summary>Removing our binding (Expires: 0).</summary>
    Unregistering,
}

public static class RegistrationStates
{
    public static string Name(RegistrationState s)
    {
        switch (s)
        {
            case RegistrationState.Registering: return "registering";
            case RegistrationState.Registered: return "registered";
            case RegistrationState.RetryWait: return "retry-wait";
            case RegistrationState.AuthFailed: return "authentication failed";
            case RegistrationState.Unregistering: return "unregistering";
            default: return "unregistered";
        }
    }
}
