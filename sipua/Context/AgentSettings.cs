using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Context;

/// <summary>
/// Who the phone is and where it registers: the account, the registrar, the outbound proxy (if
/// any) and the RFC 3261 timers. Filled from the phone's configuration; the agent reads it when it
/// builds a request, so a change takes effect with the next REGISTER.
/// </summary>
public sealed class AgentSettings
{
    public string User = "";
    /// <summary>The digest user name when it differs from User; null for User.</summary>
    public string AuthUser;
    public string Password = "";
    public string Domain = "";
    public string DisplayName;
    /// <summary>
    /// The registrar (sip.server). Without an outbound proxy it is also the first hop of every
    /// request outside a dialog; the ghost filter trusts it either way.
    /// </summary>
    public readonly Endpoint Server = new Endpoint();
    /// <summary>
    /// The outbound proxy (RFC 3261 §8.1.2), or none (Kind None, Port 0). When set, requests outside
    /// a dialog (REGISTER, an initial INVITE and its CANCEL and non-2xx ACK) go here instead of to
    /// Server, with <see cref="OutboundRoute"/> as a preloaded Route. Set by <see cref="SetOutboundProxy"/>.
    /// </summary>
    public readonly Endpoint OutboundProxy = new Endpoint();
    /// <summary>Requested registration lifetime, seconds.</summary>
    public int Expires = 3600;
    /// <summary>The Contact's q in thousandths (1000 = 1.0), or -1 to send none.</summary>
    public int Q = -1;
    /// <summary>CRLF keep-alive towards the first hop (outbound proxy, else registrar), seconds; 0 = off.</summary>
    public int KeepAliveSeconds;
    public string Product = "NanoPhone/0.1";
    public readonly TimerSettings Timers = new TimerSettings();

    private string _outboundRoute;

    public string DigestUser { get { return AuthUser != null && AuthUser.Length > 0 ? AuthUser : User; } }

    /// <summary>
    /// The Route header value of requests outside a dialog, "&lt;sip:proxy.example.com;lr&gt;", or
    /// null without an outbound proxy.
    /// </summary>
    public string OutboundRoute { get { return _outboundRoute; } }

    public bool HasOutboundProxy { get { return _outboundRoute != null && IsAddress(OutboundProxy); } }

    /// <summary>Where a request outside a dialog goes: the outbound proxy if there is one, else the registrar.</summary>
    public Endpoint FirstHop { get { return HasOutboundProxy ? OutboundProxy : Server; } }

    public bool IsComplete
    {
        get { return User.Length > 0 && Domain.Length > 0 && IsAddress(FirstHop); }
    }

    /// <summary>
    /// Sets the outbound proxy from its URI (RFC 3261 §8.1.2), e.g. "sip:proxy.example.com;lr": the
    /// requests go to its host (its maddr if it has one) and port (5060 if none), and carry it as
    /// "Route: &lt;uri&gt;". A URI without lr gets ";lr" added: the proxy is taken for a loose router
    /// (RFC 3261 §16.12), since a strict-router outbound proxy (the Request-URI replaced by the
    /// proxy's URI, §16.6 step 6) is not supported. Only sip: over UDP: false, and no outbound proxy,
    /// for null or empty, a sips: URI, a transport other than udp, URI headers, or no usable host.
    /// </summary>
    public bool SetOutboundProxy(string uri)
    {
        ClearOutboundProxy();
        if (uri == null || uri.Length == 0) return false;
        byte[] b = Ascii.Utf8Bytes(uri);
        SipUri u = new SipUri();
        if (!u.TryParse(b, 0, b.Length) || u.Scheme != UriScheme.Sip || u.HasHeaders || u.HostLength == 0) return false;
        int vo, vl;
        if (u.FindParam("transport", out vo, out vl) && !(vl == 3 && Ascii.EqualsIgnoreCase(b, vo, vl, "udp"))) return false;
        int port = u.Port == 0 ? Endpoint.DefaultSipPort : u.Port;
        bool set = u.FindParam("maddr", out vo, out vl) && vl > 0
            ? OutboundProxy.TrySetHost(b, vo, vl, port)
            : OutboundProxy.TrySetHost(b, u.HostOffset, u.HostLength, port);
        if (!set)
        {
            OutboundProxy.Clear();
            return false;
        }
        string text = Ascii.ToString(b, u.Offset, u.Length);
        _outboundRoute = "<" + (u.FindParam("lr", out vo, out vl) ? text : text + ";lr") + ">";
        return true;
    }

    /// <summary>No outbound proxy: requests outside a dialog go to the registrar.</summary>
    public void ClearOutboundProxy()
    {
        OutboundProxy.Clear();
        _outboundRoute = null;
    }

    private static bool IsAddress(Endpoint e)
    {
        return e.Port > 0 && (e.IsIPv4 || e.IsIPv6 || e.IsName);
    }
}
