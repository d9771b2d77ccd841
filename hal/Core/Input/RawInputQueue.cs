namespace NanoPhone.Hal
{
    /// <summary>
    /// A fixed-size, thread-safe queue of raw contact changes (channel, level, time). Driver callbacks and
    /// scan threads push; the phone's main loop takes them in its Poll. When full, new entries are dropped
    /// and counted: the debouncers recover on the next change, since only the latest level matters.
    /// </summary>
    public sealed class RawInputQueue
    {
        private readonly object _lock = new object();
        private readonly int[] _channels;
        private readonly bool[] _levels;
        private readonly long[] _times;
        private int _head;
        private int _count;
        private int _dropped;

        public RawInputQueue(int capacity)
        {
            _channels = new int[capacity];
            _levels = new bool[capacity];
            _times = new long[capacity];
        }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _count;
                }
            }
        }

        public int Dropped
        {
            get
            {
                lock (_lock)
                {
                    return _dropped;
                }
            }
        }

        public bool Push(int channel, bool level, long atMs)
        {
            lock (_lock)
            {
                if (_count == _channels.Length)
                {
                    _dropped++;
                    return false;
                }

                int tail = (_head + _count) % _channels.Length;
                _channels[tail] = channel;
                _levels[tail] = level;
                _times[tail] = atMs;
                _count++;
                return true;
            }
        }

        public bool TryTake(out int channel, out bool level, out long atMs)
        {
            lock (_lock)
            {
                if (_count == 0)
                {
                    channel = 0;
                    level = false;
                    atMs = 0;
                    return false;
                }

                channel = _channels[_head];
                level = _levels[_head];
                atMs = _times[_head];
                _head = (_head + 1) % _channels.Length;
                _count--;
                return true;
            }
        }
    }
}
