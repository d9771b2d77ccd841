using System.Linq;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// RFC 3550 §6 in a call:
/// - §6.2/§6.3.1: the first report after Tmin/2 randomised, then about every 5 s (here the injected
///   random makes it 2.05 s, then every 4.10 s); to the peer's RTP port + 1 (§11) or its a=rtcp;
/// - §6.4: an SR while we send RTP, an RR while we do not (hold); every compound has the SDES CNAME;
/// - the report block: A.3 loss (fraction and cumulative), A.8 jitter, and LSR/DLSR from the peer's SR;
/// - the peer's report about us gives its view of our loss and jitter, and the round trip A − LSR − DLSR;
/// - §6.6: BYE at hang-up; the peer's BYE is reported once;
/// - RTCP from another address is not read.
/// </summary>
public class RtcpSessionTests
{
    [Fact]
    public void Reports_come_after_about_2_and_then_every_4_seconds_to_the_rtp_port_plus_one()
    {
        var rig = new CallRig().Start();
        long start = rig.Now;
        var times = new System.Collections.Generic.List<long>();
        for (int i = 0; i < 1000; i++)
        {
            int before = rig.Net.Rtcp.Count;
            rig.Tick();
            if (rig.Net.Rtcp.Count > before) times.Add(rig.Now - start);
        }
        Assert.InRange(times[0], 2052, 2072);
        for (int i = 1; i < times.Count; i++) Assert.InRange(times[i] - times[i - 1], 4104, 4124);
        Assert.All(rig.Net.Rtcp, s => Assert.Equal("192.0.2.20:4001", s.To));
        rig.Params.RemoteRtcpPort = 7000;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Tick(250);
        Assert.Equal("192.0.2.20:7000", rig.Net.Rtcp[^1].To);
    }

    [Fact]
    public void S6_4_a_sender_report_while_we_send_a_receiver_report_on_hold_each_with_our_cname()
    {
        var rig = new CallRig(new MediaSettings { Cname = "linda@192.0.2.10" }).Start();
        while (rig.Net.Rtcp.Count == 0) rig.Tick();
        byte[] sr = rig.Net.Rtcp[^1].Data;
        Assert.Equal(RtcpPacketType.SenderReport, sr[1]);
        RtcpReader r = rig.LastRtcp();
        Assert.Equal(rig.Session.Ssrc, r.SenderSsrc);
        Assert.Equal((uint)rig.Session.Stats.PacketsSent, r.SenderPacketCount);
        Assert.Equal((uint)rig.Session.Stats.OctetsSent, r.SenderOctetCount);
        Assert.Contains("linda@192.0.2.10", System.Text.Encoding.ASCII.GetString(sr));
        rig.Params.Direction = StreamDirection.Inactive;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Tick(500);
        Assert.Equal(RtcpPacketType.ReceiverReport, rig.Net.Rtcp[^1].Data[1]);
    }

