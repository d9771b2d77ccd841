using System;
using System.Linq;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Jitter;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Jitter;

/// <summary>
/// The adaptive jitter buffer, on a manual clock (<see cref="StreamSim"/>: a sender, a network, a
/// player reading 20 ms frames):
/// - packets in order play in order, once each, at the least delay when the network is steady: a 20 ms
///   frame plus a 6 ms margin (a packet may be needed a frame before its first sample's time);
/// - reordered packets play in timestamp order; duplicates are dropped and counted; late ones too;
/// - a lost packet is concealed (G.711 Appendix I) and counted;
/// - the delay follows the jitter: 0–60 ms of jitter raises it to the spread + 26 ms, within 20–200 ms,
///   and it comes back down when the jitter is gone;
/// - a sender clock 0.5 % fast or slow for 10 minutes neither grows the delay nor starves the buffer;
/// - a timestamp jump (silence suppression, a restarted sender) re-anchors the timeline.
/// </summary>
public class JitterBufferTests
{
    private static void AssertPlayedInOrder(StreamSim sim, int fromIndex)
    {
        var played = sim.PlayedAfter(fromIndex).ToList();
        if (fromIndex == 0) played = played.SkipWhile(k => k != 0).ToList();   // the first packet fades in (Appendix I overlap-add from silence)
        Assert.DoesNotContain(-1, played);
        for (int i = 1; i < played.Count; i++)
            Assert.True(played[i] == (played[i - 1] + 1) % 100, "packet " + played[i] + " played after " + played[i - 1]);
    }

    [Fact]
    public void Packets_in_order_play_in_order_once_each_at_the_least_delay()
    {
        var sim = new StreamSim();
        sim.Run(10_000);
        Assert.Equal(0, sim.Buffer.Late);
        Assert.Equal(0, sim.Buffer.Duplicates);
        Assert.Equal(0, sim.ConcealedFrames);
        AssertPlayedInOrder(sim, 0);
        Assert.Equal(26, sim.Buffer.Delay.Target / 8);
        Assert.InRange(sim.DelaysMs[^1], 24, 32);
    }

    [Fact]
    public void Reordered_packets_play_in_timestamp_order()
    {
        // Every odd packet overtakes its predecessor: the network swaps pairs.
        var sim = new StreamSim { Delay = k => k % 2 == 0 ? 30 : 5 };
        sim.Run(10_000);
        Assert.Equal(0, sim.Buffer.Late);
        int warmUp = sim.PlayedPackets.Count / 4;
        AssertPlayedInOrder(sim, warmUp);
        Assert.Equal(0, sim.ConcealedFrames);
    }

    [Fact]
    public void A_duplicate_packet_is_dropped_and_counted()
    {
        var jb = new JitterBuffer(20, 200, 40);
        var frame = new short[160];
        byte[] payload = Enumerable.Repeat((byte)0x90, 160).ToArray();
        Assert.Equal(JitterResult.Resynced, jb.Insert(1000, payload, 0, 160, 0, false, 0));
        Assert.Equal(JitterResult.Duplicate, jb.Insert(1000, payload, 0, 160, 0, false, 1));
        Assert.Equal(JitterResult.Stored, jb.Insert(1160, payload, 0, 160, 0, false, 20));
        Assert.Equal(JitterResult.Duplicate, jb.Insert(1160, payload, 0, 160, 0, false, 21));
        Assert.Equal(2, jb.Duplicates);
        jb.Read(frame, 30);
        Assert.Equal(0, jb.ConcealedFrames);
    }

    [Fact]
    public void A_packet_whose_time_has_passed_is_late_dropped_and_counted_and_its_frame_concealed()
    {
        // Packet 50 is held up for 200 ms: by then its samples have been played (concealed).
        var sim = new StreamSim { Delay = k => k == 50 ? 200 : 5 };
        sim.Run(5_000);
        Assert.Equal(1, sim.Buffer.Late);
        Assert.InRange(sim.ConcealedFrames, 1, 2);
    }

