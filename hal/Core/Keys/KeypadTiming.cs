namespace NanoPhone.Hal
{
    /// <summary>Timing of the keypad logic, in milliseconds of the HAL clock.</summary>
    public sealed class KeypadTiming
    {
        public KeypadTiming()
        {
            DebounceMs = 30;
            RepeatDelayMs = 600;
            RepeatIntervalMs = 150;
        }

        /// <summary>How long a key's contact must hold still before a press or release counts.</summary>
        public int DebounceMs { get; set; }

        /// <summary>Hold time before the first <see cref="KeyAction.Repeated"/>; 0 turns repeat off.</summary>
        public int RepeatDelayMs { get; set; }

        /// <summary>Time between further repeats.</summary>
        public int RepeatIntervalMs { get; set; }
    }
}
