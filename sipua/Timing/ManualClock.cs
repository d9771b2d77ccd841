namespace NanoPhone.Sip.Timing;

/// <summary>A clock that moves only when told to: tests step time instead of sleeping.</summary>
public sealed class ManualClock : IClock
{
    private long _now;

    public ManualClock() { }

    public ManualClock(long startMs) { _now = startMs; }

    public long NowMs { get { return _now; } }

    /// <summary>Moves time forward by ms (negative values are refused: the clock is monotonic).</summary>
    public void Advance(long ms)
    {
        if (ms < 0) throw new System.ArgumentException("a monotonic clock cannot go back");
        _now += ms;
    }

    /// <summary>Sets the time; it may not move backwards.</summary>
    public void Set(long nowMs)
    {
        if (nowMs < _now) throw new System.ArgumentException("a monotonic clock cannot go back");
        _now = nowMs;
    }
}
