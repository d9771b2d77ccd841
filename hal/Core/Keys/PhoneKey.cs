namespace NanoPhone.Hal
{
    /// <summary>The keys of the phone. Values are dense from 0 so they index arrays (see <see cref="PhoneKeys.Count"/>).</summary>
    public enum PhoneKey
    {
        None = 0,
        Digit0 = 1,
        Digit1 = 2,
        Digit2 = 3,
        Digit3 = 4,
        Digit4 = 5,
        Digit5 = 6,
        Digit6 = 7,
        Digit7 = 8,
        Digit8 = 9,
        Digit9 = 10,
        Star = 11,
        Hash = 12,
        Answer = 13,
        HangUp = 14,
        Dnd = 15,
        Forward = 16,
        Redial = 17,
        /// <summary>Transfer: with one call, hold it and dial the target (blind); with two, join them (attended).</summary>
        Transfer = 18,
        /// <summary>Hands-free: the loudspeaker and its microphone instead of the handset, and back.</summary>
        Speaker = 19,
        /// <summary>Mute: the microphone sends silence, and back.</summary>
        Mute = 20,
        VolumeUp = 21,
        VolumeDown = 22,
    }
}
