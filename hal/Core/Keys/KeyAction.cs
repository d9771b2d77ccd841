namespace NanoPhone.Hal
{
    /// <summary>What happened to a key, after debouncing.</summary>
    public enum KeyAction
    {
        Pressed = 0,

        /// <summary>The key is still held: sent after the repeat delay, then at the repeat interval.</summary>
        Repeated = 1,

        Released = 2,
    }
}
