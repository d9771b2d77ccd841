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
            : this(clock, settings, tone, lamps, null)
        {
        }

        /// <param name="relay">The door opener's relay; null for a board without one.</param>
        public PhoneHardware(IHalClock clock, HalSettings settings, IToneOutput tone, ILampOutput lamps, IRelayOutput relay)
        {
            Clock = clock;
            KeypadLogic = new Keypad(clock, settings.Keypad);
            HookLogic = new HookSwitch(clock, settings.HookDebounceMs, HookState.OnHook);
            Ringer = new Ringer(clock, tone, settings.RingToneHz);
            Indicators = new Indicators(clock, lamps);
            DoorRelay = new DoorRelay(clock, relay);
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

        /// <summary>The door opener, with its <see cref="Hal.DoorRelay.Poll"/>.</summary>
        public DoorRelay DoorRelay { get; }

        public IDoorRelay Relay
        {
            get { return DoorRelay; }
        }

        public void Poll()
        {
            KeypadLogic.Poll();
            HookLogic.Poll();
            Ringer.Poll();
            Indicators.Poll();
            DoorRelay.Poll();
        }
    }
}
