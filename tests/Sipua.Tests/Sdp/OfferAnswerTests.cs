using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using Xunit;

namespace NanoPhone.Sip.Tests.Sdp;

/// <summary>RFC 3264 offer/answer for the phone's audio: PCMU/PCMA and telephone-event.</summary>
public class OfferAnswerTests
{
    private static readonly LocalMedia Local = new() { Address = "192.0.2.10", RtpPort = 4000, SessionId = 7, SessionVersion = 1 };

    private static string Answer(string offerSdp, bool weHold, out int codec)
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes(offerSdp.Replace("\n", "\r\n"));
        var offer = new SessionDescription();
        Assert.True(offer.TryParse(b, 0, b.Length), offer.Error);
        var w = new SipWriter(256);
        codec = SdpNegotiator.WriteAnswer(w, offer, Local, weHold);
        return TestData.Ascii(w.Buffer, 0, w.Length).Replace("\r\n", "\n");
    }

    [Fact]
    public void Voicemail_seed_offer_gets_PCMU_and_the_video_stream_rejected_with_port_0()
    {
        byte[] data = TestData.Read("seed/alice-invite-voicemail.sip");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        var offer = new SessionDescription();
        Assert.True(offer.TryParse(m.Buffer, m.BodyOffset, m.BodyLength));
        var w = new SipWriter(256);
        Assert.Equal(0, SdpNegotiator.WriteAnswer(w, offer, Local, weHold: false));
        Assert.Equal(
            "v=0\no=nanophone 7 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n" +
            "m=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=ptime:20\na=sendrecv\n" +
            "m=video 0 RTP/AVP 31\n",
            TestData.Ascii(w.Buffer, 0, w.Length).Replace("\r\n", "\n"));
    }

    [Fact]
    public void Answer_keeps_the_offers_codec_order_and_its_telephone_event_payload_type()
    {
        string a = Answer("v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5004 RTP/AVP 18 8 0 96\na=rtpmap:96 telephone-event/8000\n", false, out int codec);
        Assert.Equal(8, codec);
        Assert.Contains("m=audio 4000 RTP/AVP 8 0 96\n", a);
        Assert.Contains("a=rtpmap:96 telephone-event/8000\na=fmtp:96 0-16\n", a);
        Assert.DoesNotContain(" 18", a);
    }

    [Fact]
    public void No_common_codec_means_no_answer_so_the_call_gets_488()
    {
        Answer("v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5004 RTP/AVP 18 9\n", false, out int codec);
        Assert.Equal(-1, codec);
    }

    [Theory]
    [InlineData("sendonly", false, "recvonly")]   // the peer holds us
    [InlineData("inactive", false, "inactive")]
    [InlineData("recvonly", false, "sendonly")]
    [InlineData("sendrecv", false, "sendrecv")]
    [InlineData("sendrecv", true, "sendonly")]    // we hold the peer
    [InlineData("sendonly", true, "inactive")]    // both hold
    public void Direction_of_the_answer_follows_RFC_3264_section_6_1(string offered, bool weHold, string answered)
    {
        string a = Answer("v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5004 RTP/AVP 0\na=" + offered + "\n", weHold, out _);
        Assert.EndsWith("a=" + answered + "\n", a);
    }

    [Fact]
    public void Hold_the_RFC_2543_way_with_connection_0_0_0_0_is_a_hold()
    {
        string a = Answer("v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 5004 RTP/AVP 0\n", false, out _);
        Assert.EndsWith("a=recvonly\n", a);
    }

    [Fact]
    public void Offer_lists_PCMU_PCMA_and_telephone_event()
    {
        var w = new SipWriter(256);
        SdpNegotiator.WriteOffer(w, Local, MediaDirection.SendRecv);
        string o = TestData.Ascii(w.Buffer, 0, w.Length).Replace("\r\n", "\n");
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\n", o);
        var parsed = new SessionDescription();
        byte[] b = w.ToArray();
        Assert.True(parsed.TryParse(b, 0, b.Length));
        Assert.Equal(101, parsed.TelephoneEvent[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v=0\nm=audio x RTP/AVP 0\n")]
    [InlineData("v=0\nm=audio 99999 RTP/AVP 0\n")]
    [InlineData("o=- 1 1 IN IP4 h\n")]
    public void Malformed_SDP_is_refused_with_a_reason(string sdp)
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes(sdp);
        var d = new SessionDescription();
        Assert.False(d.TryParse(b, 0, b.Length));
        Assert.NotNull(d.Error);
    }
}
