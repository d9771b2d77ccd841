using NanoPhone.Hal;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Phone;

/// <summary>
/// The HAL's clock over the loop's clock: keypad debounce, ring cadence and lamp blinking run on the
/// same monotonic milliseconds as the SIP timers, so one clock (and one ManualClock in tests) drives both.
/// </summary>
public sealed class HalClock : IHalClock
{
    private readonly IClock _clock;

    public HalClock(IClock clock)
    {
        if (clock == null) throw new System.ArgumentNullException("clock");
        _clock = clock;
    }

    public long NowMs { get { return _clock.NowMs; } }
}
