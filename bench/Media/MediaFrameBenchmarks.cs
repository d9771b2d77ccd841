using System;
using BenchmarkDotNet.Attributes;
using NanoPhone.Bench.Nano.Ops;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Tones;

namespace NanoPhone.Bench.Media;

/// <summary>
/// The per-frame cost of a call's media (issue "Voice"): target ≤ 5 µs and 0 B per 20 ms frame on
/// .NET. One operation is one 20 ms frame of a call in progress (<see cref="MediaFrameOp"/>, the
/// nanoFramework benchmark's "media-frame", so both runtimes time the same code): the
/// peer's RTP packet received (header checks, source and SSRC checks, RFC 3550 A.1/A.8, into the
/// jitter buffer), the speaker frame played (G.711 decode), the microphone frame encoded and sent as
/// RTP, and RTCP when due (every ~4 s, so amortised over ~200 frames). Separate rows: a tone frame
/// (tones run instead of the call's audio, or mixed into it for the call-waiting beep), and G.711 alone.
/// </summary>
[MemoryDiagnoser]
public class MediaFrameBenchmarks
{
    private MediaFrameOp _frame = null!;
    private readonly short[] _pcm = new short[160];
    private readonly short[] _out = new short[160];
    private readonly byte[] _codes = new byte[160];
    private readonly TonePlayer _tone = new();

    [GlobalSetup]
    public void Setup()
    {
        _frame = new MediaFrameOp();                   // throws unless the call is steady
        _tone.Start(ToneSet.Uk.Ringback);
        for (int i = 0; i < 160; i++) _pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
        MuLaw.Encode(_pcm, 0, _codes, 0, 160);
    }

    [Benchmark(Description = "media frame: RTP in + jitter buffer + decode + encode + RTP out (RTCP amortised)")]
    public void Frame() => _frame.Run();

    [Benchmark(Description = "tone frame: UK ringback, 160 samples")]
    public int ToneFrame()
    {
        _tone.Fill(_out, 0, 160);
        return _out[80];
    }

    [Benchmark(Description = "G.711 mu-law encode 160 samples")]
    public int Encode()
    {
        MuLaw.Encode(_pcm, 0, _codes, 0, 160);
        return _codes[80];
    }

    [Benchmark(Description = "G.711 mu-law decode 160 samples")]
    public int Decode()
    {
        MuLaw.Decode(_codes, 0, _out, 0, 160);
        return _out[80];
    }
}
