namespace NanoPhone.Media.Jitter;

/// <summary>
/// The jitter buffer's delay control. For every packet the buffer records its lead: how long before
/// its first sample is due to play it arrived (negative: too late). Leads are kept per bucket of 16
/// frames (320 ms), the last 12 buckets (3.8 s): the largest lead of the last two buckets is the
/// delay the least-delayed packets see now, and the largest spread (largest minus smallest lead) of
/// a bucket, or of the last two together, is the arrival jitter. Short buckets keep a sender's clock
/// drift, which moves every lead slowly, out of both. The player takes 20 ms frames, so a packet may
/// be needed up to a frame before its first sample's time: the target delay is the spread plus a
/// frame plus a 6 ms margin, kept within the configured minimum and maximum (20–200 ms by default),
/// so packets that arrive at the latest seen still make it. Each frame the buffer asks how many
/// samples to drop (delay 5 ms above target) or repeat (2 ms below): one per frame near the target — enough to
/// absorb a sender clock that is 0.6 % fast or slow, inaudibly — up to eight when far off, and a
/// jump when the delay is more than 60 ms too long (a burst after a stall). Integer samples
/// throughout (8 per ms).
/// </summary>
public sealed class PlayoutDelay
{
    public const int BucketFrames = 16;
    public const int Buckets = 12;
    public const int FrameSamples = 160;
    public const int MarginSamples = 48;
    /// <summary>Above the target by more than this: shrink. Below it by more than <see cref="GrowSamples"/>: grow (sooner: lates cost more than delay).</summary>
    public const int HysteresisSamples = 40;
    public const int GrowSamples = 16;
    public const int MaxStepSamples = 8;
    public const int JumpSamples = 480;

    private readonly int _min;
    private readonly int _max;
    private readonly int _initial;
    // Per bucket: smallest and largest lead, stored plus _offset (so a shift of every lead is one add).
    private readonly int[] _low = new int[Buckets];
    private readonly int[] _high = new int[Buckets];
    private readonly byte[] _used = new byte[Buckets];
    private int _offset;
    private int _filled;              // buckets with a lead
    private int _olderSpread;         // largest spread of the buckets before the last two
    private int _current;
    private int _frames;
    private int _lastTarget;

    /// <param name="minSamples">Least target delay.</param>
    /// <param name="maxSamples">Largest target delay.</param>
    /// <param name="initialSamples">Target before anything is measured.</param>
    public PlayoutDelay(int minSamples, int maxSamples, int initialSamples)
    {
        _min = minSamples;
        _max = maxSamples < minSamples ? minSamples : maxSamples;
        _initial = initialSamples < _min ? _min : initialSamples > _max ? _max : initialSamples;
        Reset();
    }

    public int MinSamples { get { return _min; } }

    public int MaxSamples { get { return _max; } }

    /// <summary>True once a packet was recorded in the last 3.8 s.</summary>
    public bool HasEstimate { get { return _filled > 0; } }

    /// <summary>The largest lead of the last two buckets (or, if they are empty, of the newest other): the delay of the least-delayed packets.</summary>
    public int Delay
    {
        get
        {
            int c = _current, p = c == 0 ? Buckets - 1 : c - 1;
            int high;
            if (_used[c] != 0) high = _used[p] != 0 && _high[p] > _high[c] ? _high[p] : _high[c];
            else if (_used[p] != 0) high = _high[p];
            else
            {
                high = _offset;
                for (int k = 2; k < Buckets; k++)
                {
                    int i = (c + Buckets - k) % Buckets;
                    if (_used[i] != 0)
                    {
                        high = _high[i];
                        break;
                    }
                }
            }
            return high - _offset;
        }
    }

