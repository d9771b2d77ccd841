#nullable disable
using NanoPhone.Media.Codec;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tones;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Nano.Ops;

/// <summary>
/// One 20 ms frame of a call in progress, the media path's whole work (issue "Voice": ≤ 300 µs on
/// the 32-bit nanoCLR, ≤ 5 µs and 0 B on .NET): the peer's RTP packet arrives (written in place into
/// one reused buffer, as a socket's; header checks, source and SSRC checks, RFC 3550 A.1/A.8, into
/// the jitter buffer), then MediaSession.Tick sends the microphone frame (a 1 kHz tone) as RTP, plays
/// a speaker frame (G.711 decode) and sends RTCP when due (every ~4 s: amortised). Made after 500
/// frames, past A.1's probation, the first reports and the delay's settling.
/// </summary>
public sealed class MediaFrameOp : IBenchOp
{
    private sealed class CountingTransport : IMediaTransport
    {
        public int Rtp;
        public int Rtcp;

        public bool SendRtp(byte[] buf, int off, int len, Endpoint to)
        {
            Rtp++;
            return true;
        }

        public bool SendRtcp(byte[] buf, int off, int len, Endpoint to)
        {
            Rtcp++;
            return true;
        }
    }

    private sealed class Xorshift : IMediaRandom
    {
        private uint _x = 2463534242u;

        public uint Next()
        {
            _x ^= _x << 13;
            _x ^= _x >> 17;
            _x ^= _x << 5;
            return _x;
        }
    }

    public const uint PeerSsrc = 0x11223344;
    public const int WarmUpFrames = 500;

    private readonly CountingTransport _net = new CountingTransport();
    private readonly Endpoint _peer = new Endpoint();
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + 160];
    private readonly short[] _mic = new short[160];
    private readonly short[] _speaker = new short[160];
    private readonly MediaSession _session;
    private int _seq;
    private uint _ts;
    private long _now;

    public MediaFrameOp() : this(null)
    {
    }

    /// <param name="heap">When given, <see cref="SessionBytes"/> is what the session keeps after the warm-up.</param>
    public MediaFrameOp(IHeapProbe heap)
    {
        _peer.SetIPv4(192, 0, 2, 20, 4000);
        MediaParameters p = new MediaParameters();
        p.Remote.CopyFrom(_peer);
        p.PayloadType = G711.Pcmu;
        p.TelephoneEventPayloadType = 101;
        Xorshift random = new Xorshift();
        MediaSettings settings = new MediaSettings();
        TonePlayer tone = new TonePlayer();
        tone.Level = 8000;
        tone.Start(new Tone(ToneKind.None, 1000, 0, null));
        tone.Fill(_mic, 0, 160);                    // 1 kHz: 8 samples a period, the same every frame
        long before = heap == null ? 0 : heap.FreeBytesAfterCollection();
        _session = new MediaSession(_net, random, null, settings);
        _session.Start(p, 0);
        G711.Encode(G711.Pcmu, _mic, 0, _packet, RtpHeader.FixedLength, 160);
        for (int i = 0; i < WarmUpFrames; i++) Run();
        if (heap != null) SessionBytes = before - heap.FreeBytesAfterCollection();
        MediaStats s = _session.Stats;
        if (s.PacketsReceived < WarmUpFrames - 10 || s.ConcealedFrames > 2 || _net.Rtcp == 0)
            throw new System.InvalidOperationException(Name + ": the call is not steady");
    }

    public string Name { get { return "media-frame"; } }

    /// <summary>
    /// Heap the session keeps after the warm-up (with the G.711 tables of mu-law if this call built
    /// them), when the constructor was given a heap probe; else 0.
    /// </summary>
    public long SessionBytes { get; }

    public MediaSession Session { get { return _session; } }

    public int RtcpSent { get { return _net.Rtcp; } }

    public void Run()
    {
        RtpHeader.Write(_packet, 0, false, G711.Pcmu, _seq, _ts, PeerSsrc);
        _seq = (_seq + 1) & 0xFFFF;
        _ts += 160;
        _now += 20;
        int sent = _net.Rtp;
        _session.ReceiveRtp(_packet, 0, _packet.Length, _peer, _now);
        _session.Tick(_mic, _speaker, _now);
        if (_net.Rtp == sent) throw new System.InvalidOperationException(Name + ": no RTP sent");
    }
}
