namespace NanoPhone.Media.Jitter;

/// <summary>
/// Packet loss concealment modelled on ITU-T G.711 Appendix I, in integer arithmetic: the played
/// signal is kept in a history; when samples are missing, the last pitch period (40 … 120 samples,
/// 66 … 200 Hz, found by a decimated average-magnitude-difference search that prefers the shortest
/// of near-equal candidates) is repeated, at full level
/// for the first 10 ms, then attenuated by 20 % per 10 ms, and silent from 60 ms on (I.2.4); the first
/// good samples after an erasure are overlap-added with the continued synthetic signal over 4 ms plus
/// 4 ms per further 10 ms erased, at most 10 ms (I.2.6). Left out of Appendix I: the 3.75 ms output
/// delay and the overlap-add at the start of an erasure, and the widening to two and three pitch
/// periods after 10 ms — the repetition of one period is the "repetition with fade" floor.
/// </summary>
public sealed class Concealer
{
    private const int HistoryLength = 256;          // a power of two ≥ 120 + 80: the pitch search's reach
    private const int HistoryMask = HistoryLength - 1;
    private const int MinPitch = 40;
    private const int MaxPitch = 120;
    private const int Window = 80;                  // 10 ms compared per lag
    private const int FullLevelSamples = 80;        // I.2.4: no attenuation in the first 10 ms
    private const int FadeSamples = 400;            // then −20 % per 10 ms: silent 50 ms later
    private const int OlaBase = 32;                 // I.2.6: 4 ms ...
    private const int OlaStep = 32;                 // ... + 4 ms per further 10 ms erased
    private const int OlaMax = 80;                  // ... at most 10 ms

    private readonly short[] _history = new short[HistoryLength];
    private int _write;                             // next write index (mod HistoryLength)
    private int _stored;                            // samples of the current frame already in the history

    private int _erased;                            // samples concealed in the current erasure; 0: none
    private int _period;
    private int _source;                            // history index where the repeated period starts
    private int _phase;
    private int _olaLength;
    private int _olaDone;

    /// <summary>True while synthesising (from the first missing sample to the first good one).</summary>
    public bool InErasure { get { return _erased > 0; } }

    /// <summary>
    /// True from the first missing sample to the end of the overlap-add after it: only then must
    /// good samples go through <see cref="Good"/> (a field, read by the jitter buffer per run).
    /// </summary>
    public bool Blending;

    /// <summary>The pitch period used by the current or last erasure, in samples.</summary>
    public int Period { get { return _period; } }

    public void Reset()
    {
        System.Array.Clear(_history, 0, HistoryLength);
        _write = 0;
        _stored = 0;
        _erased = 0;
        Blending = false;
        _olaLength = 0;
        _olaDone = 0;
        _period = 0;
    }

    /// <summary>
    /// Received samples buf[off .. off+len) of the frame being played: after an erasure their start
    /// is overlap-added with the synthetic signal. <see cref="EndFrame"/> puts the frame in the history.
    /// </summary>
    public void Good(short[] buf, int off, int len)
    {
        if (_erased > 0)
        {
            int extra = (_erased - 1) / FullLevelSamples;
            _olaLength = OlaBase + OlaStep * extra;
            if (_olaLength > OlaMax) _olaLength = OlaMax;
            _olaDone = 0;
            _erased = -_erased;                     // remember the erasure's length for the fade level
        }
        if (_olaLength > 0)
        {
            int n = _olaLength - _olaDone;
            if (n > len) n = len;
            for (int k = 0; k < n; k++)
            {
                int w = ((_olaDone + k + 1) << 15) / (_olaLength + 1);   // weight of the good signal, Q15
                int synthetic = NextSynthetic(-_erased);
                buf[off + k] = (short)((buf[off + k] * w + synthetic * (32768 - w)) >> 15);
            }
            _olaDone += n;
            if (_olaDone >= _olaLength)
            {
                _olaLength = 0;
                _erased = 0;
                Blending = false;
            }
        }
    }

    /// <summary>
    /// The frame buf[0 .. length) has been filled (by Good and Conceal runs): it goes into the history,
    /// unless an erasure is still going on (the period being repeated must stay as it was).
    /// </summary>
    public void EndFrame(short[] buf, int length)
    {
        if (_erased <= 0 && length > _stored) Store(buf, _stored, length - _stored);
        _stored = 0;
    }

