namespace NanoPhone.Hal
{
    /// <summary>
    /// The hook switch logic: raw off-hook/on-hook levels come in through <see cref="Feed"/> (any thread)
    /// and must hold for the debounce time before <see cref="State"/> follows and <see cref="Changed"/> is
    /// raised. A handset dropped into the cradle bounces for tens of milliseconds; 50 ms is a safe default.
    /// </summary>
    public sealed class HookSwitch : IHookSwitch
    {
        public const int DefaultDebounceMs = 50;

        private readonly IHalClock _clock;
        private readonly Debouncer _contact;
        private readonly RawInputQueue _input = new RawInputQueue(32);

        public HookSwitch(IHalClock clock, int debounceMs, HookState initial)
        {
            _clock = clock;
            _contact = new Debouncer(debounceMs, initial == HookState.OffHook);
        }

        public event HookChangedHandler Changed;

        public HookState State
        {
            get { return _contact.Stable ? HookState.OffHook : HookState.OnHook; }
        }

        /// <summary>A raw hook level seen at <paramref name="atMs"/>. Thread-safe.</summary>
        public void Feed(bool offHook, long atMs)
        {
            _input.Push(0, offHook, atMs);
        }

        /// <summary>Takes <paramref name="state"/> as settled, without an event (e.g. read at start-up).</summary>
        public void Reset(HookState state)
        {
            _contact.Reset(state == HookState.OffHook);
        }

        public void Poll()
        {
            int channel;
            bool level;
            long atMs;
            while (_input.TryTake(out channel, out level, out atMs))
            {
                _contact.Feed(level, atMs);
            }

            long now = _clock.NowMs;
            if (_contact.Update(now))
            {
                HookChangedHandler handler = Changed;
                if (handler != null)
                {
                    handler(State, now);
                }
            }
        }
    }
}
