namespace NanoPhone.Hal
{
    /// <summary>The ringer logic: a <see cref="CadencePlayer"/> switching an <see cref="IToneOutput"/> on and off.</summary>
    public sealed class Ringer : IRinger
    {
        /// <summary>Near the resonance of common passive piezo buzzers, loud without a driver stage.</summary>
        public const int DefaultToneHz = 2000;

        private readonly IHalClock _clock;
        private readonly IToneOutput _output;
        private readonly int _toneHz;
        private readonly CadencePlayer _player = new CadencePlayer();
        private bool _sounding;

        public Ringer(IHalClock clock, IToneOutput output, int toneHz)
        {
            _clock = clock;
            _output = output;
            _toneHz = toneHz;
        }

        public bool IsRinging
        {
            get { return _player.IsRunning; }
        }

        public bool IsSounding
        {
            get { return _sounding; }
        }

        public RingPattern Pattern
        {
            get { return _player.Pattern; }
        }

        public void Start(RingPattern pattern)
        {
            if (pattern == null)
            {
                throw new System.ArgumentNullException("pattern");
            }

            if (_player.Pattern == pattern)
            {
                return;
            }

            _player.Start(pattern, _clock.NowMs);
            Poll();
        }

        public void Stop()
        {
            _player.Stop();
            Poll();
        }

        public void Poll()
        {
            bool on = _player.IsOnAt(_clock.NowMs);
            if (on == _sounding)
            {
                return;
            }

            _sounding = on;
            if (on)
            {
                _output.ToneOn(_toneHz);
            }
            else
            {
                _output.ToneOff();
            }
        }
    }
}