    /// <summary>
    /// Fills buf[off .. off+len) in place of missing samples. Returns false once the erasure has gone
    /// silent (60 ms and more), when the output is plain silence.
    /// </summary>
    public bool Conceal(short[] buf, int off, int len)
    {
        Blending = true;
        if (_erased < 0)
        {
            // Lost again during the overlap-add: carry on with the same period and phase.
            _erased = 0;
            _olaLength = 0;
        }
        else if (_erased == 0)
        {
            // The frame's good samples before this run belong to the signal to continue.
            if (off > _stored) Store(buf, _stored, off - _stored);
            _stored = off;
            StartErasure();
        }
        if (_erased >= FullLevelSamples + FadeSamples)
        {
            System.Array.Clear(buf, off, len);
            _erased += len;
            return false;
        }
        for (int k = 0; k < len; k++)
        {
            _erased++;
            buf[off + k] = (short)NextSynthetic(_erased);
        }
        return true;
    }

    /// <summary>The next sample of the repeated period at the level for the erasure's sample count.</summary>
    private int NextSynthetic(int erasedCount)
    {
        int s = _history[(_source + _phase) & HistoryMask];
        _phase++;
        if (_phase >= _period) _phase = 0;
        if (erasedCount <= FullLevelSamples) return s;
        int fade = erasedCount - FullLevelSamples;
        if (fade >= FadeSamples) return 0;
        int gain = ((FadeSamples - fade) << 15) / FadeSamples;
        return (s * gain) >> 15;
    }

    private void StartErasure()
    {
        _period = EstimatePitch();
        _source = (_write - _period) & HistoryMask;
        _phase = 0;
    }

    private void Store(short[] buf, int off, int len)
    {
        if (len >= HistoryLength)
        {
            off += len - HistoryLength;
            len = HistoryLength;
        }
        int first = HistoryLength - _write;
        if (first > len) first = len;
        System.Array.Copy(buf, off, _history, _write, first);
        if (len > first) System.Array.Copy(buf, off + first, _history, 0, len - first);
        _write = (_write + len) & HistoryMask;
    }

    /// <summary>
    /// The pitch period in [40, 120]: the average magnitude difference between the last 10 ms and the
    /// 10 ms one lag earlier, for every second lag over every fourth sample; the shortest lag at a
    /// local minimum near the smallest difference wins (multiples of the period match almost as well),
    /// then its two neighbours are tried over every second sample.
    /// </summary>
    private int EstimatePitch()
    {
        int min = int.MaxValue;
        for (int lag = MinPitch; lag <= MaxPitch; lag += 2)
        {
            int sum = Amdf(lag, 4);
            if (sum < min) min = sum;
        }
        // Near-equal: within 1/8 of the smallest, or a quarter of the signal's own magnitude (an odd
        // period falls between two even lags, while its even multiple may match exactly).
        int magnitude = 0;
        for (int j = 0; j < Window; j += 4)
        {
            int v = _history[(_write - 1 - j) & HistoryMask];
            magnitude += v < 0 ? -v : v;
        }
        int slack = min >> 3;
        if (slack < magnitude >> 2) slack = magnitude >> 2;
        int limit = min + slack;
        // The first local minimum under the limit, sliding over (previous, this, next).
        int coarse = MinPitch;
        int previous = int.MaxValue;
        int current = Amdf(MinPitch, 4);
        for (int lag = MinPitch; lag <= MaxPitch; lag += 2)
        {
            int next = lag + 2 <= MaxPitch ? Amdf(lag + 2, 4) : int.MaxValue;
            if (current <= limit && current <= previous && current <= next)
            {
                coarse = lag;
                break;
            }
            previous = current;
            current = next;
        }
        int bestLag = coarse;
        int bestSum = int.MaxValue;
        for (int lag = coarse - 1; lag <= coarse + 1; lag++)
        {
            if (lag < MinPitch || lag > MaxPitch) continue;
            int sum = Amdf(lag, 2);
            if (sum < bestSum)
            {
                bestSum = sum;
                bestLag = lag;
            }
        }
        return bestLag;
    }

    private int Amdf(int lag, int step)
    {
        int sum = 0;
        int newest = _write - 1;
        for (int j = 0; j < Window; j += step)
        {
            int d = _history[(newest - j) & HistoryMask] - _history[(newest - j - lag) & HistoryMask];
            sum += d < 0 ? -d : d;
        }
        return sum;
    }
}
