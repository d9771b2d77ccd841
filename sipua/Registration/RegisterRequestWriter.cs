using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Registration;

/// <summary>
/// Encodes a REGISTER (RFC 3261 §10.2): Request-URI the domain, To and From the AOR, our Contact
/// with q and expires, and — when the phone moved — the old Contact with expires=0 in the same
/// request, so the registrar swaps the bindings atomically and other devices' bindings stay. With an
/// outbound proxy the REGISTER carries it as a preloaded Route (§8.1.2); the Request-URI stays the domain.
/// With an instance (RFC 5626 §4.2.1) our Contact carries reg-id and +sip.instance and the request
/// says Supported: outbound. The Via and Contact say the contact's transport (RFC 3261 §18.1.1).
/// </summary>
public static class RegisterRequestWriter
{
    public static void Write(SipWriter w, AgentSettings s, Endpoint contact, Endpoint oldContact,
        int expires, ByteField callId, ByteField fromTag, long cseq, byte[] branch, int branchLength)
    {
        Write(w, s, contact, oldContact, expires, callId, fromTag, cseq, branch, branchLength, null, 0);
    }

    /// <param name="instance">The +sip.instance URN for RFC 5626 outbound, or null for a plain registration.</param>
    public static void Write(SipWriter w, AgentSettings s, Endpoint contact, Endpoint oldContact,
        int expires, ByteField callId, ByteField fromTag, long cseq, byte[] branch, int branchLength, string instance, int regId)
    {
        w.Reset();
        w.Text("REGISTER sip:").Text(s.Domain).Text(" SIP/2.0").Crlf();
        ViaLine.Write(w, contact, branch, 0, branchLength);
        AccountHeaders.OutboundRoute(w, s);
        w.Header("Max-Forwards", 70);
        w.HeaderName("From");
        AccountHeaders.Aor(w, s);
        w.Text(";tag=").Field(fromTag).Crlf();
        w.HeaderName("To");
        AccountHeaders.Aor(w, s);
        w.Crlf();
        w.HeaderName("Call-ID").Field(callId).Crlf();
        w.HeaderName("CSeq").Number(cseq).Text(" REGISTER").Crlf();
        if (oldContact != null)
        {
            w.HeaderName("Contact");
            AccountHeaders.ContactUri(w, s, oldContact);
            w.Text(";expires=0").Crlf();
        }
        w.HeaderName("Contact");
        AccountHeaders.ContactUri(w, s, contact);
        if (expires > 0 && s.Q >= 0) Q(w, s.Q);
        w.Text(";expires=").Number(expires);
        if (instance != null) w.Text(";reg-id=").Number(regId).Text(";+sip.instance=\"<").Text(instance).Text(">\"");
        w.Crlf();
        w.Header("Expires", expires);
        if (instance != null) w.Header("Supported", "outbound, path");
        w.Header("Allow", RequestCheck.Allow);
        w.Header("User-Agent", s.Product);
    }

    private static void Q(SipWriter w, int q)
    {
        w.Text(";q=").Number(q / 1000).Byte((byte)'.').Number(q / 100 % 10).Number(q / 10 % 10).Number(q % 10);
    }
}
