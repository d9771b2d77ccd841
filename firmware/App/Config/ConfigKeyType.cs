namespace NanoPhone.App.Config;

/// <summary>What a setting's value is; decides how <see cref="ConfigValidator"/> checks it.</summary>
public enum ConfigKeyType : byte
{
    /// <summary>Free text between a minimum and maximum UTF-8 length; no control characters but tab, CR, LF.</summary>
    Text = 0,
    /// <summary>A sip: or sips: URI (parsed by NanoPhone.Sip.Message.SipUri), without a password.</summary>
    Uri,
    /// <summary>
    /// A proxy's sip: URI the phone sends to: as <see cref="Uri"/>, but not sips: and no transport other
    /// than udp (the phone speaks UDP only), no URI headers, a host it can send to.
    /// </summary>
    ProxyUri,
    /// <summary>A host name, IPv4 address or bracketed IPv6 reference, without a port.</summary>
    Host,
    /// <summary>
    /// IP addresses (IPv4, IPv6 with or without brackets), separated by commas, without ports. Host
    /// names are refused: nothing resolves them, so they could never match.
    /// </summary>
    AddressList,
    /// <summary>The user part of a SIP URI (RFC 3261 §25.1 user characters and %-escapes).</summary>
    User,
    /// <summary>A decimal integer between a minimum and a maximum.</summary>
    Int,
    /// <summary>A q-value, 0.0 to 1.0 with up to three decimals (RFC 3261 §20.10 qvalue).</summary>
    QValue,
    /// <summary>on/off (also true/false, yes/no, 1/0); stored as on or off.</summary>
    Bool,
    /// <summary>One of a fixed list of words.</summary>
    Choice,
    /// <summary>An http:// or https:// URL (host, optional port, path); <c>{mac}</c> may stand anywhere after the host.</summary>
    HttpUrl,
    /// <summary>A host name or IP address with an optional port ("host", "host:port", "[v6]:port").</summary>
    HostPort,
    /// <summary>A key sequence sent as DTMF: 1 to 16 of 0-9 * # A-D (a door code); kept secret.</summary>
    DtmfCode,
}
