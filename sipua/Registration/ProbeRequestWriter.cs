using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Registration;

/// <summary>
/// The OPTIONS that asks whether the preferred server is back (RFC 3261 §11): to the server
/// itself (its address as Request-URI), outside any dialog, with the registration's Call-ID and
/// From tag. Any final answer, even 404 or 405, means it is there.
/// </summary>
public static class ProbeRequestWriter
{
    public static void Write(SipWriter w, AgentSettings s, Endpoint contact, Endpoint server, ByteField callId, ByteField fromTag, byte[] branch)
    {
        Endpoint via = Via;
        via.CopyFrom(contact);
        via.Protocol = server.Protocol;
        w.Reset();
        w.Text(server.Protocol == TransportProtocol.Tls ? "OPTIONS sips:" : "OPTIONS sip:");
        server.WriteHostPort(w);
        if (server.Protocol == TransportProtocol.Tcp) w.Text(";transport=tcp");
        w.Text(" SIP/2.0").Crlf();
        ViaLine.Write(w, via, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        w.HeaderName("From");
        AccountHeaders.Aor(w, s);
        w.Text(";tag=").Field(fromTag).Crlf();
        w.HeaderName("To").Text("<sip:");
        server.WriteHostPort(w);
        w.Byte((byte)'>').Crlf();
        w.HeaderName("Call-ID").Text("probe-").Field(callId).Crlf();
        w.Header("CSeq", "1 OPTIONS");
        w.Header("User-Agent", s.Product);
        ResponseBuilder.End(w);
    }

    private static readonly Endpoint Via = new Endpoint();
}
