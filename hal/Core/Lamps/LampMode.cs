namespace NanoPhone.Hal
{
    /// <summary>How an indicator shows: steady or blinking (blink phases start lit when the mode is set).</summary>
    public enum LampMode
    {
        Off = 0,
        On = 1,

        /// <summary>500 ms lit, 500 ms dark: e.g. message waiting.</summary>
        SlowBlink = 2,

        /// <summary>125 ms lit, 125 ms dark: e.g. registration failing.</summary>
        FastBlink = 3,
    }
}