    [Fact]
    public void The_report_block_carries_A3_loss_A8_jitter_and_the_peers_last_sr()
    {
        var rig = new CallRig().Start();
        rig.PeerSends();                                         // probation
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 == 5) { rig.PeerSeq++; rig.PeerTs += 160; }   // every tenth lost
            else rig.PeerSends();
            rig.Tick();
        }
        while (rig.Net.Rtcp.Count < 1) rig.Tick();
        const int Block = 28;                                    // after our SR's sender info
        byte[] first = rig.Net.Rtcp[^1].Data;
        Assert.Equal(CallRig.PeerSsrc, RtpHeader.ReadUInt32(first, Block));
        Assert.Equal((10 << 8) / 100, first[Block + 4]);         // A.3: 10 of the 100 expected since the start
        Assert.Equal(10, (first[Block + 5] << 16) | (first[Block + 6] << 8) | first[Block + 7]);
        Assert.Equal((uint)(rig.PeerSeq - 1), RtpHeader.ReadUInt32(first, Block + 8));
        Assert.Equal(0u, RtpHeader.ReadUInt32(first, Block + 12));                          // A.8: arrivals every 20 ms exactly
        Assert.Equal(0u, RtpHeader.ReadUInt32(first, Block + 16));                        // no SR from the peer yet

        // The peer's SR; our next report echoes its middle 32 bits and the time we held it.
        var b = new byte[100];
        int n = RtcpWriter.SenderReport(b, 0, CallRig.PeerSsrc, 0x0000ABCD, 0x12340000, 1, 2, 3, 0);
        n = RtcpWriter.SourceDescription(b, n, CallRig.PeerSsrc, new byte[] { 65 }, 1);
        rig.Session.ReceiveRtcp(b, 0, n, rig.PeerRtcp, rig.Now);
        long srAt = rig.Now;
        while (rig.Net.Rtcp.Count < 2) rig.Tick();
        byte[] ours = rig.Net.Rtcp[^1].Data;
        Assert.Equal(0, ours[Block + 4]);                        // nothing expected, nothing lost since
        Assert.Equal(0xABCD1234u, RtpHeader.ReadUInt32(ours, Block + 16));                 // LSR: middle 32 bits
        uint dlsr = RtpHeader.ReadUInt32(ours, Block + 20);
        Assert.InRange(dlsr, NtpTime.ToUnits65536(rig.Now - srAt - 1), NtpTime.ToUnits65536(rig.Now - srAt + 1));
    }

    [Fact]
    public void The_peers_report_about_us_gives_its_loss_jitter_and_the_round_trip()
    {
        var rig = new CallRig().Start();
        while (rig.Net.Rtcp.Count == 0) rig.Tick();             // our first SR
        RtcpReader ours = rig.LastRtcp();
        uint lsr = NtpTime.Middle32(ours.NtpSeconds, ours.NtpFraction);
        long srMs = ours.NtpSeconds * 1000L + ours.NtpFraction * 1000L / 0x100000000L;   // no wall clock: our own clock
        // 300 ms later the peer's RR arrives; it says it held our SR for 250 ms: 50 ms on the wire.
        rig.Now += 300;
        var b = new byte[100];
        int n = RtcpWriter.ReceiverReport(b, 0, CallRig.PeerSsrc, 1);
        n = RtcpWriter.ReportBlock(b, n, rig.Session.Ssrc, 64, 7, 1000, 80, lsr, NtpTime.ToUnits65536(rig.Now - srMs - 50));
        n = RtcpWriter.SourceDescription(b, n, CallRig.PeerSsrc, new byte[] { 65 }, 1);
        rig.Session.ReceiveRtcp(b, 0, n, rig.PeerRtcp, rig.Now);
        MediaStats s = rig.Session.Stats;
        Assert.Equal(64, s.PeerFractionLost);
        Assert.Equal(7, s.PeerCumulativeLost);
        Assert.Equal(10, s.PeerJitterMs);
        Assert.InRange(s.RoundTripMs, 48, 51);                   // 1/65536 s fields, whole ms in and out
        Assert.Equal(1, s.RtcpReceived);
    }

    [Fact]
    public void S6_6_bye_at_hang_up_and_the_peers_bye_reported_once()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        var b = new byte[100];
        int n = RtcpWriter.ReceiverReport(b, 0, CallRig.PeerSsrc, 0);
        n = RtcpWriter.SourceDescription(b, n, CallRig.PeerSsrc, new byte[] { 65 }, 1);
        n = RtcpWriter.Bye(b, n, CallRig.PeerSsrc);
        rig.Session.ReceiveRtcp(b, 0, n, rig.PeerRtcp, rig.Now);
        rig.Session.ReceiveRtcp(b, 0, n, rig.PeerRtcp, rig.Now);
        Assert.Equal(1, rig.Events.Byes);
        Assert.True(rig.Session.Stats.RemoteBye);
        rig.Session.Stop(rig.Now);
        var r = new RtcpReader();
        byte[] last = rig.Net.Rtcp[^1].Data;
        Assert.Equal(RtcpParseStatus.Ok, r.Parse(last, 0, last.Length, 0, rig.Session.Ssrc));
        Assert.True(r.ByeFromRemote);                            // our BYE names our SSRC
        Assert.Equal(3, r.PacketCount);                          // SR, SDES, BYE
        rig.Session.Stop(rig.Now);
        Assert.Equal(last, rig.Net.Rtcp[^1].Data);               // no second BYE
    }

    [Fact]
    public void Rtcp_from_another_address_is_not_read_and_malformed_rtcp_is_counted()
    {
        var rig = new CallRig().Start();
        var b = new byte[100];
        int n = RtcpWriter.ReceiverReport(b, 0, CallRig.PeerSsrc, 0);
        n = RtcpWriter.Bye(b, n, CallRig.PeerSsrc);
        rig.Session.ReceiveRtcp(b, 0, n, Packets.At("198.51.100.1:4001"), rig.Now);
        Assert.Equal(1, rig.Session.Stats.RtcpStrangers);
        Assert.Equal(0, rig.Events.Byes);
        rig.Session.ReceiveRtcp(b, 0, n - 3, rig.PeerRtcp, rig.Now);
        rig.Session.ReceiveRtcp(new byte[0], 0, 0, rig.PeerRtcp, rig.Now);
        Assert.Equal(2, rig.Session.Stats.RtcpMalformed);
        Assert.Equal(0, rig.Session.Stats.RtcpReceived);
    }

    [Fact]
    public void After_an_rtp_latch_rtcp_goes_to_the_latched_address_and_then_to_where_its_rtcp_comes_from()
    {
        var rig = new CallRig();
        rig.Params.Remote.CopyFrom(Packets.At("10.0.0.7:4000"));
        rig.Params.Latching = true;
        rig.Start();
        rig.PeerSends(Packets.At("203.0.113.5:61000"));
        rig.Tick(110);
        Assert.Equal("203.0.113.5:61001", rig.Net.Rtcp[^1].To);
        var b = new byte[100];
        int n = RtcpWriter.ReceiverReport(b, 0, CallRig.PeerSsrc, 0);
        n = RtcpWriter.SourceDescription(b, n, CallRig.PeerSsrc, new byte[] { 65 }, 1);
        rig.Session.ReceiveRtcp(b, 0, n, Packets.At("203.0.113.5:61017"), rig.Now);
        rig.Tick(250);
        Assert.Equal("203.0.113.5:61017", rig.Net.Rtcp[^1].To);
    }
}
