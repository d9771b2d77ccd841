using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The Via header line of a request this phone sends (RFC 3261 §8.1.1.7, §18.1.1; rport from
/// RFC 3581): <c>Via: SIP/2.0/UDP host:port;branch=z9hG4bK...;rport</c>, over a connection
/// <c>SIP/2.0/TCP</c> or <c>SIP/2.0/TLS</c> (the sent-by's protocol) with <c>;alias</c> (RFC 5923:
/// the server may send its requests back over this connection), the branch from
/// <see cref="BranchGenerator"/>. The one place it is written: REGISTER, INVITE, re-INVITE, the ACK
/// for a 2xx and BYE use it; a CANCEL and the ACK for a non-2xx copy their INVITE's Via instead (§9.1, §17.1.1.3).
/// </summary>
public static class ViaLine
{
    public static void Write(SipWriter w, Endpoint sentBy, byte[] branch, int offset, int length)
    {
        w.HeaderName("Via").Text("SIP/2.0/").Text(TransportProtocols.ViaName(sentBy.Protocol)).Byte((byte)' ');
        sentBy.WriteHostPort(w);
        w.Text(";branch=").Bytes(branch, offset, length).Text(";rport");
        if (TransportProtocols.IsReliable(sentBy.Protocol)) w.Text(";alias");
        w.Crlf();
    }
}
