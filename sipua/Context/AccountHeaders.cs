using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Context;

/// <summary>
/// The parts of a request or response that say who this phone is, from the account: its AOR (From,
/// To of a REGISTER, Diversion), its Contact, and the outbound proxy's preloaded Route. Registration
/// and calls write them the same way.
/// </summary>
public static class AccountHeaders
{
    // Written in every response that creates a dialog, as bytes made once (a string literal
    // allocates on nanoCLR at every use).
    private static readonly byte[] SipUriStart = Ascii.Utf8Bytes("<sip:");

    /// <summary>
    /// "Route: &lt;outbound proxy;lr&gt;" for a request outside a dialog when an outbound proxy is set
    /// (RFC 3261 §8.1.2); nothing otherwise.
    /// </summary>
    public static void OutboundRoute(SipWriter w, AgentSettings s)
    {
        string route = s.OutboundRoute;
        if (route != null) w.Header("Route", route);
    }

    /// <summary>&lt;sip:user@domain&gt; with the display name if one is set.</summary>
    public static void Aor(SipWriter w, AgentSettings s)
    {
        if (s.DisplayName != null && s.DisplayName.Length > 0) w.Byte((byte)'"').Text(s.DisplayName).Text("\" ");
        w.Bytes(SipUriStart).Text(s.User).Byte((byte)'@').Text(s.Domain).Byte((byte)'>');
    }

    /// <summary>
    /// &lt;sip:user@host:port&gt;: where this phone is now. Over TCP <c>;transport=tcp</c>; over TLS
    /// a sips: URI (RFC 5630 §3.2: TLS to this phone; transport=tls is deprecated).
    /// </summary>
    public static void ContactUri(SipWriter w, AgentSettings s, Endpoint contact)
    {
        ContactUri(w, s, contact, false);
    }

    /// <summary>As <see cref="ContactUri(SipWriter, AgentSettings, Endpoint)"/>, with <c>;ob</c> (RFC 5626 §5.4) when ob.</summary>
    public static void ContactUri(SipWriter w, AgentSettings s, Endpoint contact, bool ob)
    {
        (contact.Protocol == TransportProtocol.Tls ? w.Text("<sips:") : w.Bytes(SipUriStart)).Text(s.User).Byte((byte)'@');
        contact.WriteHostPort(w);
        if (contact.Protocol == TransportProtocol.Tcp) w.Text(";transport=tcp");
        if (ob) w.Text(";ob");
        w.Byte((byte)'>');
    }
}
