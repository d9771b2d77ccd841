namespace NanoPhone.Hal
{
    /// <summary>The audio hardware as frames of 160 samples: 20 ms of 8 kHz, 16-bit, mono. On a board
    /// an I2S microphone and amplifier (or an I2S codec); on the desktop files and generated tones.
    /// The frames are the caller's; an implementation copies what it keeps.</summary>
    public interface IAudioFrames
    {
        /// <summary>Samples per frame: 160.</summary>
        int FrameSamples { get; }

        /// <summary>Fills <paramref name="microphone"/> with the next 20 ms captured. On a board this
        /// waits for the I2S read, so the microphone's clock paces the sending; false when no frame
        /// is ready (the route is <see cref="AudioRoute.Off"/>, or the device has nothing yet).</summary>
        bool ReadFrame(short[] microphone);

        /// <summary>Plays 20 ms on the current route, at the current volume.</summary>
        void WriteFrame(short[] speaker);

        /// <summary>Handset or loudspeaker (chosen by the hook switch and the speaker key), or off.</summary>
        AudioRoute Route { get; set; }

        /// <summary>Volume step of the current route, 0 (quietest) to <see cref="MaxVolume"/>.</summary>
        int Volume { get; set; }

        int MaxVolume { get; }
    }
}
