using System.Linq;
using NanoPhone.Media.Rtp;
using Xunit;

namespace NanoPhone.Media.Tests.Rtp;

/// <summary>
/// RFC 3550 §6 as the phone writes and reads it:
/// - §6.4.1 SR: header with RC, length in 32-bit words minus one, sender info; report blocks with
///   fraction lost, 24-bit signed cumulative loss, extended highest sequence, jitter, LSR, DLSR;
/// - §6.4.2 RR; §6.5.1 SDES CNAME, the chunk ended by a null item and padded to 32 bits; §6.6 BYE;
/// - Appendix A.2 validity of a received compound: version 2, first packet SR or RR without padding,
///   lengths adding up to the datagram, padding only on the last packet;
/// - §6.3.1/A.7: the interval is Tmin (half before the first report) × [0.5, 1.5] / (e − 3/2);
/// - §4 NTP timestamps and the middle 32 bits used for LSR; DLSR in units of 1/65536 s.
/// </summary>
public class RtcpTests
{
    private static readonly byte[] Cname = System.Text.Encoding.ASCII.GetBytes("linda@192.0.2.10");

    private static byte[] Compound(bool sr, bool bye, uint ssrc = 0xAABBCCDD, uint about = 0x01020304)
    {
        var b = new byte[RtcpWriter.MaxCompoundLength];
        int p = sr
            ? RtcpWriter.SenderReport(b, 0, ssrc, 0xE1234567, 0x80000000, 123456, 500, 80000, 1)
            : RtcpWriter.ReceiverReport(b, 0, ssrc, 1);
        p = RtcpWriter.ReportBlock(b, p, about, 25, -3, 0x00010010, 42, 0x45678000, 0x00018000);
        p = RtcpWriter.SourceDescription(b, p, ssrc, Cname, Cname.Length);
        if (bye) p = RtcpWriter.Bye(b, p, ssrc);
        return b.Take(p).ToArray();
    }

    [Fact]
    public void S6_4_1_a_sender_report_with_one_block_reads_back_field_by_field()
    {
        byte[] b = Compound(sr: true, bye: false);
        Assert.Equal(0x81, b[0]);                 // V=2, P=0, RC=1
        Assert.Equal(200, b[1]);
        Assert.Equal((28 + 24) / 4 - 1, (b[2] << 8) | b[3]);
        var r = new RtcpReader();
        Assert.Equal(RtcpParseStatus.Ok, r.Parse(b, 0, b.Length, 0x01020304, 0xAABBCCDD));
        Assert.Equal(2, r.PacketCount);
        Assert.True(r.HasSenderReport);
        Assert.Equal(0xAABBCCDDu, r.SenderSsrc);
        Assert.Equal(0xE1234567u, r.NtpSeconds);
        Assert.Equal(0x80000000u, r.NtpFraction);
        Assert.Equal(123456u, r.SenderRtpTimestamp);
        Assert.Equal(500u, r.SenderPacketCount);
        Assert.Equal(80000u, r.SenderOctetCount);
        Assert.True(r.HasReportAboutUs);
        Assert.Equal(25, r.FractionLost);
        Assert.Equal(-3, r.CumulativeLost);
        Assert.Equal(0x00010010u, r.ExtendedHighestSequence);
        Assert.Equal(42u, r.Jitter);
        Assert.Equal(0x45678000u, r.LastSenderReport);
        Assert.Equal(0x00018000u, r.DelaySinceLastSenderReport);
        Assert.False(r.ByeFromRemote);
    }

    [Fact]
    public void S6_5_1_the_cname_chunk_ends_with_a_null_item_and_is_padded_to_32_bits()
    {
        var b = new byte[100];
        int end = RtcpWriter.SourceDescription(b, 0, 7, Cname, Cname.Length);
        Assert.Equal(0, end % 4);
        Assert.Equal(202, b[1]);
        Assert.Equal(1, b[0] & 0x1F);             // one chunk
        Assert.Equal(1, b[8]);                    // CNAME
        Assert.Equal(Cname.Length, b[9]);
        Assert.Equal("linda@192.0.2.10", System.Text.Encoding.ASCII.GetString(b, 10, Cname.Length));
        Assert.Equal(0, b[10 + Cname.Length]);    // null item
        Assert.Equal(end / 4 - 1, (b[2] << 8) | b[3]);
    }

    [Fact]
    public void S6_6_a_bye_of_the_remote_source_is_recognised()
    {
        byte[] b = Compound(sr: false, bye: true, ssrc: 0x55);
        var r = new RtcpReader();
        Assert.Equal(RtcpParseStatus.Ok, r.Parse(b, 0, b.Length, 1, 0x55));
        Assert.Equal(3, r.PacketCount);
        Assert.True(r.ByeFromRemote);
        Assert.True(r.ByeListsSender);
        Assert.Equal(RtcpParseStatus.Ok, r.Parse(b, 0, b.Length, 1, 0x66));
        Assert.False(r.ByeFromRemote);
    }

