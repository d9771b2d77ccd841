using NanoPhone.Tests.Shared;

namespace NanoPhone.Bench.Nano;

/// <summary>The messages the benchmarks parse, as text (nanoFramework has no Encoding: sipua's Ascii.Utf8Bytes makes the bytes).</summary>
public static class BenchMessages
{
    /// <summary>The seed's INVITE from Graham, CSeq 2 (tests/data/seed/graham-invite-cseq2.sip, 497 bytes).</summary>
    public static string SeedInvite { get { return WireMessages.SeedGrahamInviteCseq2; } }

    private const string Invite1KSdp =
        "v=0\r\n" +
        "o=graham 2890844526 2890844526 IN IP4 192.168.100.223\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.168.100.223\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    /// <summary>A realistic ~1 KB INVITE through two proxies, with an SDP offer (1,165 bytes).</summary>
    public const string Invite1K =
        "INVITE sip:linda@192.168.1.20:5060;transport=udp SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 85.17.186.7;branch=z9hG4bK4b43c2ff8.1\r\n" +
        "Via: SIP/2.0/UDP 194.0.210.251;branch=z9hG4bK4b43c2ff8.0;rport=5060\r\n" +
        "Via: SIP/2.0/UDP 192.168.100.223:5060;rport=5060;received=77.98.42.233;branch=z9hG4bK7ee7a5aa544dc7f9d08f19095b3730ee373838\r\n" +
        "Record-Route: <sip:85.17.186.7;lr;ftag=86aee210;did=68.8fc9d044>\r\n" +
        "Record-Route: <sip:194.0.210.251;lr;ftag=86aee210;nat=yes>\r\n" +
        "Max-Forwards: 68\r\n" +
        "From: \"Graham\" <sip:2233382519@sip2sip.info>;tag=86aee210\r\n" +
        "To: <sip:vocale@voipuser.org>\r\n" +
        "Call-ID: f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0\r\n" +
        "CSeq: 2 INVITE\r\n" +
        "Contact: \"Graham\" <sip:2233382519@77.98.42.233:5060;transport=udp>\r\n" +
        "User-Agent: SIP Communicator1.0-alpha3-nightly.build.2569windows XP\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\r\n" +
        "Supported: replaces, norefersub\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 249\r\n" +
        "\r\n" +
        Invite1KSdp;
}
