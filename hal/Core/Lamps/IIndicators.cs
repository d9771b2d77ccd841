namespace NanoPhone.Hal
{
    /// <summary>The indicator model: what each lamp should show. Blinking advances in <see cref="Poll"/>.</summary>
    public interface IIndicators
    {
        void Set(Indicator which, LampMode mode);

        LampMode Get(Indicator which);

        /// <summary>Whether the lamp is lit right now (blink phase included).</summary>
        bool IsLit(Indicator which);

        /// <summary>Updates blinking lamps; call from the main loop.</summary>
        void Poll();
    }
}
