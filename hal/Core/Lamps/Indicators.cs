namespace NanoPhone.Hal
{
    /// <summary>
    /// The indicator logic: a <see cref="LampMode"/> per <see cref="Indicator"/>, turned into lit/dark
    /// against the clock and written to an <see cref="ILampOutput"/> only when a lamp changes.
    /// </summary>
    public sealed class Indicators : IIndicators
    {
        public const int Count = 4;
        public const int SlowBlinkHalfPeriodMs = 500;
        public const int FastBlinkHalfPeriodMs = 125;

        private readonly IHalClock _clock;
        private readonly ILampOutput _output;
        private readonly LampMode[] _modes = new LampMode[Count];
        private readonly long[] _modeSinceMs = new long[Count];
        private readonly bool[] _lit = new bool[Count];

        /// <summary>All lamps start off; the output is told so at once.</summary>
        public Indicators(IHalClock clock, ILampOutput output)
        {
            _clock = clock;
            _output = output;
            for (int i = 0; i < Count; i++)
            {
                _output.SetLamp((Indicator)i, false);
            }
        }

        public void Set(Indicator which, LampMode mode)
        {
            int i = (int)which;
            if (_modes[i] == mode)
            {
                return;
            }

            _modes[i] = mode;
            _modeSinceMs[i] = _clock.NowMs;
            Refresh(i, _clock.NowMs);
        }

        public LampMode Get(Indicator which)
        {
            return _modes[(int)which];
        }

        public bool IsLit(Indicator which)
        {
            return _lit[(int)which];
        }

        public void Poll()
        {
            long now = _clock.NowMs;
            for (int i = 0; i < Count; i++)
            {
                Refresh(i, now);
            }
        }

        private void Refresh(int i, long now)
        {
            bool lit = LitAt(_modes[i], now - _modeSinceMs[i]);
            if (lit == _lit[i])
            {
                return;
            }

            _lit[i] = lit;
            _output.SetLamp((Indicator)i, lit);
        }

        private static bool LitAt(LampMode mode, long elapsedMs)
        {
            switch (mode)
            {
                case LampMode.On:
                    return true;
                case LampMode.SlowBlink:
                    return (elapsedMs / SlowBlinkHalfPeriodMs) % 2 == 0;
                case LampMode.FastBlink:
                    return (elapsedMs / FastBlinkHalfPeriodMs) % 2 == 0;
                default:
                    return false;
            }
        }
    }
}
