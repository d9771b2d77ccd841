namespace NanoPhone.Hal
{
    /// <summary>
    /// The HAL's only notion of time: a monotonic millisecond count. Debounce, key repeat, ring cadence
    /// and LED blinking read it; nothing in the HAL logic reads DateTime or sleeps. Firmware passes a
    /// clock over the system tick, tests a <see cref="ManualClock"/>.
    /// </summary>
    public interface IHalClock
    {
        long NowMs { get; }
    }
}
