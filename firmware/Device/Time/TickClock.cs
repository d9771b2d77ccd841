using NanoPhone.Sip.Timing;

namespace NanoPhone.Device.Time;

/// <summary>
/// The device's monotonic millisecond clock: System.Environment.TickCount64, milliseconds since
/// the system started, from the system timer (nanoFramework.Runtime.Native; nanoFramework's mscorlib
/// has no Environment class and no Stopwatch). DateTime.UtcNow is not used: it follows SNTP and the
/// RTC, so it can jump. The HAL reads the same clock through App's HalClock.
/// </summary>
public sealed class TickClock : IClock
{
    public long NowMs
    {
        get { return System.Environment.TickCount64; }
    }
}
