namespace NanoPhone.Hal
{
    /// <summary>The ringer: rings in a cadence until stopped. The cadence advances in <see cref="Poll"/>.</summary>
    public interface IRinger
    {
        /// <summary>Starts ringing; the same pattern again keeps the running cadence, another restarts it.</summary>
        void Start(RingPattern pattern);

        void Stop();

        /// <summary>True from Start to Stop, in the silent gaps too.</summary>
        bool IsRinging { get; }

        /// <summary>True while the tone is actually on.</summary>
        bool IsSounding { get; }

        /// <summary>The pattern ringing, or null.</summary>
        RingPattern Pattern { get; }

        /// <summary>Switches the tone on or off as the cadence says; call from the main loop.</summary>
        void Poll();
    }
}
