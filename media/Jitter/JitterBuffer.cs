using NanoPhone.Media.Codec;

namespace NanoPhone.Media.Jitter;

/// <summary>
/// An adaptive jitter buffer for G.711 (one byte per sample), laid out on the sender's timeline: a
/// ring of payload bytes addressed by RTP timestamp (room for the largest delay, 200 ms by default, a
/// 60 ms packet and the frames being read: 2,480 bytes), with a fill count and a codec per 10 ms unit. Packets land where their timestamp says, so reordering needs no sorting; a packet whose
/// samples are all there already is a duplicate, one that starts before the playout point is late,
/// one beyond the ring is too early (or, when nothing is buffered, a new anchor). Every 20 ms the
/// player reads 160 samples at the playout point: whole units are decoded, missing ones concealed
/// (<see cref="Concealer"/>). <see cref="PlayoutDelay"/> measures each packet's lead and says how
/// many samples to drop or repeat at the frame's middle so that the delay follows the jitter and
/// a sender clock faster or slower than ours neither fills nor drains the buffer.
/// Time: the caller's millisecond clock, only to place an arrival between two reads. No allocation
/// after construction; about 3.3 KB of device heap with the concealer (200 ms).
/// </summary>
public sealed class JitterBuffer
{
    public const int FrameSamples = 160;
    public const int UnitSamples = 80;
    /// <summary>Largest configurable delay (the ring grows with it).</summary>
    public const int MaxDelayLimitMs = 400;
    /// <summary>Largest payload taken (60 ms, the longest packet time we honour too).</summary>
    public const int MaxPayloadSamples = 480;
    private const int FrameMs = 20;
    private const int LateRunResync = 10;
    private const int EarlyRunResync = 10;

    private readonly int _units;
    private readonly int _capacity;
    private readonly byte[] _ring;
    private readonly byte[] _fill;
    private readonly byte[] _law;
    private readonly Concealer _plc = new Concealer();
    private readonly PlayoutDelay _delay;

    private bool _started;
    private uint _base;          // timestamp of position 0
    private int _play;           // position of the next sample to play
    private int _cleared;        // start of the unit holding _play; units before it are empty
    private int _newest;         // end of the newest payload stored
    private int _firstValid;     // position of the first payload after the last anchoring
    private long _lastReadMs;
    private bool _haveRead;
    private int _lateRun;
    private int _earlyRun;

    public int Late;
    public int Duplicates;
    public int TooEarly;
    public int Resyncs;
    public int ConcealedFrames;
    /// <summary>Samples skipped to shorten the delay (drift, a burst after a stall).</summary>
    public int SkippedSamples;
    /// <summary>Samples repeated to lengthen the delay.</summary>
    public int RepeatedSamples;

    public JitterBuffer(int minDelayMs, int maxDelayMs, int initialDelayMs)
    {
        if (maxDelayMs > MaxDelayLimitMs) maxDelayMs = MaxDelayLimitMs;
        if (maxDelayMs < minDelayMs) maxDelayMs = minDelayMs;
        int max = maxDelayMs * G711.SamplesPerMs;
        // The ring holds the largest delay, the longest packet, the frame being read and the one after it.
        _units = (max + MaxPayloadSamples + 2 * FrameSamples + 2 * UnitSamples - 1) / UnitSamples;
        _capacity = _units * UnitSamples;
        _ring = new byte[_capacity];
        _fill = new byte[_units];
        _law = new byte[_units];
        _delay = new PlayoutDelay(minDelayMs * G711.SamplesPerMs, max, initialDelayMs * G711.SamplesPerMs);
    }

    /// <summary>Samples the ring holds (200 ms of delay: 2,480 = 310 ms).</summary>
    public int CapacitySamples { get { return _capacity; } }

    /// <summary>The delay control (for statistics and tests).</summary>
    public PlayoutDelay Delay { get { return _delay; } }

