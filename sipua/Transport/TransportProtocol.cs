namespace NanoPhone.Sip.Transport;

/// <summary>
/// How a SIP message travels (RFC 3261 §18): UDP datagrams, or a TCP or TLS connection (RFC 3261
/// §18.3, §26.2; RFC 5630 for sips:). UDP is 0, so an Endpoint nobody set a protocol on is UDP.
/// </summary>
public enum TransportProtocol : byte
{
    Udp = 0,
    Tcp,
    Tls,
}

/// <summary>Names and properties of <see cref="TransportProtocol"/>.</summary>
public static class TransportProtocols
{
    /// <summary>"UDP", "TCP", "TLS": the Via's transport token (RFC 3261 §20.42).</summary>
    public static string ViaName(TransportProtocol p)
    {
        switch (p)
        {
            case TransportProtocol.Tcp: return "TCP";
            case TransportProtocol.Tls: return "TLS";
            default: return "UDP";
        }
    }

    /// <summary>"udp", "tcp", "tls": the URI's transport parameter and the setting's words.</summary>
    public static string Name(TransportProtocol p)
    {
        switch (p)
        {
            case TransportProtocol.Tcp: return "tcp";
            case TransportProtocol.Tls: return "tls";
            default: return "udp";
        }
    }

    /// <summary>A connection carries the messages (RFC 3261 §17: no retransmissions, Timers D, I, J, K zero).</summary>
    public static bool IsReliable(TransportProtocol p) { return p != TransportProtocol.Udp; }

    /// <summary>The port a server listens on when none is given: 5061 for TLS, else 5060 (RFC 3261 §19.1.2).</summary>
    public static int DefaultPort(TransportProtocol p) { return p == TransportProtocol.Tls ? 5061 : Endpoint.DefaultSipPort; }

    /// <summary>The protocol named by a transport parameter's value ("udp", "TCP", "tls"); false for others (sctp, ws...).</summary>
    public static bool TryParse(byte[] b, int off, int len, out TransportProtocol p)
    {
        p = TransportProtocol.Udp;
        if (len != 3) return false;
        if (NanoPhone.Sip.Text.Ascii.EqualsIgnoreCase(b, off, len, "udp")) return true;
        if (NanoPhone.Sip.Text.Ascii.EqualsIgnoreCase(b, off, len, "tcp")) { p = TransportProtocol.Tcp; return true; }
        if (NanoPhone.Sip.Text.Ascii.EqualsIgnoreCase(b, off, len, "tls")) { p = TransportProtocol.Tls; return true; }
        return false;
    }
}
