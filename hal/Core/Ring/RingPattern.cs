namespace NanoPhone.Hal
{
    /// <summary>
    /// A ring cadence: alternating on/off times in milliseconds, starting with "on", repeated for as long
    /// as the phone rings. The configuration value <see cref="ConfigKey"/> names one of
    /// <see cref="Names"/>:
    /// "uk" 0.4 s on, 0.2 s off, 0.4 s on, 2.0 s off (the British double ring);
    /// "us" 2 s on, 4 s off (North American ringing);
    /// "de" 1 s on, 4 s off (German ringing).
    /// </summary>
    public sealed class RingPattern
    {
        public const string ConfigKey = "ringer.pattern";
        public const string DefaultName = "us";

        public static readonly RingPattern Uk = new RingPattern("uk", new int[] { 400, 200, 400, 2000 });
        public static readonly RingPattern Us = new RingPattern("us", new int[] { 2000, 4000 });
        public static readonly RingPattern De = new RingPattern("de", new int[] { 1000, 4000 });

        private readonly int[] _stepsMs;
        private readonly int _periodMs;

        /// <param name="name">What configuration calls it.</param>
        /// <param name="stepsMs">On, off, on, off... durations; an even number of positive values.</param>
        public RingPattern(string name, int[] stepsMs)
        {
            if (stepsMs == null || stepsMs.Length == 0 || stepsMs.Length % 2 != 0)
            {
                throw new System.ArgumentException("a cadence is pairs of on and off times", "stepsMs");
            }

            _stepsMs = new int[stepsMs.Length];
            for (int i = 0; i < stepsMs.Length; i++)
            {
                if (stepsMs[i] <= 0)
                {
                    throw new System.ArgumentException("cadence times must be positive", "stepsMs");
                }

                _stepsMs[i] = stepsMs[i];
                _periodMs += stepsMs[i];
            }

            Name = name;
        }

        public string Name { get; }

        /// <summary>Length of one whole cycle.</summary>
        public int PeriodMs
        {
            get { return _periodMs; }
        }

        public int StepCount
        {
            get { return _stepsMs.Length; }
        }

        /// <summary>Duration of step <paramref name="index"/>; even steps sound, odd steps are silent.</summary>
        public int StepMs(int index)
        {
            return _stepsMs[index];
        }

        /// <summary>Whether the ringer sounds <paramref name="elapsedMs"/> after the ring started.</summary>
        public bool IsOnAt(long elapsedMs)
        {
            if (elapsedMs < 0)
            {
                return false;
            }

            long t = elapsedMs % _periodMs;
            for (int i = 0; i < _stepsMs.Length; i++)
            {
                if (t < _stepsMs[i])
                {
                    return i % 2 == 0;
                }

                t -= _stepsMs[i];
            }

            return false;
        }

        public static string[] Names()
        {
            return new string[] { Uk.Name, Us.Name, De.Name };
        }

        /// <summary>The pattern called <paramref name="name"/>, or null when there is none.</summary>
        public static RingPattern ByName(string name)
        {
            if (name == Uk.Name)
            {
                return Uk;
            }

            if (name == Us.Name)
            {
                return Us;
            }

            return name == De.Name ? De : null;
        }

        public override string ToString()
        {
            return Name;
        }
    }
}