    [Fact]
    public void A_lost_packet_is_concealed_and_counted()
    {
        var sim = new StreamSim { Lose = k => k == 100 || k == 200 || k == 201 };
        sim.Run(10_000);
        Assert.Equal(0, sim.Buffer.Late);
        Assert.InRange(sim.ConcealedFrames, 3, 6);
    }

    [Fact]
    public void The_delay_grows_to_cover_0_to_60_ms_of_jitter_and_shrinks_when_it_is_gone()
    {
        var rng = new Random(4475);
        double[] jitter = Enumerable.Range(0, 3000).Select(_ => rng.NextDouble() * 60).ToArray();
        var sim = new StreamSim { Delay = k => k < 1500 ? 5 + jitter[k] : 5 };
        sim.Run(30_000);                                   // 30 s jittery
        int target = sim.Buffer.Delay.Target / 8;
        Assert.InRange(target, 75, 90);                    // spread ~60 ms + a frame + the margin
        int lateWhileJittery = sim.Buffer.Late;
        sim.Run(30_000);                                   // 30 s steady
        Assert.Equal(26, sim.Buffer.Delay.Target / 8);
        Assert.InRange(sim.DelaysMs[^1], 24, 32);
        // Late packets only while the buffer was learning the jitter: under 2 % of 1500.
        Assert.InRange(lateWhileJittery, 0, 30);
        Assert.Equal(lateWhileJittery, sim.Buffer.Late);
    }

    [Fact]
    public void The_delay_never_exceeds_the_configured_maximum()
    {
        var sim = new StreamSim(20, 200, 40) { Delay = k => k % 50 == 0 ? 600 : 5 };   // a 600 ms straggler a second
        sim.Run(20_000);
        Assert.Equal(200, sim.Buffer.Delay.Target / 8);
        Assert.True(sim.DelaysMs.Skip(100).All(d => d <= 200 + 30), "delay " + sim.DelaysMs.Max() + " ms");
    }

    [Theory]
    [InlineData(+0.005)]
    [InlineData(-0.005)]
    public void A_sender_half_a_percent_fast_or_slow_for_10_minutes_neither_grows_the_delay_nor_starves_the_buffer(double drift)
    {
        var sim = new StreamSim { Drift = drift, Delay = k => 5 + (k * 7919 % 11) };   // 0–10 ms of jitter
        sim.Run(10 * 60_000);
        var delays = sim.DelaysMs.Skip(500).ToArray();                                // after 10 s
        Assert.True(delays.Max() <= 45, "the delay grew to " + delays.Max() + " ms");
        Assert.True(delays.Min() >= 10, "the delay fell to " + delays.Min() + " ms");
        Assert.Equal(0, sim.Buffer.Late);
        Assert.Equal(0, sim.ConcealedFrames);
        // 10 min at 0.5 %: 24,000 samples to drop (fast) or to repeat (slow), spread over the call.
        int adjusted = drift > 0 ? sim.Buffer.SkippedSamples : sim.Buffer.RepeatedSamples;
        Assert.InRange(adjusted, 23_000, 25_500);
        AssertPlayedInOrder(sim, sim.PlayedPackets.Count / 10);
    }

    [Fact]
    public void A_talk_spurt_after_silence_suppression_is_played_at_the_target_delay()
    {
        var jb = new JitterBuffer(20, 200, 40);
        var frame = new short[160];
        byte[] p = Enumerable.Repeat((byte)0x90, 160).ToArray();
        long now = 0;
        uint ts = 5000;
        for (int i = 0; i < 50; i++, now += 20, ts += 160)
        {
            jb.Insert(ts, p, 0, 160, 0, i == 0, now);
            jb.Read(frame, now + 1);
        }
        // 3 s without packets (the sender's silence), then a spurt whose timestamp jumped 10 s.
        for (int i = 0; i < 150; i++, now += 20) jb.Read(frame, now + 1);
        ts += 80_000;
        Assert.Equal(JitterResult.Resynced, jb.Insert(ts, p, 0, 160, 0, true, now));
        int concealed = jb.ConcealedFrames;
        for (int i = 0; i < 20; i++, now += 20, ts += 160)
        {
            jb.Insert(ts + 160, p, 0, 160, 0, false, now);
            jb.Read(frame, now + 1);
        }
        Assert.Equal(concealed, jb.ConcealedFrames);
        Assert.Equal(MuLaw.Decode(0x90), frame[80]);
    }

