using System;
using System.Linq;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// Bad input on the media ports is dropped and counted — never thrown, never a stall: the peer's good
/// packets around it play on. Malformed RTP (RFC 3550 §5.1, A.1) and RTCP (A.2), unknown payload
/// types, zero-length and oversize datagrams, huge sequence and timestamp jumps, SSRC floods.
/// </summary>
public class BadInputTests
{
    private static void AssertStillPlaying(CallRig rig)
    {
        int concealed = rig.Session.Stats.ConcealedFrames;
        rig.Talk(20);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(rig.PeerCode), v));
        Assert.InRange(rig.Session.Stats.ConcealedFrames - concealed, 0, 2);
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "empty", new byte[0] },
        { "one byte", new byte[] { 0x80 } },
        { "11 bytes", new byte[11] },
        { "version 0", Packets.Packet(1, 1).Select((b, i) => i == 0 ? (byte)0x00 : b).ToArray() },
        { "version 3", Packets.Packet(1, 1).Select((b, i) => i == 0 ? (byte)0xC0 : b).ToArray() },
        { "CSRC count past the end", Packets.Packet(1, 1, payload: 8).Select((b, i) => i == 0 ? (byte)0x8F : b).ToArray() },
        { "extension past the end", Packets.Packet(1, 1, payload: 8).Select((b, i) => i == 0 ? (byte)0x90 : i == 15 ? (byte)200 : b).ToArray() },
        { "padding longer than the payload", Packets.Packet(1, 1, payload: 8).Select((b, i) => i == 0 ? (byte)0xA0 : i == 19 ? (byte)50 : b).ToArray() },
        { "zero padding count", Packets.Packet(1, 1, payload: 8).Select((b, i) => i == 0 ? (byte)0xA0 : i == 19 ? (byte)0 : b).ToArray() },
        { "RTCP on the RTP port", new byte[] { 0x80, 200, 0, 6, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0 } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_rtp_is_dropped_and_counted(string what, byte[] datagram)
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        rig.Session.ReceiveRtp(datagram, 0, datagram.Length, rig.Peer, rig.Now);
        Assert.True(rig.Session.Stats.Malformed == 1, what);
        AssertStillPlaying(rig);
    }

    [Fact]
    public void Oversize_datagrams_are_dropped_and_counted()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        byte[] huge = Packets.Packet(rig.PeerSeq, rig.PeerTs, payload: 1400);   // the next number: it must not count as received
        rig.Session.ReceiveRtp(huge, 0, huge.Length, rig.Peer, rig.Now);
        Assert.Equal(1, rig.Session.Stats.Malformed);
        byte[] jumbo = new byte[65507];
        Array.Copy(Packets.Packet(rig.PeerSeq, rig.PeerTs), jumbo, 172);
        rig.Session.ReceiveRtp(jumbo, 0, jumbo.Length, rig.Peer, rig.Now);
        Assert.Equal(2, rig.Session.Stats.Malformed);
        AssertStillPlaying(rig);
    }

    [Fact]
    public void Unknown_payload_types_are_dropped_and_counted()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        foreach (int pt in new[] { 8, 13, 18, 96, 127 })
        {
            byte[] p = Packets.Packet(rig.PeerSeq, rig.PeerTs, pt: pt);
            rig.Session.ReceiveRtp(p, 0, p.Length, rig.Peer, rig.Now);
        }
        Assert.Equal(5, rig.Session.Stats.UnknownPayloadType);
        AssertStillPlaying(rig);
    }

    [Fact]
    public void A_huge_sequence_jump_is_dropped_until_confirmed_then_followed()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        byte[] stray = Packets.Packet(rig.PeerSeq + 30000, rig.PeerTs);
        rig.Session.ReceiveRtp(stray, 0, stray.Length, rig.Peer, rig.Now);
        Assert.Equal(1, rig.Session.Stats.SequenceJumps);
        AssertStillPlaying(rig);
        rig.PeerSeq += 20000;                                   // the sender really jumped (A.1: two in a row)
        rig.PeerTs += 1_000_000;
        rig.Talk(30);
        Assert.Equal(2, rig.Session.Stats.SequenceJumps);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(rig.PeerCode), v));
    }

    [Fact]
    public void A_huge_timestamp_jump_re_anchors_the_playout_and_the_audio_goes_on()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        rig.PeerTs += 0x80000000u;
        rig.Talk(30);
        Assert.True(rig.Session.Stats.Resyncs >= 1);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(rig.PeerCode), v));
    }

    [Fact]
    public void Malformed_rtcp_of_every_kind_is_counted_and_nothing_changes()
    {
        var rig = new CallRig().Start();
        rig.Talk(5);
        var rng = new Random(3550);
        for (int i = 0; i < 2000; i++)
        {
            var b = new byte[rng.Next(0, 80)];
            rng.NextBytes(b);
            if (b.Length > 1 && i % 2 == 0) { b[0] = 0x80; b[1] = 201; }
            rig.Session.ReceiveRtcp(b, 0, b.Length, rig.PeerRtcp, rig.Now);
        }
        MediaStats s = rig.Session.Stats;
        Assert.Equal(2000, s.RtcpMalformed + s.RtcpReceived);
        Assert.Equal(0, rig.Events.Byes);
        AssertStillPlaying(rig);
    }

    [Fact]
    public void Random_datagrams_on_the_rtp_port_raise_nothing_and_the_call_goes_on()
    {
        var rig = new CallRig().Start();
        rig.Talk(5);
        var rng = new Random(4475);
        for (int i = 0; i < 5000; i++)
        {
            var b = new byte[rng.Next(0, 300)];
            rng.NextBytes(b);
            if (b.Length > 0 && i % 3 != 0) b[0] = (byte)(0x80 | (b[0] & 0x3F));
            if (b.Length > 1 && i % 3 == 1) b[1] = (byte)(b[1] & 0x80);   // PT 0
            rig.Session.ReceiveRtp(b, 0, b.Length, rig.Peer, rig.Now);
        }
        MediaStats s = rig.Session.Stats;
        Assert.True(s.Malformed + s.UnknownPayloadType + s.SsrcProbation > 3000);
        AssertStillPlaying(rig);
    }
}
