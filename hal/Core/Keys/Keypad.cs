namespace NanoPhone.Hal
{
    /// <summary>
    /// The keypad logic, apart from wiring: raw key contacts come in through <see cref="Feed"/> (any
    /// thread: a matrix scan, a GPIO callback, the simulator's UI), are debounced per key, and come out as
    /// <see cref="KeyAction.Pressed"/>/<see cref="KeyAction.Released"/> events from <see cref="Poll"/>. The
    /// key pressed last repeats while held.
    /// </summary>
    public sealed class Keypad : IKeypad
    {
        private readonly IHalClock _clock;
        private readonly KeypadTiming _timing;
        private readonly Debouncer[] _keys = new Debouncer[PhoneKeys.Count];
        private readonly RawInputQueue _input = new RawInputQueue(64);
        private PhoneKey _repeating = PhoneKey.None;
        private long _nextRepeatMs;

        public Keypad(IHalClock clock, KeypadTiming timing)
        {
            _clock = clock;
            _timing = timing;
            for (int i = 0; i < _keys.Length; i++)
            {
                _keys[i] = new Debouncer(timing.DebounceMs, false);
            }
        }

        public event PhoneKeyHandler KeyEvent;

        /// <summary>Raw contact changes that did not fit the input queue (see <see cref="RawInputQueue"/>).</summary>
        public int DroppedInput
        {
            get { return _input.Dropped; }
        }

        /// <summary>A raw contact change of one key, seen at <paramref name="atMs"/>. Thread-safe.</summary>
        public void Feed(PhoneKey key, bool down, long atMs)
        {
            if (key > PhoneKey.None && (int)key < PhoneKeys.Count)
            {
                _input.Push((int)key, down, atMs);
            }
        }

        public bool IsDown(PhoneKey key)
        {
            return key > PhoneKey.None && (int)key < PhoneKeys.Count && _keys[(int)key].Stable;
        }

        public void Poll()
        {
            long now = _clock.NowMs;
            int channel;
            bool level;
            long atMs;
            while (_input.TryTake(out channel, out level, out atMs))
            {
                _keys[channel].Feed(level, atMs);
            }

            for (int i = 1; i < _keys.Length; i++)
            {
                if (_keys[i].Update(now))
                {
                    KeyChanged((PhoneKey)i, _keys[i].Stable, now);
                }
            }

            if (_repeating != PhoneKey.None && now >= _nextRepeatMs)
            {
                _nextRepeatMs += _timing.RepeatIntervalMs;
                if (_nextRepeatMs <= now)
                {
                    _nextRepeatMs = now + _timing.RepeatIntervalMs;
                }

                Raise(_repeating, KeyAction.Repeated, now);
            }
        }

        private void KeyChanged(PhoneKey key, bool down, long now)
        {
            if (down)
            {
                if (_timing.RepeatDelayMs > 0)
                {
                    _repeating = key;
                    _nextRepeatMs = now + _timing.RepeatDelayMs;
                }

                Raise(key, KeyAction.Pressed, now);
                return;
            }

            if (_repeating == key)
            {
                _repeating = PhoneKey.None;
            }

            Raise(key, KeyAction.Released, now);
        }

        private void Raise(PhoneKey key, KeyAction action, long now)
        {
            PhoneKeyHandler handler = KeyEvent;
            if (handler != null)
            {
                handler(key, action, now);
            }
        }
    }
}
