using System;
using System.Collections.Generic;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Mixing;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Media.Tests.Mixing;

/// <summary>
/// A 3-way conference mixed in the phone. Party A sends a 440 Hz tone, party B 1000 Hz, the
/// phone's microphone hears 700 Hz; after the jitter buffers fill, what goes to A (decoded from the
/// RTP sent to it) holds 700 and 1000 Hz and not A's own 440, what goes to B holds 700 and 440 and
/// not 1000, and the earpiece holds 440 and 1000 and not the microphone's 700. Sums are clipped to
/// 16 bits, never wrapped. A minute of conference allocates nothing.
/// </summary>
public class ConferenceMixerTests
{
    private const double ToneA = 440, ToneB = 1000, ToneMic = 700;
    private const double Level = 8000;

    /// <summary>Two sessions, each with a peer sending PCMU of its own tone, and the mixer between them.</summary>
    private sealed class Conference
    {
        public readonly Party A = new("192.0.2.20:4000", ToneA, 0x1111);
        public readonly Party B = new("192.0.2.30:4000", ToneB, 0x2222);
        public readonly ConferenceMixer Mixer = new();
        public readonly short[] Mic = new short[160];
        public readonly short[] Ear = new short[160];
        public readonly List<short> Heard = new();
        private readonly Sine _mic = new(ToneMic, Level);
        public long Now = 10_000;

        public Conference()
        {
            A.Start(Now);
            B.Start(Now);
        }

        public void Frames(int n, bool keep = true)
        {
            for (int i = 0; i < n; i++)
            {
                Now += 20;
                A.PeerSends(Now);
                B.PeerSends(Now);
                _mic.Fill(Mic);
                Mixer.Tick(A.Session, B.Session, Mic, Ear, Now);
                if (keep) Heard.AddRange(Ear);
            }
        }
    }

    private sealed class Party
    {
        public readonly FakeTransport Net = new();
        public readonly MediaSession Session;
        private readonly MediaParameters _params = new();
        private readonly Endpoint _peer;
        private readonly Sine _tone;
        private readonly uint _ssrc;
        private readonly short[] _frame = new short[160];
        private readonly byte[] _packet = new byte[RtpHeader.FixedLength + 160];
        private int _seq = 100;
        private uint _ts = 5000;

        public Party(string peer, double hz, uint ssrc)
        {
            _peer = Packets.At(peer);
            _tone = new Sine(hz, Level);
            _ssrc = ssrc;
            Session = new MediaSession(Net, new SeededRandom(ssrc), null, new MediaSettings());
            _params.Remote.CopyFrom(_peer);
            _params.PayloadType = G711.Pcmu;
        }

        public void Start(long now) => Session.Start(_params, now);

        public void PeerSends(long now)
        {
            _tone.Fill(_frame);
            RtpHeader.Write(_packet, 0, false, G711.Pcmu, _seq++, _ts, _ssrc);
            MuLaw.Encode(_frame, 0, _packet, RtpHeader.FixedLength, 160);
            _ts += 160;
            Session.ReceiveRtp(_packet, 0, _packet.Length, _peer, now);
        }

        /// <summary>The audio sent to this party's peer, decoded from the RTP (PCMU) it got.</summary>
        public short[] Received()
        {
            var all = new List<short>();
            var frame = new short[160];
            foreach (var s in Net.Rtp)
            {
                MuLaw.Decode(s.Data, RtpHeader.FixedLength, frame, 0, 160);
                all.AddRange(frame);
            }
            return all.ToArray();
        }
    }

    // Judged over the last second (8000 samples), long after both jitter buffers filled.
    private static double At(short[] x, double hz) => Spectrum.Amplitude(x, x.Length - 8000, 8000, hz);

    [Fact]
    public void Each_party_hears_the_phone_and_the_other_party_but_not_itself()
    {
        var c = new Conference();
        c.Frames(100);
        short[] toA = c.A.Received(), toB = c.B.Received();
        Assert.Equal(100, toA.Length / 160);
        Assert.InRange(At(toA, ToneMic), 0.9 * Level, 1.1 * Level);
        Assert.InRange(At(toA, ToneB), 0.9 * Level, 1.1 * Level);
        Assert.True(At(toA, ToneA) < 0.02 * Level, "A hears itself: " + At(toA, ToneA));
        Assert.InRange(At(toB, ToneMic), 0.9 * Level, 1.1 * Level);
        Assert.InRange(At(toB, ToneA), 0.9 * Level, 1.1 * Level);
        Assert.True(At(toB, ToneB) < 0.02 * Level, "B hears itself: " + At(toB, ToneB));
    }

