using System;
using System.Collections.Generic;
using NanoPhone.App.Audio;
using NanoPhone.Hal;
using NanoPhone.Media.Codec;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Tests.Audio;

/// <summary>A datagram the media session sent: RTP or RTCP, from which port, to where, when.</summary>
public sealed record MediaSent(bool Rtcp, int FromPort, string To, byte[] Bytes, long AtMs)
{
    public int PayloadType => Bytes[1] & 0x7F;
    public bool Marker => (Bytes[1] & 0x80) != 0;
    public int Seq => (Bytes[2] << 8) | Bytes[3];
    public uint Timestamp => (uint)((Bytes[4] << 24) | (Bytes[5] << 16) | (Bytes[6] << 8) | Bytes[7]);
}

/// <summary>RTP ports as a host binds them (each call the next even port from 4000), recording what is sent from them.</summary>
public sealed class FakeMediaSockets : IMediaSockets
{
    private readonly Func<long> _now;
    private int _next = 4000;

    public FakeMediaSockets(Func<long> now) { _now = now; }

    public List<int> Bound { get; } = new();
    public List<int> Released { get; } = new();
    public int Selected { get; private set; }
    public List<MediaSent> Sent { get; } = new();

    public int Allocate()
    {
        int port = _next;
        _next += 2;
        Bound.Add(port);
        return port;
    }

    public void Release(int port)
    {
        Bound.Remove(port);
        Released.Add(port);
    }

    public void Select(int rtpPort) => Selected = rtpPort;

    public bool SendRtp(byte[] buf, int off, int len, Endpoint to) => Record(false, buf, off, len, to);

    public bool SendRtcp(byte[] buf, int off, int len, Endpoint to) => Record(true, buf, off, len, to);

    private bool Record(bool rtcp, byte[] buf, int off, int len, Endpoint to)
    {
        if (Selected == 0 || !Bound.Contains(Selected)) throw new InvalidOperationException("sent from a port that is not bound: " + Selected);
        var copy = new byte[len];
        Array.Copy(buf, off, copy, 0, len);
        Sent.Add(new MediaSent(rtcp, rtcp ? Selected + 1 : Selected, to.ToString(), copy, _now()));
        return true;
    }

    public List<MediaSent> Rtp => Sent.FindAll(s => !s.Rtcp);
    public List<MediaSent> Rtcp => Sent.FindAll(s => s.Rtcp);
}

/// <summary>A microphone that hears a sine and a speaker that keeps every frame it plays.</summary>
public sealed class FakeFrames : IAudioFrames
{
    private double _phase;

    public double MicHz { get; set; } = 1000;
    public List<short> Played { get; } = new();
    public int FramesRead { get; private set; }
    public int FrameSamples => 160;
    public AudioRoute Route { get; set; }
    public int Volume { get; set; } = 3;
    public int MaxVolume => 5;

    public bool ReadFrame(short[] microphone)
    {
        if (Route == AudioRoute.Off) return false;
        FramesRead++;
        for (int i = 0; i < 160; i++)
        {
            microphone[i] = (short)(8000 * Math.Sin(_phase));
            _phase += 2 * Math.PI * MicHz / 8000;
        }
        return true;
    }

    public void WriteFrame(short[] speaker)
    {
        for (int i = 0; i < 160; i++) Played.Add(speaker[i]);
    }
}

/// <summary>The far end's RTP: a sine in G.711, 20 ms a packet, from one SSRC.</summary>
public sealed class RtpSource
{
    private double _phase;
    private ushort _seq = 1000;
    private uint _ts = 50000;

    public int PayloadType { get; set; } = 0;
    public double Hz { get; set; } = 700;
    public uint Ssrc { get; set; } = 0x11223344;

    public byte[] Next(bool marker = false)
    {
        var p = new byte[12 + 160];
        p[0] = 0x80;
        p[1] = (byte)(PayloadType | (marker ? 0x80 : 0));
        p[2] = (byte)(_seq >> 8); p[3] = (byte)_seq;
        p[4] = (byte)(_ts >> 24); p[5] = (byte)(_ts >> 16); p[6] = (byte)(_ts >> 8); p[7] = (byte)_ts;
        p[8] = (byte)(Ssrc >> 24); p[9] = (byte)(Ssrc >> 16); p[10] = (byte)(Ssrc >> 8); p[11] = (byte)Ssrc;
        var pcm = new short[160];
        for (int i = 0; i < 160; i++)
        {
            pcm[i] = (short)(8000 * Math.Sin(_phase));
            _phase += 2 * Math.PI * Hz / 8000;
        }
        G711.Encode(PayloadType, pcm, 0, p, 12, 160);
        _seq++;
        _ts += 160;
        return p;
    }
}

/// <summary>How a stretch of played audio matches a sine: its strongest frequency and the SNR of the best-fitting sine.</summary>
public static class Sine
{
    public static double Frequency(IReadOnlyList<short> s, int start, int n)
    {
        double best = 0, bestHz = 0;
        for (double hz = 300; hz <= 3400; hz += 5)
        {
            double p = Power(s, start, n, hz);
            if (p > best) { best = p; bestHz = hz; }
        }
        return bestHz;
    }

    public static double Power(IReadOnlyList<short> s, int start, int n, double hz)
    {
        double c = 2 * Math.Cos(2 * Math.PI * hz / 8000), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++)
        {
            double s0 = s[start + i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    public static double SnrDb(IReadOnlyList<short> s, int start, int n, double hz)
    {
        double w = 2 * Math.PI * hz / 8000, ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = 0; i < n; i++)
        {
            double a = Math.Sin(w * i), b = Math.Cos(w * i), y = s[start + i];
            ss += a * a; cc += b * b; sc += a * b; ys += y * a; yc += y * b;
        }
        double det = ss * cc - sc * sc, A = (ys * cc - yc * sc) / det, B = (yc * ss - ys * sc) / det;
        double sig = 0, noise = 0;
        for (int i = 0; i < n; i++)
        {
            double f = A * Math.Sin(w * i) + B * Math.Cos(w * i), y = s[start + i];
            sig += f * f;
            noise += (y - f) * (y - f);
        }
        return noise <= 0 ? 99 : 10 * Math.Log10(sig / noise);
    }

    public static double Rms(IReadOnlyList<short> s, int start, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double)s[start + i] * s[start + i];
        return Math.Sqrt(sum / n);
    }
}
