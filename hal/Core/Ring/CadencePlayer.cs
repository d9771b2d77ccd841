namespace NanoPhone.Hal
{
    /// <summary>
    /// Plays a <see cref="RingPattern"/> against the clock: given the time, says whether the tone should
    /// sound. It keeps no timers: the answer is computed from the start time, so a late poll neither
    /// stretches nor drifts the cadence.
    /// </summary>
    public sealed class CadencePlayer
    {
        private RingPattern _pattern;
        private long _startMs;

        public bool IsRunning
        {
            get { return _pattern != null; }
        }

        /// <summary>The pattern playing, or null.</summary>
        public RingPattern Pattern
        {
            get { return _pattern; }
        }

        public void Start(RingPattern pattern, long nowMs)
        {
            _pattern = pattern;
            _startMs = nowMs;
        }

        public void Stop()
        {
            _pattern = null;
        }

        public bool IsOnAt(long nowMs)
        {
            return _pattern != null && _pattern.IsOnAt(nowMs - _startMs);
        }
    }
}