    [Fact]
    public void A2_the_first_packet_must_be_a_report_without_padding()
    {
        var b = new byte[16];
        RtcpWriter.Bye(b, 0, 9);
        RtcpWriter.Bye(b, 8, 9);
        Assert.Equal(RtcpParseStatus.BadFirstPacket, new RtcpReader().Parse(b, 0, 16, 0, 9));
        byte[] c = Compound(sr: false, bye: false);
        c[0] |= 0x20;
        Assert.Equal(RtcpParseStatus.BadFirstPacket, new RtcpReader().Parse(c, 0, c.Length, 0, 0));
    }

    [Fact]
    public void A2_every_packet_is_version_2_and_the_lengths_add_up_to_the_datagram()
    {
        byte[] b = Compound(sr: true, bye: true);
        var r = new RtcpReader();
        byte[] v = (byte[])b.Clone();
        v[52] = (byte)(v[52] & 0x3F);              // the SDES packet: version 0
        Assert.Equal(RtcpParseStatus.BadVersion, r.Parse(v, 0, v.Length, 0, 0));
        byte[] l = (byte[])b.Clone();
        l[55]++;                                    // SDES one word longer than it is
        Assert.Equal(RtcpParseStatus.BadLength, r.Parse(l, 0, l.Length, 0, 0));
        Assert.Equal(RtcpParseStatus.BadLength, r.Parse(b, 0, b.Length - 4, 0, 0));
        Assert.Equal(RtcpParseStatus.TooShort, r.Parse(b, 0, b.Length - 2, 0, 0));
        Assert.Equal(RtcpParseStatus.TooShort, r.Parse(b, 0, 4, 0, 0));
    }

    [Fact]
    public void A2_padding_is_allowed_on_the_last_packet_only()
    {
        byte[] b = Compound(sr: false, bye: true);
        byte[] padded = new byte[b.Length + 4];
        b.CopyTo(padded, 0);
        int bye = b.Length - 8;
        padded[bye] |= 0x20;
        padded[bye + 3] += 1;                       // length + 1 word
        padded[^1] = 4;                             // 4 octets of padding
        var r = new RtcpReader();
        Assert.Equal(RtcpParseStatus.Ok, r.Parse(padded, 0, padded.Length, 0, 0));
        padded[^1] = 0;
        Assert.Equal(RtcpParseStatus.BadPadding, r.Parse(padded, 0, padded.Length, 0, 0));
        byte[] early = Compound(sr: false, bye: true);
        early[32] |= 0x20;                          // the SDES (not last) claims padding
        Assert.Equal(RtcpParseStatus.BadPadding, r.Parse(early, 0, early.Length, 0, 0));
    }

    [Fact]
    public void A2_a_report_count_that_runs_past_its_packet_is_invalid()
    {
        byte[] b = Compound(sr: false, bye: false);
        b[0] = 0x82;                                // RC 2, room for 1
        Assert.Equal(RtcpParseStatus.BadCount, new RtcpReader().Parse(b, 0, b.Length, 0, 0));
    }

    [Fact]
    public void A7_the_interval_is_randomised_between_half_and_one_and_a_half_times_tmin_over_e_minus_three_halves()
    {
        Assert.InRange(RtcpSchedule.NextIntervalMs(5000, false, 0), 2051, 2053);        // 0.5 × 5 s / 1.21828
        Assert.InRange(RtcpSchedule.NextIntervalMs(5000, false, 1000), 6155, 6157);     // 1.5 × 5 s / 1.21828
        Assert.InRange(RtcpSchedule.NextIntervalMs(5000, true, 500), 2051, 2053);       // 1.0 × 2.5 s / 1.21828
        var rng = new System.Random(3550);
        double mean = Enumerable.Range(0, 10000).Average(_ => RtcpSchedule.NextIntervalMs(5000, false, (uint)rng.Next()));
        Assert.InRange(mean, 5000 / 1.21828 - 30, 5000 / 1.21828 + 30);
    }

    [Fact]
    public void S4_ntp_timestamps_their_middle_32_bits_and_1_65536_second_units()
    {
        NtpTime.FromMilliseconds(1500, out uint sec, out uint frac);
        Assert.Equal(1u, sec);
        Assert.Equal(0x80000000u, frac);
        Assert.Equal(0x00018000u, NtpTime.Middle32(sec, frac));
        Assert.Equal(65536u, NtpTime.ToUnits65536(1000));
        Assert.Equal(250, NtpTime.ToMilliseconds(16384));
    }
}
