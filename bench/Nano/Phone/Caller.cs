using NanoPhone.Sip.Text;

namespace NanoPhone.Bench.Nano.Phone;

/// <summary>
/// Someone calling the phone through the rig's proxy: the INVITE with its offer, the CANCEL, the
/// ACK of a final response that refuses, the ACK of a 2xx and the BYE, encoded once. The phone's
/// To tag is written into the ACKs and the BYE when its final response comes.
/// </summary>
internal sealed class Caller
{
    /// <summary>"Call-ID: bench-" is followed by this caller's digit: the peer tells its callers apart by it.</summary>
    public const int IdAt = 15;

    public readonly byte Id;
    public readonly byte[] Invite, Cancel, Ack, Ack2xx, Bye;
    private readonly int _ackTagAt, _ack2xxTagAt, _byeTagAt;

    /// <summary>The phone's number for this caller's call, once it rang.</summary>
    public int Number;

    public Caller(string display, string user, string fromTag, int id)
    {
        Id = (byte)('0' + id);
        string sdp = "v=0\r\no=" + user + " 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        string via = "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench" + id;
        string top = "sip:linda@127.0.0.1:5062 SIP/2.0\r\n" + via + "\r\n";
        string dialog = "From: \"" + display + "\" <sip:" + user + "@nanophone.test>;tag=" + fromTag + "\r\nCall-ID: bench-" + id + "@" + user + ".example\r\n";
        Invite = Ascii.Utf8Bytes("INVITE " + top + "Max-Forwards: 69\r\n" + dialog + "To: <sip:linda@nanophone.test>\r\n"
            + "CSeq: 1 INVITE\r\nContact: <sip:" + user + "@127.0.0.1:5070>\r\nContent-Type: application/sdp\r\n"
            + "Content-Length: " + sdp.Length + "\r\n\r\n" + sdp);
        Cancel = Ascii.Utf8Bytes("CANCEL " + top + "Max-Forwards: 70\r\n" + dialog + "To: <sip:linda@nanophone.test>\r\n"
            + "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
        Ack = Ascii.Utf8Bytes("ACK " + top + "Max-Forwards: 70\r\n" + dialog + "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\n"
            + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        // The ACK of a 2xx is a transaction of its own (§17.1.1.3, §13.2.2.4), and so is the caller's BYE.
        Ack2xx = Ascii.Utf8Bytes("ACK sip:linda@127.0.0.1:5062 SIP/2.0\r\n" + via + "ack\r\n"
            + "Max-Forwards: 70\r\n" + dialog + "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        Bye = Ascii.Utf8Bytes("BYE sip:linda@127.0.0.1:5062 SIP/2.0\r\n" + via + "bye\r\n"
            + "Max-Forwards: 70\r\n" + dialog + "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        _ackTagAt = Wire.IndexOf(Ack, "TTTTTTTT");
        _ack2xxTagAt = Wire.IndexOf(Ack2xx, "TTTTTTTT");
        _byeTagAt = Wire.IndexOf(Bye, "TTTTTTTT");
    }

    /// <summary>The phone refused the call: its 8-character tag (at tag in m) into the ACK.</summary>
    public void Refused(byte[] m, int tag)
    {
        System.Array.Copy(m, tag, Ack, _ackTagAt, 8);
    }

    /// <summary>The phone answered: its tag into the ACK of the 2xx and into the BYE.</summary>
    public void Answered(byte[] m, int tag)
    {
        System.Array.Copy(m, tag, Ack2xx, _ack2xxTagAt, 8);
        System.Array.Copy(m, tag, Bye, _byeTagAt, 8);
    }
}