    [Fact]
    public void The_earpiece_hears_both_parties_and_not_the_microphone()
    {
        var c = new Conference();
        c.Frames(100);
        short[] ear = c.Heard.ToArray();
        Assert.InRange(At(ear, ToneA), 0.9 * Level, 1.1 * Level);
        Assert.InRange(At(ear, ToneB), 0.9 * Level, 1.1 * Level);
        Assert.True(At(ear, ToneMic) < 0.02 * Level, "the earpiece plays the microphone: " + At(ear, ToneMic));
    }

    [Fact]
    public void A_party_that_stopped_leaves_the_other_hearing_the_phone_alone()
    {
        var c = new Conference();
        c.Frames(50);
        c.B.Session.Stop(c.Now);
        c.A.Net.Rtp.Clear();
        c.Heard.Clear();
        c.Frames(60);
        short[] toA = c.A.Received(), ear = c.Heard.ToArray();
        Assert.InRange(At(toA, ToneMic), 0.9 * Level, 1.1 * Level);
        Assert.True(At(toA, ToneB) < 0.02 * Level);
        Assert.InRange(At(ear, ToneA), 0.9 * Level, 1.1 * Level);
        Assert.True(At(ear, ToneB) < 0.02 * Level);
    }

    [Fact]
    public void Sums_beyond_16_bits_are_clipped_not_wrapped()
    {
        short[] x = { 30000, -30000, 1000, short.MaxValue, short.MinValue };
        short[] y = { 30000, -30000, -300, 1, -1 };
        short[] sum = new short[5];
        Pcm.Add(x, y, sum, 5);
        Assert.Equal(new short[] { 32767, -32768, 700, 32767, -32768 }, sum);
    }

    [Fact]
    public void Two_loud_voices_reach_the_party_clipped_at_full_scale_not_wrapped()
    {
        // The microphone at +30000 and party B's constant near full scale (PCMU code 0x80, +32124):
        // to A their sum is clipped to +32767 and stays the loudest positive code; wrapped, it would
        // be a negative spike (-3,412).
        var a = new Party("192.0.2.20:4000", ToneA, 1);
        var bNet = new FakeTransport();
        var b = new MediaSession(bNet, new SeededRandom(2), null, new MediaSettings());
        var bParams = new MediaParameters { PayloadType = G711.Pcmu };
        Endpoint bPeer = Packets.At("192.0.2.30:4000");
        bParams.Remote.CopyFrom(bPeer);
        var mixer = new ConferenceMixer();
        var mic = new short[160];
        var ear = new short[160];
        for (int i = 0; i < 160; i++) mic[i] = 30000;
        a.Start(0);
        b.Start(bParams, 0);
        for (int f = 1; f <= 20; f++)
        {
            byte[] loud = Packets.Packet(f, (uint)(f * 160), 0x2222, fill: 0x80);
            b.ReceiveRtp(loud, 0, loud.Length, bPeer, f * 20);
            mixer.Tick(a.Session, b, mic, ear, f * 20);
        }
        short[] toA = a.Received();
        Assert.Equal(MuLaw.Decode(0x80), toA[^1]);
        Assert.All(toA, s => Assert.True(s > 29000, "sent " + s));
        Assert.Equal(MuLaw.Decode(0x80), ear[0]);
    }

    [Fact]
    public void A_minute_of_conference_allocates_nothing()
    {
        var c = new Conference();
        c.A.Net.Keep = false;
        c.B.Net.Keep = false;
        c.Frames(50, keep: false);                             // warm-up: JIT, first-use paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        c.Frames(3000, keep: false);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(c.A.Net.RtpCount > 3000 && c.B.Net.RtpCount > 3000 && c.A.Net.RtcpCount > 10);
    }
}