    /// <summary>The jitter to absorb: the largest spread of one bucket, or of the last two together.</summary>
    public int Spread
    {
        get
        {
            int spread = _olderSpread;
            int c = _current, p = c == 0 ? Buckets - 1 : c - 1;
            if (_used[c] != 0 && _high[c] - _low[c] > spread) spread = _high[c] - _low[c];
            if (_used[p] != 0 && _high[p] - _low[p] > spread) spread = _high[p] - _low[p];
            if (_used[c] != 0 && _used[p] != 0)
            {
                int high = _high[c] > _high[p] ? _high[c] : _high[p];
                int low = _low[c] < _low[p] ? _low[c] : _low[p];
                if (high - low > spread) spread = high - low;
            }
            return spread;
        }
    }

    /// <summary>
    /// The delay to aim at: spread + frame + margin within [min, max]; while nothing is measured, the
    /// last target (kept across a re-anchoring of the timeline).
    /// </summary>
    public int Target
    {
        get
        {
            if (_filled == 0) return _lastTarget;
            int t = Spread + FrameSamples + MarginSamples;
            if (t < _min) t = _min;
            if (t > _max) t = _max;
            _lastTarget = t;
            return t;
        }
    }

    /// <summary>Forgets everything, the target too (a new call).</summary>
    public void Reset()
    {
        Restart();
        _lastTarget = _initial;
    }

    /// <summary>Forgets the measured leads but keeps the target (the buffer re-anchored its timeline).</summary>
    public void Restart()
    {
        System.Array.Clear(_used, 0, Buckets);
        _filled = 0;
        _olderSpread = 0;
        _offset = 0;
        _frames = 0;
    }

    /// <summary>One packet's lead in samples.</summary>
    public void Record(int lead)
    {
        if (lead < -_max) lead = -_max;
        lead += _offset;
        int i = _current;
        if (_used[i] == 0)
        {
            _used[i] = 1;
            _filled++;
            _low[i] = lead;
            _high[i] = lead;
        }
        else if (lead < _low[i]) _low[i] = lead;
        else if (lead > _high[i]) _high[i] = lead;
    }

    /// <summary>The playout point moved by samples more than the frame (dropped: positive; repeated: negative).</summary>
    public void Shift(int samples)
    {
        _offset += samples;
    }

    /// <summary>Called once per played frame: moves to a fresh bucket every 16 frames.</summary>
    public void EndFrame()
    {
        if (++_frames < BucketFrames) return;
        _frames = 0;
        _current = (_current + 1) % Buckets;
        if (_used[_current] != 0)
        {
            _used[_current] = 0;
            _filled--;
        }
        // The spread of the buckets older than the last two, once per rotation.
        int c = _current, p = c == 0 ? Buckets - 1 : c - 1;
        int spread = 0;
        for (int i = 0; i < Buckets; i++)
        {
            if (i != c && i != p && _used[i] != 0 && _high[i] - _low[i] > spread) spread = _high[i] - _low[i];
        }
        _olderSpread = spread;
        if (_filled == 0) _offset = 0;
    }

    /// <summary>Samples to drop (positive) or repeat (negative) in the coming frame; 0 within the hysteresis.</summary>
    public int Adjustment()
    {
        if (_filled == 0) return 0;
        int c = _current, p = c == 0 ? Buckets - 1 : c - 1;
        if (_used[c] == 0 || _used[p] == 0) return Adjust(Delay - Target);
        // The usual case, in one pass: the last two buckets hold leads.
        int high = _high[c] > _high[p] ? _high[c] : _high[p];
        int low = _low[c] < _low[p] ? _low[c] : _low[p];
        int spread = high - low;
        if (_olderSpread > spread) spread = _olderSpread;
        int target = spread + FrameSamples + MarginSamples;
        if (target < _min) target = _min;
        if (target > _max) target = _max;
        _lastTarget = target;
        return Adjust(high - _offset - target);
    }

    private static int Adjust(int error)
    {
        if (error > JumpSamples) return error - HysteresisSamples;
        if (error > HysteresisSamples) return Step(error - HysteresisSamples);
        if (error < -GrowSamples) return -Step(-error - GrowSamples);
        return 0;
    }

    private static int Step(int beyond)
    {
        int step = 1 + beyond / 16;
        return step > MaxStepSamples ? MaxStepSamples : step;
    }
}
