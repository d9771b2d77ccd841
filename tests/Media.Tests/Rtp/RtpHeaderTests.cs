using NanoPhone.Media.Rtp;
using Xunit;

namespace NanoPhone.Media.Tests.Rtp;

/// <summary>
/// RFC 3550 §5.1 (the fixed header) and the header validity checks of Appendix A.1:
/// - version 2 only; the marker and payload type, sequence number, timestamp and SSRC read as written;
/// - the CSRC list (CC) and the header extension (X, §5.3.1) are skipped to find the payload;
/// - padding (P): the last octet counts the padding, including itself; 0 or more than the payload is invalid;
/// - a CSRC list or extension that runs past the datagram, and datagrams shorter than 12 octets, are invalid;
/// - SR/RR arriving on the RTP port (marker + PT 72–76 = packet types 200–204, RFC 5761 §4) are not RTP.
/// </summary>
public class RtpHeaderTests
{
    private static byte[] Header(int b0, int b1, int extra)
    {
        var b = new byte[12 + extra];
        b[0] = (byte)b0;
        b[1] = (byte)b1;
        b[2] = 0x12; b[3] = 0x34;                           // sequence 4660
        b[4] = 0xDE; b[5] = 0xAD; b[6] = 0xBE; b[7] = 0xEF; // timestamp
        b[8] = 0x01; b[9] = 0x02; b[10] = 0x03; b[11] = 0x04;
        return b;
    }

    [Fact]
    public void The_fixed_header_reads_as_written_and_the_payload_follows_it()
    {
        byte[] b = new byte[12 + 160];
        RtpHeader.Write(b, 0, true, 8, 65535, 0xFFFFFFF0u, 0xCAFEBABEu);
        var h = new RtpHeader();
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        Assert.True(h.Marker);
        Assert.Equal(8, h.PayloadType);
        Assert.Equal(65535, h.Sequence);
        Assert.Equal(0xFFFFFFF0u, h.Timestamp);
        Assert.Equal(0xCAFEBABEu, h.Ssrc);
        Assert.Equal(12, h.PayloadOffset);
        Assert.Equal(160, h.PayloadLength);
        Assert.Equal(0x80, b[0]);
        Assert.Equal(0x88, b[1]);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x40)]
    [InlineData(0xC0)]
    public void Versions_other_than_2_are_invalid(int b0)
    {
        Assert.Equal(RtpParseStatus.BadVersion, new RtpHeader().Parse(Header(b0, 0, 4), 0, 16));
    }

    [Fact]
    public void The_CSRC_list_is_skipped_and_must_fit()
    {
        byte[] b = Header(0x82, 0, 8 + 3);                  // CC = 2: 8 octets, then 3 of payload
        var h = new RtpHeader();
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        Assert.Equal(2, h.CsrcCount);
        Assert.Equal(20, h.PayloadOffset);
        Assert.Equal(3, h.PayloadLength);
        Assert.Equal(RtpParseStatus.BadCsrcCount, h.Parse(Header(0x8F, 0, 56), 0, 68));   // CC = 15 needs 60
    }

    [Fact]
    public void The_header_extension_is_skipped_by_its_length_in_32_bit_words()
    {
        byte[] b = Header(0x90, 0, 4 + 8 + 5);
        b[12] = 0xBE; b[13] = 0xDE; b[14] = 0; b[15] = 2;    // profile, length 2 words
        var h = new RtpHeader();
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        Assert.True(h.Extension);
        Assert.Equal(24, h.PayloadOffset);
        Assert.Equal(5, h.PayloadLength);
        b[15] = 5;                                          // 20 octets: past the end
        Assert.Equal(RtpParseStatus.BadExtension, h.Parse(b, 0, b.Length));
        Assert.Equal(RtpParseStatus.BadExtension, h.Parse(Header(0x90, 0, 2), 0, 14));
    }

    [Fact]
    public void Padding_is_taken_off_the_payload_by_the_count_in_the_last_octet()
    {
        byte[] b = Header(0xA0, 0, 8);
        b[19] = 3;
        var h = new RtpHeader();
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        Assert.Equal(5, h.PayloadLength);
        b[19] = 8;                                          // the whole payload is padding
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        Assert.Equal(0, h.PayloadLength);
        b[19] = 9;
        Assert.Equal(RtpParseStatus.BadPadding, h.Parse(b, 0, b.Length));
        b[19] = 0;
        Assert.Equal(RtpParseStatus.BadPadding, h.Parse(b, 0, b.Length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void Datagrams_shorter_than_the_fixed_header_are_invalid(int len)
    {
        Assert.Equal(RtpParseStatus.TooShort, new RtpHeader().Parse(new byte[16], 0, len));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    public void Rtcp_on_the_rtp_port_is_not_taken_for_rtp(int type)
    {
        Assert.Equal(RtpParseStatus.RtcpOnRtpPort, new RtpHeader().Parse(Header(0x80, type, 20), 0, 32));
    }

    [Fact]
    public void A_header_inside_a_larger_buffer_is_read_at_its_offset_and_nothing_beyond_its_length()
    {
        byte[] b = new byte[40];
        RtpHeader.Write(b, 7, false, 0, 9, 99, 5);
        var h = new RtpHeader();
        Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 7, 20));
        Assert.Equal(19, h.PayloadOffset);
        Assert.Equal(8, h.PayloadLength);
        Assert.Equal(RtpParseStatus.TooShort, h.Parse(b, 30, 20));   // runs past the array
    }
}
