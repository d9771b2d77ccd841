namespace NanoPhone.Hal
{
    /// <summary>The door opener: a relay output pulsed for a while (a door strike, a gate).</summary>
    public interface IDoorRelay
    {
        /// <summary>False when the board has no relay pin: <see cref="Pulse"/> does nothing.</summary>
        bool IsFitted { get; }

        /// <summary>True while a pulse is on.</summary>
        bool IsEnergised { get; }

        /// <summary>Pulses started since power-up.</summary>
        int Pulses { get; }

        /// <summary>Energises the relay for <paramref name="ms"/> milliseconds (a pulse already on is extended, not doubled). False when not fitted.</summary>
        bool Pulse(int ms);
    }
}
