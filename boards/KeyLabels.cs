namespace NanoPhone.Boards
{
    /// <summary>
    /// The characters a board uses in <see cref="BoardPins.KeyLayout"/> and
    /// <see cref="BoardPins.DirectKeyLabels"/> to say which key sits where. Digits, '*' and '#' stand for
    /// themselves; the function keys have a letter each. The HAL maps them to its key codes.
    /// </summary>
    public static class KeyLabels
    {
        public const char Answer = 'A';
        public const char HangUp = 'H';
        public const char Dnd = 'D';
        public const char Forward = 'F';
        public const char Redial = 'R';
        /// <summary>The transfer key: optional (a board without it transfers from the console).</summary>
        public const char Transfer = 'T';
        public const char Speaker = 'S';
        public const char Mute = 'M';
        public const char VolumeUp = '+';
        public const char VolumeDown = '-';
        public const char Star = '*';
        public const char Hash = '#';

        /// <summary>A matrix position with no key on it.</summary>
        public const char NoKey = '.';

        /// <summary>Every key a phone needs, each exactly once across matrix and direct keys.</summary>
        public const string Required = "0123456789*#AHDFR";

        /// <summary>Keys a board may have, at most once each: hands-free, mute, volume up and down.</summary>
        public const string Optional = "SM+-";

        public static bool IsKnown(char label)
        {
            return label == NoKey || label == Transfer || Required.IndexOf(label) >= 0 || Optional.IndexOf(label) >= 0;
        }
    }
}
