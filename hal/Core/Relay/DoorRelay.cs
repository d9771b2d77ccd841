namespace NanoPhone.Hal
{
    /// <summary>
    /// The door opener's logic: <see cref="Pulse"/> energises the output at once and <see cref="Poll"/>
    /// releases it when the pulse's time is up, against the HAL clock (no sleeping, no thread). A pulse
    /// asked for while one is on extends it: one opening, one click.
    /// </summary>
    public sealed class DoorRelay : IDoorRelay
    {
        /// <summary>Longest pulse taken; a longer one is cut to it (a strike left energised overheats).</summary>
        public const int MaxPulseMs = 30000;

        private readonly IHalClock _clock;
        private readonly IRelayOutput _output;
        private long _offAtMs;
        private bool _on;
        private int _pulses;

        /// <param name="output">The relay's coil; null for a board without one.</param>
        public DoorRelay(IHalClock clock, IRelayOutput output)
        {
            _clock = clock;
            _output = output;
            if (_output != null)
            {
                _output.SetRelay(false);
            }
        }

        public bool IsFitted
        {
            get { return _output != null; }
        }

        public bool IsEnergised
        {
            get { return _on; }
        }

        public int Pulses
        {
            get { return _pulses; }
        }

        public bool Pulse(int ms)
        {
            if (_output == null || ms <= 0)
            {
                return false;
            }

            if (ms > MaxPulseMs)
            {
                ms = MaxPulseMs;
            }

            _offAtMs = _clock.NowMs + ms;
            if (!_on)
            {
                _on = true;
                _pulses++;
                _output.SetRelay(true);
            }

            return true;
        }

        /// <summary>Releases the relay once its pulse is over; call every loop turn.</summary>
        public void Poll()
        {
            if (_on && _clock.NowMs >= _offAtMs)
            {
                _on = false;
                _output.SetRelay(false);
            }
        }
    }
}
