namespace NanoPhone.Hal
{
    /// <summary>A clock that moves only when told to: for tests and for stepping the simulator.</summary>
    public sealed class ManualClock : IHalClock
    {
        private long _nowMs;

        public ManualClock(long startMs)
        {
            _nowMs = startMs;
        }

        public long NowMs
        {
            get { return _nowMs; }
        }

        public void Advance(long ms)
        {
            if (ms < 0)
            {
                throw new System.ArgumentOutOfRangeException("ms", "a clock does not go back");
            }

            _nowMs += ms;
        }
    }
}
