namespace NanoPhone.Hal
{
    /// <summary>Conversions between <see cref="PhoneKey"/> and the characters a dial string uses.</summary>
    public static class PhoneKeys
    {
        /// <summary>Number of <see cref="PhoneKey"/> values, <see cref="PhoneKey.None"/> included.</summary>
        public const int Count = 23;

        /// <summary>True for 0-9, * and #: the keys that go into a dial string.</summary>
        public static bool IsDialKey(PhoneKey key)
        {
            return key >= PhoneKey.Digit0 && key <= PhoneKey.Hash;
        }

        /// <summary>'0'-'9', '*' or '#' for a dial key, otherwise '\0'.</summary>
        public static char ToDialChar(PhoneKey key)
        {
            if (key >= PhoneKey.Digit0 && key <= PhoneKey.Digit9)
            {
                return (char)('0' + (key - PhoneKey.Digit0));
            }

            if (key == PhoneKey.Star)
            {
                return '*';
            }

            return key == PhoneKey.Hash ? '#' : '\0';
        }

        /// <summary>The dial key for '0'-'9', '*' or '#', otherwise <see cref="PhoneKey.None"/>.</summary>
        public static PhoneKey FromDialChar(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return (PhoneKey)((int)PhoneKey.Digit0 + (c - '0'));
            }

            if (c == '*')
            {
                return PhoneKey.Star;
            }

            return c == '#' ? PhoneKey.Hash : PhoneKey.None;
        }
    }
}
