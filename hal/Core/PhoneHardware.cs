namespace NanoPhone.Hal
{
    /// <summary>
    /// The logic half of the HAL put together: keypad, hook switch, ringer and indicators over one clock,
    /// fed by whatever wiring (GPIO, simulator, test) pushes raw input into <see cref="KeypadLogic"/> and
    /// <see cref="HookLogic"/> and listens on the tone and lamp outputs.
    /// </summary>
    public sealed class PhoneHardware : IPhoneHardware
    {
        public PhoneHardware(IHalClock clock, HalSettings settings, IToneOutput tone, ILampOutput lamps)
        {
            Clock = clock;
            KeypadLogic = new Keypad(clock, settings.Keypad);
            HookLogic = new HookSwitch(clock, settings.HookDebounceMs, HookState.OnHook);
            Ringer = new Ringer(clock, tone, settings.RingToneHz);
            Indicators = new Indicators(clock, lamps);
        }

        public IHalClock Clock { get; }

        /// <summary>The keypad, with its <see cref="Keypad.Feed"/> for the wiring.</summary>
        public Keypad KeypadLogic { get; }

        /// <summary>The hook switch, with its <see cref="HookSwitch.Feed"/> for the wiring.</summary>
        public HookSwitch HookLogic { get; }

        public IKeypad Keypad
        {
            get { return KeypadLogic; }
        }

        public IHookSwitch Hook
        {
            get { return HookLogic; }
        }

        public IRinger Ringer { get; }

        public IIndicators Indicators { get; }

        public void Poll()
        {
            KeypadLogic.Poll();
            HookLogic.Poll();
            Ringer.Poll();
            Indicators.Poll();
        }
    }
}
