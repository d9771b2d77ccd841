using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Time;

/// <summary>
/// The date and time of day, kept as an offset from the loop's monotonic clock: <see cref="Sync"/>
/// (SNTP on the device, the PC's clock in the simulator) sets it, and every moment of the monotonic
/// clock, also one before the first sync (a call logged at boot), then has a date. Before the first
/// sync there is none: <see cref="UnixMsAt"/> says -1 and the texts say <see cref="NotSet"/>, never
/// 1970. Loop thread only (the sync is posted to it).
/// </summary>
public sealed class WallClock
{
    /// <summary>What the phone shows instead of a date before the first sync.</summary>
    public const string NotSet = "time not set";

    /// <summary>Earliest time a sync may set (2024-01-01T00:00:00Z): a device clock that was never set reads 1970 or 2000.</summary>
    public const long EarliestUnixMs = 1704067200000L;

    private readonly IClock _clock;
    private long _offsetMs;
    private bool _set;
    private long _syncedAtMs;

    public WallClock(IClock clock)
    {
        if (clock == null) throw new System.ArgumentNullException("clock");
        _clock = clock;
    }

    /// <summary>True once a sync set the time.</summary>
    public bool IsSet { get { return _set; } }

    /// <summary>The monotonic time of the last sync; 0 before the first.</summary>
    public long SyncedAtMs { get { return _syncedAtMs; } }

    /// <summary>The time is <paramref name="unixMs"/> (UTC milliseconds since 1970) now. False, changing nothing, for a time before <see cref="EarliestUnixMs"/>.</summary>
    public bool Sync(long unixMs)
    {
        if (unixMs < EarliestUnixMs) return false;
        long now = _clock.NowMs;
        _offsetMs = unixMs - now;
        _set = true;
        _syncedAtMs = now;
        return true;
    }

    /// <summary>UTC milliseconds since 1970 at the monotonic moment <paramref name="monotonicMs"/>, or -1 before the first sync.</summary>
    public long UnixMsAt(long monotonicMs)
    {
        return _set ? monotonicMs + _offsetMs : -1;
    }

    /// <summary>Now in UTC milliseconds since 1970, or -1 before the first sync.</summary>
    public long UnixMs { get { return UnixMsAt(_clock.NowMs); } }

    /// <summary>"2026-12-06 14:41:05 UTC" for the monotonic moment, or <see cref="NotSet"/>.</summary>
    public string Text(long monotonicMs)
    {
        long unix = UnixMsAt(monotonicMs);
        return unix < 0 ? NotSet : DateText.Readable(unix);
    }
}
