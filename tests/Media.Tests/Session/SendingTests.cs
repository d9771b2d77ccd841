using System;
using System.Linq;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// RFC 3550 §5.1 and RFC 3551 as the phone sends: the SSRC, first sequence number and first timestamp
/// are random (from the injected source); each 20 ms frame is one packet, sequence + 1, timestamp +
/// 160; the marker bit starts the stream and each talk spurt after a pause; the payload is the frame
/// in the negotiated law; the peer's ptime/maxptime set the packet size (RFC 4566 §6).
/// </summary>
public class SendingTests
{
    [Fact]
    public void Each_frame_is_one_packet_with_random_start_values_then_plus_one_and_plus_160()
    {
        var rig = new CallRig().Start();
        rig.Tick(20);
        var sent = rig.SentRtp();
        Assert.Equal(20, sent.Count);
        Assert.All(sent, h => Assert.Equal(0xDEADBEEFu, h.Ssrc));
        Assert.Equal(0xFFF0, sent[0].Sequence);
        Assert.Equal(0xFFFFFF00u, sent[0].Timestamp);
        for (int i = 1; i < sent.Count; i++)
        {
            Assert.Equal((sent[i - 1].Sequence + 1) & 0xFFFF, sent[i].Sequence);
            Assert.Equal(sent[i - 1].Timestamp + 160, sent[i].Timestamp);
        }
        Assert.True(sent[0].Marker);
        Assert.All(sent.Skip(1), h => Assert.False(h.Marker));
        Assert.All(rig.Net.Rtp, s => Assert.Equal("192.0.2.20:4000", s.To));
        Assert.Equal(20, rig.Session.Stats.PacketsSent);
        Assert.Equal(20 * 160, rig.Session.Stats.OctetsSent);
    }

    [Theory]
    [InlineData(G711.Pcmu)]
    [InlineData(G711.Pcma)]
    public void The_payload_is_the_microphone_frame_in_the_negotiated_law(int pt)
    {
        var rig = new CallRig();
        rig.Params.PayloadType = pt;
        rig.Start();
        rig.Tick();
        var h = rig.SentRtp()[0];
        Assert.Equal(pt, h.PayloadType);
        byte[] data = rig.Net.Rtp[0].Data;
        for (int i = 0; i < 160; i++)
            Assert.Equal(pt == G711.Pcma ? ALaw.Encode(rig.Mic[i]) : MuLaw.Encode(rig.Mic[i]), data[12 + i]);
    }

    [Theory]
    [InlineData(0, 0, 160)]       // no ptime: 20 ms
    [InlineData(10, 0, 80)]
    [InlineData(30, 0, 240)]
    [InlineData(60, 0, 480)]
    [InlineData(40, 30, 240)]     // ptime above maxptime: maxptime
    [InlineData(25, 0, 160)]      // 10 ms steps
    [InlineData(200, 0, 480)]     // at most 60 ms
    public void The_peers_ptime_and_maxptime_set_the_packet_size(int ptime, int maxptime, int samples)
    {
        var rig = new CallRig();
        rig.Params.PtimeMs = ptime;
        rig.Params.MaxPtimeMs = maxptime;
        rig.Start();
        rig.Tick(24);                                   // 480 ms: a whole number of packets for each size
        var sent = rig.SentRtp();
        Assert.Equal(24 * 160 / samples, sent.Count);
        Assert.All(sent, h => Assert.Equal(samples, h.PayloadLength));
        for (int i = 1; i < sent.Count; i++) Assert.Equal(sent[i - 1].Timestamp + (uint)samples, sent[i].Timestamp);
    }

    [Fact]
    public void Rtcp_reports_sent_while_a_60_ms_packet_is_half_full_leave_its_audio_intact()
    {
        var rig = new CallRig();
        rig.Params.PtimeMs = 60;
        rig.Start();
        rig.Tick(500);                                  // 10 s: reports while 160 or 320 samples wait
        Assert.True(rig.Net.Rtcp.Count >= 2);
        byte[] frame = new byte[160];
        MuLaw.Encode(rig.Mic, 0, frame, 0, 160);
        foreach (var sent in rig.Net.Rtp)
        {
            Assert.Equal(12 + 480, sent.Data.Length);
            for (int k = 0; k < 3; k++) Assert.Equal(frame, sent.Data.AsSpan(12 + 160 * k, 160).ToArray());
        }
        var r = new RtcpReader();
        foreach (var sent in rig.Net.Rtcp) Assert.Equal(RtcpParseStatus.Ok, r.Parse(sent.Data, 0, sent.Data.Length, 0, 0));
    }

    [Fact]
    public void Hold_stops_rtp_but_not_rtcp_and_resume_starts_a_talk_spurt_at_the_right_time()
    {
        var rig = new CallRig().Start();
        rig.Tick(10);
        rig.Params.Direction = StreamDirection.RecvOnly;           // the peer put us on hold
        rig.Session.Update(rig.Params, rig.Now);
        rig.Tick(300);                                              // 6 s
        Assert.Equal(10, rig.Net.Rtp.Count);
        Assert.True(rig.Net.Rtcp.Count >= 1, "RTCP stops on hold");
        rig.Params.Direction = StreamDirection.SendRecv;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Tick(2);
        var sent = rig.SentRtp();
        RtpHeader last = sent[9], resumed = sent[10];
        Assert.True(resumed.Marker);
        Assert.Equal((last.Sequence + 1) & 0xFFFF, resumed.Sequence);
        Assert.Equal(last.Timestamp + 301u * 160, resumed.Timestamp);   // the media clock ran on
        Assert.False(sent[11].Marker);
    }

    [Fact]
    public void Frames_that_stop_coming_move_the_timestamp_on_by_the_time_that_passed()
    {
        var rig = new CallRig().Start();
        rig.Tick(5);
        rig.Now += 1000;                                            // the caller stopped ticking for 1 s
        rig.Tick(1);
        var sent = rig.SentRtp();
        Assert.Equal(sent[4].Timestamp + (uint)(1020 * 8), sent[5].Timestamp);
        Assert.True(sent[5].Marker);
    }

    [Fact]
    public void A_failed_send_is_counted_and_the_stream_goes_on()
    {
        var rig = new CallRig().Start();
        rig.Net.Fail = true;
        rig.Tick(3);
        rig.Net.Fail = false;
        rig.Tick(1);
        Assert.Equal(3, rig.Session.Stats.SendFailures);
        Assert.Equal(4, rig.Session.Stats.PacketsSent);
    }

    [Fact]
    public void Nothing_is_sent_before_start_or_after_stop_and_a_new_call_has_new_identifiers()
    {
        var rig = new CallRig(random: new SeededRandom(42));
        rig.Tick(5);
        Assert.Empty(rig.Net.Rtp);
        rig.Start();
        rig.Tick(5);
        uint first = rig.Session.Ssrc;
        rig.Session.Stop(rig.Now);
        int sent = rig.Net.Rtp.Count;
        rig.Tick(5);
        Assert.Equal(sent, rig.Net.Rtp.Count);
        Assert.Equal(MediaState.Idle, rig.Session.State);
        Assert.Equal(5, rig.Session.Stats.PacketsSent);          // readable after the call
        rig.Start();
        Assert.NotEqual(first, rig.Session.Ssrc);
        Assert.Equal(0, rig.Session.Stats.PacketsSent);
    }
}
