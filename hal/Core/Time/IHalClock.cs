namespace NanoPhone.Hal
{
    /// <summary>
    /// The HAL's only notion of time: a monotonic millisecond count. Debounce, key repeat, ring cadence
    /// and LED blinking read it; nothing in the HAL logic reads DateTime or sleeps. The phone passes
    /// the loop's clock (the app's HalClock), so a test steps the SIP timers and the HAL with one
    /// ManualClock (the agent's, NanoPhone.Sip.Timing).
    /// </summary>
    public interface IHalClock
    {
        long NowMs { get; }
    }
}