    [Fact]
    public void A_sender_whose_timestamps_jump_back_is_followed_after_a_few_late_packets()
    {
        var jb = new JitterBuffer(20, 200, 40);
        var frame = new short[160];
        byte[] p = Enumerable.Repeat((byte)0x90, 160).ToArray();
        long now = 0;
        uint ts = 1_000_000;
        for (int i = 0; i < 50; i++, now += 20, ts += 160)
        {
            jb.Insert(ts, p, 0, 160, 0, false, now);
            jb.Read(frame, now + 1);
        }
        ts -= 500_000;                                     // no marker, the timeline restarted
        int late = 0;
        for (int i = 0; i < 50; i++, now += 20, ts += 160)
        {
            if (jb.Insert(ts, p, 0, 160, 0, false, now) == JitterResult.Late) late++;
            jb.Read(frame, now + 1);
        }
        Assert.InRange(late, 1, 10);
        Assert.Equal(1, jb.Resyncs);
        Assert.Equal(MuLaw.Decode(0x90), frame[80]);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(240)]
    [InlineData(480)]
    public void Packets_of_10_30_and_60_ms_play_as_well_as_20_ms_ones(int samples)
    {
        var jb = new JitterBuffer(20, 200, 60);
        var frame = new short[160];
        byte[] p = Enumerable.Repeat((byte)0xA0, samples).ToArray();
        long now = 0;
        uint ts = 77;
        int packetMs = samples / 8;
        long nextPacket = 0;
        for (int f = 0; f < 500; f++, now += 20)
        {
            while (nextPacket <= now)
            {
                jb.Insert(ts, p, 0, samples, 0, false, nextPacket);
                ts += (uint)samples;
                nextPacket += packetMs;
            }
            jb.Read(frame, now);
        }
        Assert.Equal(0, jb.ConcealedFrames);
        Assert.Equal(0, jb.Late);
        Assert.All(frame, v => Assert.Equal(MuLaw.Decode(0xA0), v));
    }

    [Fact]
    public void Pcma_and_pcmu_packets_are_each_decoded_with_their_own_law()
    {
        var jb = new JitterBuffer(20, 200, 20);
        var frame = new short[160];
        byte[] p = Enumerable.Repeat((byte)0xA0, 160).ToArray();
        jb.Insert(0, p, 0, 160, G711.Pcma, false, 0);
        jb.Insert(160, p, 0, 160, G711.Pcmu, false, 0);
        short[] seen = new short[6 * 160];
        for (int i = 0; i < 6; i++)
        {
            jb.Read(frame, 20 * i);
            frame.CopyTo(seen, 160 * i);
        }
        Assert.Contains(ALaw.Decode(0xA0), seen);
        Assert.Contains(MuLaw.Decode(0xA0), seen);
    }

    [Fact]
    public void Nothing_is_played_before_the_first_packet_and_nothing_counted_as_concealed()
    {
        var jb = new JitterBuffer(20, 200, 40);
        var frame = new short[160];
        for (int i = 0; i < 10; i++) jb.Read(frame, 20 * i);
        Assert.All(frame, v => Assert.Equal(0, v));
        Assert.Equal(0, jb.ConcealedFrames);
        Assert.Equal(0, jb.BufferedSamples);
    }

    [Fact]
    public void Empty_and_oversize_payloads_are_refused()
    {
        var jb = new JitterBuffer(20, 200, 40);
        Assert.Equal(JitterResult.Empty, jb.Insert(0, new byte[0], 0, 0, 0, false, 0));
        Assert.Equal(JitterResult.Oversize, jb.Insert(0, new byte[2000], 0, 961, 0, false, 0));
        Assert.False(jb.Started);
    }
}
