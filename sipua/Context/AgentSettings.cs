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
    /// <summary>
    /// Keep-alives towards the first hop (outbound proxy, else registrar), seconds: 0 off; -1
    /// automatic: on behind NAT (the registrar saw another address than ours) and on an RFC 5626
    /// flow, at the registrar's Flow-Timer or 25 s (UDP) / 90 s (TCP, TLS).
    /// </summary>
    public int KeepAliveSeconds;
    /// <summary>
    /// True when Server's (or the outbound proxy's) port was given: RFC 3263 then skips NAPTR and
    /// SRV. True by default, so an agent set up in code resolves nothing it was not asked to.
    /// </summary>
    public bool ServerPortGiven = true;
    /// <summary>True when the transport was set (sip.transport other than auto, a sips: proxy): NAPTR may not choose another.</summary>
    public bool TransportFixed = true;
    /// <summary>sip.server.backup: where to register when every target of the server fails; Kind None if unset.</summary>
    public readonly Endpoint Backup = new Endpoint();
    public bool BackupPortGiven;
    /// <summary>Seconds after which a phone registered at a backup tries its preferred server again (if it answers, the binding moves back); 0 = stay.</summary>
    public int FailbackSeconds;
    /// <summary>RFC 5626: 0 off, 1 over TCP and TLS (auto), 2 over UDP too.</summary>
    public int OutboundMode;
    /// <summary>The +sip.instance URN (urn:uuid:...), stable per device; null: none (no RFC 5626 registration).</summary>
    public string Instance;
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

    /// <summary>The first hop's port was given (outbound proxy URI with a port, or sip.port set).</summary>
    public bool FirstHopPortGiven { get { return HasOutboundProxy ? _proxyPortGiven : ServerPortGiven; } }

    /// <summary>The first hop's transport may not be chosen by NAPTR.</summary>
    public bool FirstHopTransportFixed { get { return HasOutboundProxy ? _proxyTransportFixed : TransportFixed; } }

    /// <summary>RFC 5626 outbound for a flow over protocol: an instance and the mode allows it.</summary>
    public bool UsesOutbound(TransportProtocol protocol)
    {
        if (Instance == null || Instance.Length == 0 || OutboundMode == 0) return false;
        return OutboundMode == 2 || TransportProtocols.IsReliable(protocol);
    }

    private bool _proxyPortGiven;
    private bool _proxyTransportFixed;

    public bool IsComplete
    {
        get { return User.Length > 0 && Domain.Length > 0 && IsAddress(FirstHop); }
    }

    /// <summary>
    /// Sets the outbound proxy from its URI (RFC 3261 §8.1.2), e.g. "sip:proxy.example.com;lr": the
    /// requests go to its host (its maddr if it has one) and port (5060 if none), and carry it as
    /// "Route: &lt;uri&gt;". A URI without lr gets ";lr" added: the proxy is taken for a loose router
    /// (RFC 3261 §16.12), since a strict-router outbound proxy (the Request-URI replaced by the
    /// proxy's URI, §16.6 step 6) is not supported. The transport: TLS for a sips: URI, else the
    /// transport parameter (udp, tcp, tls), else the phone's (sip.transport; RFC 3263 may choose
    /// when that is auto and the URI has no port). False, and no outbound proxy, for null or empty,
    /// another transport (sctp, ws...), URI headers, or no usable host.
    /// </summary>
    public bool SetOutboundProxy(string uri)
    {
        ClearOutboundProxy();
        if (uri == null || uri.Length == 0) return false;
        byte[] b = Ascii.Utf8Bytes(uri);
        SipUri u = new SipUri();
        if (!u.TryParse(b, 0, b.Length) || !u.IsSip || u.HasHeaders || u.HostLength == 0) return false;
        int vo, vl;
        TransportProtocol protocol = Server.Protocol;
        _proxyTransportFixed = TransportFixed;
        if (u.Scheme == UriScheme.Sips)
        {
            protocol = TransportProtocol.Tls;
            _proxyTransportFixed = true;
        }
        else if (u.FindParam("transport", out vo, out vl))
        {
            if (!TransportProtocols.TryParse(b, vo, vl, out protocol)) return false;
            _proxyTransportFixed = true;
        }
        _proxyPortGiven = u.Port != 0;
        int port = u.Port == 0 ? TransportProtocols.DefaultPort(protocol) : u.Port;
        bool set = u.FindParam("maddr", out vo, out vl) && vl > 0
            ? OutboundProxy.TrySetHost(b, vo, vl, port)
            : OutboundProxy.TrySetHost(b, u.HostOffset, u.HostLength, port);
        if (!set)
        {
            OutboundProxy.Clear();
            return false;
        }
        OutboundProxy.Protocol = protocol;
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
