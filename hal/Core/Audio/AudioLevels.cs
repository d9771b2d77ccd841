namespace NanoPhone.Hal
{
    /// <summary>
    /// The route and the levels that go with it: a volume step per route (0 to <see cref="MaxVolume"/>,
    /// 3 dB apart, the loudest at full scale), applied as a digital gain to what is played, and the
    /// microphone's gain. The handset's earpiece sits at the ear: its gain is 12 dB below the
    /// loudspeaker's at the same step. The hands-free microphone hears a voice about ten times as far
    /// away as the handset's: 12 dB more gain. Both volumes are kept while the other route is in use.
    /// </summary>
    public sealed class AudioLevels
    {
        public const int MaxVolume = 8;

        public const int DefaultVolume = 5;

        /// <summary>The gain of a volume step as a multiplier of 4096: 4096 × 10^(−3 (8 − step) / 20).</summary>
        private static readonly short[] StepGainQ12 = { 258, 365, 516, 728, 1029, 1453, 2053, 2900, 4096 };

        private const int HandsetAttenuationShift = 2;

        private const int HandsetMicrophoneShift = 2;

        private const int SpeakerMicrophoneShift = 4;

        private int _handsetVolume = DefaultVolume;
        private int _speakerVolume = DefaultVolume;

        public AudioRoute Route { get; set; }

        /// <summary>The current route's step; setting it clamps to 0..<see cref="MaxVolume"/>, and
        /// is ignored while the route is <see cref="AudioRoute.Off"/>.</summary>
        public int Volume
        {
            get { return Route == AudioRoute.Speaker ? _speakerVolume : _handsetVolume; }
            set
            {
                int step = value < 0 ? 0 : value > MaxVolume ? MaxVolume : value;
                if (Route == AudioRoute.Speaker)
                {
                    _speakerVolume = step;
                }
                else if (Route == AudioRoute.Handset)
                {
                    _handsetVolume = step;
                }
            }
        }

        /// <summary>What a played sample is multiplied by, over 4096: 0 while the route is off.</summary>
        public int PlayGainQ12
        {
            get
            {
                switch (Route)
                {
                    case AudioRoute.Speaker:
                        return StepGainQ12[_speakerVolume];
                    case AudioRoute.Handset:
                        return StepGainQ12[_handsetVolume] >> HandsetAttenuationShift;
                    default:
                        return 0;
                }
            }
        }

        /// <summary>Bits a microphone sample (the top 16 of the I2S slot) is shifted up by: ×4 (+12 dB) for
        /// the handset, ×16 (+24 dB) hands-free; an INMP441 gives −26 dBFS at 94 dB SPL.</summary>
        public int MicrophoneShift
        {
            get { return Route == AudioRoute.Speaker ? SpeakerMicrophoneShift : HandsetMicrophoneShift; }
        }
    }
}
