namespace NanoPhone.Hal
{
    /// <summary>Tunable numbers of the HAL logic; the defaults suit membrane keypads and microswitches.</summary>
    public sealed class HalSettings
    {
        public HalSettings()
        {
            Keypad = new KeypadTiming();
            HookDebounceMs = HookSwitch.DefaultDebounceMs;
            RingToneHz = Ringer.DefaultToneHz;
            MatrixScanIntervalMs = 5;
        }

        public KeypadTiming Keypad { get; set; }

        public int HookDebounceMs { get; set; }

        public int RingToneHz { get; set; }

        /// <summary>Pause between two matrix row scans (a whole scan takes rows times this); 0 in tests.</summary>
        public int MatrixScanIntervalMs { get; set; }
    }
}
