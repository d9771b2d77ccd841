using System;
using System.Collections.Generic;
using NanoPhone.Media.Session;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Tests.Support;

/// <summary>Records every datagram the session sends (a copy, and where it went); can be told to fail.</summary>
public sealed class FakeTransport : IMediaTransport
{
    public sealed record Sent(byte[] Data, string To);

    public readonly List<Sent> Rtp = new();
    public readonly List<Sent> Rtcp = new();
    public bool Fail;
    /// <summary>When false, nothing is kept (benchmark-like runs over many minutes).</summary>
    public bool Keep = true;
    public int RtpCount;
    public int RtcpCount;

    public bool SendRtp(byte[] buf, int off, int len, Endpoint to)
    {
        RtpCount++;
        if (Keep) Rtp.Add(new Sent(buf.AsSpan(off, len).ToArray(), to.ToString()));
        return !Fail;
    }

    public bool SendRtcp(byte[] buf, int off, int len, Endpoint to)
    {
        RtcpCount++;
        if (Keep) Rtcp.Add(new Sent(buf.AsSpan(off, len).ToArray(), to.ToString()));
        return !Fail;
    }
}

/// <summary>xorshift32 from a seed: a repeatable "random" source.</summary>
public sealed class SeededRandom : IMediaRandom
{
    private uint _x;
    public SeededRandom(uint seed) { _x = seed == 0 ? 1u : seed; }
    public uint Next()
    {
        _x ^= _x << 13;
        _x ^= _x >> 17;
        _x ^= _x << 5;
        return _x;
    }
}

/// <summary>Returns the given values in turn, then repeats the last.</summary>
public sealed class FixedRandom : IMediaRandom
{
    private readonly uint[] _values;
    private int _i;
    public FixedRandom(params uint[] values) { _values = values; }
    public uint Next() => _values[_i < _values.Length ? _i++ : _values.Length - 1];
}

public sealed class RecordingEvents : IMediaEvents
{
    public readonly List<char> Digits = new();
    public readonly List<string> Latches = new();
    public int Byes;
    public void DigitReceived(char digit) => Digits.Add(digit);
    public void Latched(Endpoint source) => Latches.Add(source.ToString());
    public void RemoteBye() => Byes++;
}
