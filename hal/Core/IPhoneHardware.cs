namespace NanoPhone.Hal
{
    /// <summary>Everything the phone logic touches of the hardware. One <see cref="Poll"/> a main-loop turn
    /// (every 10 ms or so) drives all of it.</summary>
    public interface IPhoneHardware
    {
        IKeypad Keypad { get; }

        IHookSwitch Hook { get; }

        IRinger Ringer { get; }

        IIndicators Indicators { get; }

        /// <summary>The door opener (a relay pin); not fitted on most boards.</summary>
        IDoorRelay Relay { get; }

        void Poll();
    }
}
