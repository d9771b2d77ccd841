using System.Linq;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// What the phone plays, and from whom:
/// - the peer's packets, from the address and port its SDP named, are played after the jitter delay;
/// - RFC 3550 A.1: a source's first packet serves its probation; a new SSRC must send two packets in
///   sequence before it replaces the old one (an SSRC change), so an SSRC flood never gets through;
/// - latching (a peer whose SDP address is private, behind a NAT): the first source to send a
///   well-formed packet with a negotiated payload type is latched once; we send to it (symmetric RTP)
///   and no other source is ever played; without latching only the SDP's address and port are;
/// - a re-INVITE that moves the peer (new address or port) moves the stream and restarts latching;
/// - sendonly/inactive (we hold): nothing played.
/// </summary>
public class ReceivingTests
{
    private static CallRig Latching(string sdp = "10.0.0.7:4000")
    {
        var rig = new CallRig();
        rig.Params.Remote.CopyFrom(Packets.At(sdp));
        rig.Params.Latching = true;
        return rig.Start();
    }

    [Fact]
    public void The_peers_audio_is_played_after_the_jitter_delay()
    {
        var rig = new CallRig().Start();
        rig.Talk(20);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(0xA0), v));
        MediaStats s = rig.Session.Stats;
        Assert.Equal(19, s.PacketsReceived);            // the first served A.1's probation
        Assert.Equal(1, s.SsrcProbation);
        Assert.Equal(0, s.Lost);
        Assert.Equal(0, s.ConcealedFrames);
        Assert.Equal(0, s.Strangers);
    }

    [Fact]
    public void Without_latching_audio_from_any_other_address_or_port_is_never_played()
    {
        var rig = new CallRig().Start();
        rig.PeerCode = 0x90;
        for (int i = 0; i < 20; i++)
        {
            rig.PeerSends(Packets.At("192.0.2.20:4002"));       // same address, other port
            rig.PeerSends(Packets.At("198.51.100.1:4000"));     // other address
            rig.Tick();
        }
        Assert.All(rig.Speaker, v => Assert.Equal(0, v));
        Assert.Equal(40, rig.Session.Stats.Strangers);
        Assert.Equal(0, rig.Session.Stats.PacketsReceived);
        Assert.Equal("192.0.2.20:4000", rig.Session.Peer.ToString());
    }

    [Fact]
    public void A_peer_behind_a_nat_is_latched_once_sent_to_and_then_no_one_else_is_played()
    {
        var rig = Latching();
        var nat = Packets.At("203.0.113.5:61000");
        rig.PeerSends(nat);
        Assert.Equal(new[] { "203.0.113.5:61000" }, rig.Events.Latches);
        Assert.True(rig.Session.IsLatched);
        for (int i = 0; i < 20; i++)
        {
            rig.PeerSends(nat);
            byte[] bleed = Packets.Packet(7000 + i, 1234u + 160u * (uint)i, 0x99, 0, false, 160, 0x80);
            rig.Session.ReceiveRtp(bleed, 0, bleed.Length, Packets.At("198.51.100.9:5004"), rig.Now);   // RTP bleed
            rig.Session.ReceiveRtp(bleed, 0, bleed.Length, Packets.At("10.0.0.7:4000"), rig.Now);        // even the SDP's
            rig.Tick();
        }
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(0xA0), v));
        Assert.Equal(40, rig.Session.Stats.Strangers);
        Assert.Single(rig.Events.Latches);
        Assert.All(rig.Net.Rtp.Skip(1), s => Assert.Equal("203.0.113.5:61000", s.To));   // symmetric RTP
    }

    [Fact]
    public void Only_a_well_formed_packet_with_a_negotiated_payload_type_latches()
    {
        var rig = Latching();
        var attacker = Packets.At("198.51.100.9:5004");
        rig.Session.ReceiveRtp(new byte[] { 0x80, 0, 1 }, 0, 3, attacker, rig.Now);             // malformed
        byte[] g729 = Packets.Packet(1, 1, 5, pt: 18, payload: 20);
        rig.Session.ReceiveRtp(g729, 0, g729.Length, attacker, rig.Now);                       // not negotiated
        Assert.False(rig.Session.IsLatched);
        rig.PeerSends(Packets.At("203.0.113.5:61000"));
        Assert.Equal("203.0.113.5:61000", rig.Session.Peer.ToString());
        Assert.Equal(1, rig.Session.Stats.Malformed);
        Assert.Equal(1, rig.Session.Stats.UnknownPayloadType);
    }

    [Fact]
    public void A_move_by_re_invite_moves_the_stream_and_latching_starts_over()
    {
        var rig = Latching();
        rig.PeerSends(Packets.At("203.0.113.5:61000"));
        rig.Tick(5);
        rig.Params.Remote.CopyFrom(Packets.At("10.0.0.8:4010"));                 // the peer moved
        rig.Session.Update(rig.Params, rig.Now);
        Assert.False(rig.Session.IsLatched);
        rig.Tick();
        Assert.Equal("10.0.0.8:4010", rig.Net.Rtp[^1].To);
        rig.PeerSends(Packets.At("203.0.113.77:62000"));
        Assert.Equal("203.0.113.77:62000", rig.Session.Peer.ToString());
        rig.Tick();
        Assert.Equal("203.0.113.77:62000", rig.Net.Rtp[^1].To);
        Assert.Equal(2, rig.Events.Latches.Count);
    }

    [Fact]
    public void Without_latching_a_move_makes_the_old_address_a_stranger()
    {
        var rig = new CallRig().Start();
        rig.Talk(5);
        rig.Params.Remote.CopyFrom(Packets.At("192.0.2.30:5000"));
        rig.Session.Update(rig.Params, rig.Now);
        rig.PeerSends();                                                           // from the old address
        Assert.Equal(1, rig.Session.Stats.Strangers);
        rig.PeerSends(Packets.At("192.0.2.30:5000"));
        Assert.Equal(1, rig.Session.Stats.Strangers);
        rig.Tick();
        Assert.Equal("192.0.2.30:5000", rig.Net.Rtp[^1].To);
        Assert.Equal("192.0.2.30:5001", rig.Session.RtcpDestination.ToString());
    }

    [Fact]
    public void A1_a_new_ssrc_replaces_the_old_after_two_packets_in_sequence()
    {
        var rig = new CallRig().Start();
        rig.Talk(20);
        rig.PeerCode = 0xB0;
        for (int i = 0; i < 20; i++)
        {
            rig.PeerSends(ssrc: 0xABCDEF01);
            rig.Tick();
        }
        Assert.Equal(1, rig.Session.Stats.SsrcChanges);
        Assert.Equal(2, rig.Session.Stats.SsrcProbation);                          // the first packet of each source
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(0xB0), v));
    }

    [Fact]
    public void An_ssrc_flood_from_the_peers_address_never_replaces_the_real_source()
    {
        var rig = new CallRig().Start();
        var rng = new System.Random(3550);
        for (int i = 0; i < 50; i++)
        {
            rig.PeerSends();
            for (int j = 0; j < 10; j++)
            {
                byte[] p = Packets.Packet(rng.Next(65536), (uint)rng.Next(), (uint)rng.Next(), 0, false, 160, 0x80);
                rig.Session.ReceiveRtp(p, 0, p.Length, rig.Peer, rig.Now);
            }
            rig.Tick();
        }
        MediaStats s = rig.Session.Stats;
        Assert.Equal(0, s.SsrcChanges);
        Assert.Equal(501, s.SsrcProbation);
        Assert.Equal(49, s.PacketsReceived);
        Assert.Equal(0, s.ConcealedFrames);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(0xA0), v));
    }

    [Fact]
    public void While_we_hold_nothing_is_played_and_on_resume_the_peer_is_heard_again()
    {
        var rig = new CallRig().Start();
        rig.Talk(10);
        rig.Params.Direction = StreamDirection.SendOnly;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Talk(10);
        Assert.All(rig.Speaker, v => Assert.Equal(0, v));
        Assert.Equal(10, rig.Session.Stats.NotPlayed);
        rig.Params.Direction = StreamDirection.SendRecv;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Talk(10);
        Assert.All(rig.Speaker, v => Assert.Equal(MuLaw.Decode(0xA0), v));
    }

    [Fact]
    public void Both_laws_of_the_answer_are_played_when_it_listed_both()
    {
        var rig = new CallRig();
        rig.Params.SecondPayloadType = G711.Pcma;
        rig.Start();
        for (int i = 0; i < 10; i++)
        {
            rig.PeerSends(pt: G711.Pcma);
            rig.Tick();
        }
        Assert.All(rig.Speaker, v => Assert.Equal(ALaw.Decode(0xA0), v));
    }

    [Fact]
    public void Packets_after_stop_are_ignored()
    {
        var rig = new CallRig().Start();
        rig.Session.Stop(rig.Now);
        rig.PeerSends();
        rig.Tick();
        Assert.Equal(0, rig.Session.Stats.PacketsReceived);
        Assert.All(rig.Speaker, v => Assert.Equal(0, v));
    }
}