    /// <summary>Samples buffered ahead of the playout point.</summary>
    public int BufferedSamples { get { return _started && _newest > _play ? _newest - _play : 0; } }

    public bool Started { get { return _started; } }

    /// <summary>Forgets the stream and its statistics (a new call).</summary>
    public void Reset()
    {
        Restart();
        _delay.Reset();
        _plc.Reset();
        _haveRead = false;
        Late = Duplicates = TooEarly = Resyncs = ConcealedFrames = SkippedSamples = RepeatedSamples = 0;
    }

    /// <summary>Forgets the buffered audio; the next packet anchors the timeline again (new source, restart).</summary>
    public void Restart()
    {
        _started = false;
        System.Array.Clear(_fill, 0, _units);
        _lateRun = 0;
        _earlyRun = 0;
    }

    /// <summary>A packet's payload b[off .. off+len) with its timestamp and G.711 payload type, arriving at nowMs.</summary>
    public JitterResult Insert(uint timestamp, byte[] b, int off, int len, int payloadType, bool marker, long nowMs)
    {
        if (len <= 0) return JitterResult.Empty;
        if (len > MaxPayloadSamples) return JitterResult.Oversize;
        int readOffset = ReadOffset(nowMs);
        bool resynced = false;
        if (!_started || (marker && _newest <= _play))
        {
            // The first packet, or a talk spurt starting into an empty buffer: anchor on it.
            Anchor(timestamp, len, readOffset);
            resynced = true;
        }
        // Samples from the playout point to the packet, as a wrapping 32-bit difference: any timestamp,
        // however far off, gives a value in int range (negative: behind the playout point).
        int ahead = (int)(timestamp - _base - (uint)_play);
        if (ahead < 0)
        {
            if (++_lateRun < LateRunResync)
            {
                _delay.Record(ahead < -_capacity ? -_capacity : ahead + readOffset);
                Late++;
                return JitterResult.Late;
            }
            // Late again and again: the sender's timeline moved back (or ours ran ahead).
            Anchor(timestamp, len, readOffset);
            resynced = true;
        }
        else if (ahead > _cleared + _capacity - _play - len)
        {
            if (_newest > _play && ++_earlyRun < EarlyRunResync)
            {
                TooEarly++;
                return JitterResult.TooEarly;
            }
            Anchor(timestamp, len, readOffset);
            resynced = true;
        }
        int rel = (int)(timestamp - _base);
        _lateRun = 0;
        _earlyRun = 0;
        if (!Store(rel, b, off, len, payloadType == G711.Pcma ? (byte)1 : (byte)0))
        {
            Duplicates++;
            return JitterResult.Duplicate;
        }
        _delay.Record(rel - _play + readOffset);
        return resynced ? JitterResult.Resynced : JitterResult.Stored;
    }

    /// <summary>
    /// The next 160 samples to play, into dst[0 .. 160). Call every 20 ms. Returns true when some of
    /// them were concealed because their packet was missing.
    /// </summary>
    public bool Read(short[] dst, long nowMs)
    {
        _lastReadMs = nowMs;
        _haveRead = true;
        if (!_started)
        {
            System.Array.Clear(dst, 0, FrameSamples);
            return false;
        }
        int adjust = _delay.Adjustment();
        if (adjust > PlayoutDelay.MaxStepSamples)
        {
            if (adjust > _capacity) adjust = _capacity;
            _play += adjust;
            SkippedSamples += adjust;
            _delay.Shift(adjust);
            adjust = 0;
            ClearPassed();
        }
        int half = FrameSamples / 2;
        bool concealed = ReadRun(dst, 0, _play, half);
        _play += half + adjust;
        concealed |= ReadRun(dst, half, _play, half);
        _play += half;
        if (adjust != 0)
        {
            _delay.Shift(adjust);
            if (adjust > 0) SkippedSamples += adjust;
            else RepeatedSamples -= adjust;
        }
        _plc.EndFrame(dst, FrameSamples);
        if (concealed) ConcealedFrames++;
        ClearPassed();
        _delay.EndFrame();
        if (_play > (1 << 30)) Rebase();
        return concealed;
    }

