using System.Diagnostics;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Host;

/// <summary>
/// The desktop's monotonic clock for the user agent: milliseconds from a Stopwatch, so it never
/// goes back and ignores wall-clock changes (NTP, the user setting the time). Starts at 0 when
/// created; only differences matter to the agent.
/// </summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long NowMs => _watch.ElapsedMilliseconds;
}
