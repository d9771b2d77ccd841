namespace NanoPhone.Hal
{
    /// <summary>
    /// One contact's debounce state machine: the raw level must hold for <c>settleMs</c> before the stable
    /// level follows it. Raw changes are fed with the time they happened; <see cref="Update"/> is called
    /// with the current time and says whether the stable level changed. A bounce restarts the wait.
    /// </summary>
    public sealed class Debouncer
    {
        private readonly int _settleMs;
        private bool _raw;
        private long _rawSinceMs;
        private bool _stable;

        public Debouncer(int settleMs, bool initialLevel)
        {
            _settleMs = settleMs;
            _raw = initialLevel;
            _stable = initialLevel;
        }

        /// <summary>The debounced level.</summary>
        public bool Stable
        {
            get { return _stable; }
        }

        /// <summary>The last raw level fed.</summary>
        public bool Raw
        {
            get { return _raw; }
        }

        /// <summary>A raw level seen at <paramref name="atMs"/>; a repeat of the current raw level is ignored.</summary>
        public void Feed(bool level, long atMs)
        {
            if (level == _raw)
            {
                return;
            }

            _raw = level;
            _rawSinceMs = atMs;
        }

        /// <summary>Lets the stable level follow a raw level that has held long enough; true when it changed.</summary>
        public bool Update(long nowMs)
        {
            if (_raw == _stable || nowMs - _rawSinceMs < _settleMs)
            {
                return false;
            }

            _stable = _raw;
            return true;
        }

        /// <summary>Forgets any pending change and takes <paramref name="level"/> as both raw and stable.</summary>
        public void Reset(bool level)
        {
            _raw = level;
            _stable = level;
        }
    }
}