    private int ReadOffset(long nowMs)
    {
        if (!_haveRead) return 0;
        long d = (_lastReadMs + FrameMs - nowMs) * G711.SamplesPerMs;
        if (d > FrameSamples) return FrameSamples;
        if (d < -FrameSamples) return -FrameSamples;
        return (int)d;
    }

    /// <summary>Places this packet so that it waits the target delay, and forgets what was buffered.</summary>
    private void Anchor(uint timestamp, int length, int readOffset)
    {
        if (_started) Resyncs++;
        _started = true;
        System.Array.Clear(_fill, 0, _units);
        _base = timestamp - (uint)_capacity;
        _firstValid = _capacity;
        _play = _capacity + readOffset - _delay.Target;
        _cleared = _play - _play % UnitSamples;
        if (_cleared < length)
        {
            // Not reached with the clamped target; kept so that the anchoring packet always fits the ring.
            _play = length + UnitSamples;
            _cleared = _play - _play % UnitSamples;
        }
        _newest = _play;
        _lateRun = 0;
        _earlyRun = 0;
        _delay.Restart();
    }

    /// <summary>Copies a payload to its place and counts its samples per unit; false if every unit it touches was full.</summary>
    private bool Store(int rel, byte[] b, int off, int len, byte law)
    {
        int r = rel % _capacity;
        int first = _capacity - r;
        if (first > len) first = len;
        System.Array.Copy(b, off, _ring, r, first);
        if (len > first) System.Array.Copy(b, off + first, _ring, 0, len - first);

        bool added = false;
        int end = rel + len;
        for (int pos = rel; pos < end;)
        {
            int n = UnitSamples - pos % UnitSamples;
            if (n > end - pos) n = end - pos;
            int u = (pos / UnitSamples) % _units;
            int f = _fill[u];
            if (f < UnitSamples)
            {
                f += n;
                _fill[u] = (byte)(f > UnitSamples ? UnitSamples : f);
                _law[u] = law;
                added = true;
            }
            pos += n;
        }
        if (end > _newest) _newest = end;
        return added;
    }

    /// <summary>count samples from position pos into dst[off ..]: decoded where whole units are there, else concealed.</summary>
    private bool ReadRun(short[] dst, int off, int pos, int count)
    {
        bool concealed = false;
        while (count > 0)
        {
            int n = UnitSamples - pos % UnitSamples;
            if (n > count) n = count;
            int u = (pos / UnitSamples) % _units;
            if (pos >= _firstValid && _fill[u] >= UnitSamples)
            {
                G711.Lookup(_law[u] == 1 ? ALaw.DecodeTable : MuLaw.DecodeTable, _ring, pos % _capacity, dst, off, n);
                if (_plc.Blending) _plc.Good(dst, off, n);
            }
            else if (_plc.Conceal(dst, off, n) && pos >= _firstValid)
            {
                concealed = true;
            }
            pos += n;
            off += n;
            count -= n;
        }
        return concealed;
    }

    private void ClearPassed()
    {
        if (_play - _cleared >= _capacity)
        {
            System.Array.Clear(_fill, 0, _units);
            _cleared = _play - _play % UnitSamples;
            return;
        }
        while (_cleared + UnitSamples <= _play)
        {
            _fill[(_cleared / UnitSamples) % _units] = 0;
            _cleared += UnitSamples;
        }
    }

    /// <summary>Moves position 0 forward by whole rings so positions stay far from int overflow (after ~37 hours).</summary>
    private void Rebase()
    {
        int shift = (_play / _capacity - 1) * _capacity;
        _base += (uint)shift;
        _play -= shift;
        _cleared -= shift;
        _newest -= shift;
        _firstValid = _firstValid - shift < -_capacity ? -_capacity : _firstValid - shift;
    }
}
