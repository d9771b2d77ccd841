using NanoPhone.Sip.Text;

namespace NanoPhone.NFUnitTest.Support
{
    /// <summary>Text to bytes and back without System.Text (nanoFramework has no Encoding).</summary>
    public static class Bytes
    {
        private const string HexDigits = "0123456789abcdef";

        /// <summary>The UTF-8 bytes of text (sipua's own encoder, the same on every runtime).</summary>
        public static byte[] Of(string text) { return Ascii.Utf8Bytes(text); }

        public static string Text(byte[] b, int offset, int length) { return Ascii.ToString(b, offset, length); }

        public static string Text(byte[] b) { return Ascii.ToString(b, 0, b.Length); }

        /// <summary>Lower-case hex of length bytes of b.</summary>
        public static string Hex(byte[] b, int offset, int length)
        {
            char[] c = new char[2 * length];
            for (int i = 0; i < length; i++)
            {
                c[2 * i] = HexDigits[b[offset + i] >> 4];
                c[2 * i + 1] = HexDigits[b[offset + i] & 15];
            }
            return new string(c);
        }

        public static bool Same(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength)
        {
            return Ascii.BytesEqual(a, aOffset, aLength, b, bOffset, bLength);
        }

        /// <summary>Where a and b first differ, for failure messages (-1 if they are equal).</summary>
        public static int FirstDifference(byte[] a, int aLength, byte[] b, int bLength)
        {
            int n = aLength < bLength ? aLength : bLength;
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i]) return i;
            }
            return aLength == bLength ? -1 : n;
        }

        /// <summary>The bytes a writer holds, copied.</summary>
        public static byte[] Copy(byte[] b, int offset, int length)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(b, offset, copy, 0, length);
            return copy;
        }
    }
}
