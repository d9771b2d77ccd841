using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Agent;

/// <summary>
/// Who the phone is and where it registers: the account, the registrar (also the outbound proxy)
/// and the RFC 3261 timers. Filled from the phone's configuration; the agent reads it when it builds
/// a request, so a change takes effect with the next REGISTER.
/// </summary>
public sealed class AgentSettings
{
    public string User = "";
    /// <summary>The digest user name when it differs from User; null for User.</summary>
    public string AuthUser;
    public string Password = "";
    public string Domain = "";
    public string DisplayName;
    /// <summary>The registrar and outbound proxy: every request goes there.</summary>
    public readonly Endpoint Server = new Endpoint();
    /// <summary>Requested registration lifetime, seconds.</summary>
    public int Expires = 3600;
    /// <summary>The Contact's q in thousandths (1000 = 1.0), or -1 to send none.</summary>
    public int Q = -1;
    /// <summary>CRLF keep-alive towards the registrar, seconds; 0 = off.</summary>
    public int KeepAliveSeconds;
    public string Product = "NanoPhone/0.1";
    public readonly TimerSettings Timers = new TimerSettings();

    public string DigestUser { get { return AuthUser != null && AuthUser.Length > 0 ? AuthUser : User; } }

    public bool IsComplete
    {
        get { return User.Length > 0 && Domain.Length > 0 && Server.Port > 0 && (Server.IsIPv4 || Server.IsIPv6 || Server.IsName); }
    }
}
