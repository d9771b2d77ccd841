namespace NanoPhone.Sip.Text;

/// <summary>
/// Byte-level helpers for the ASCII grammar of SIP. nanoFramework's mscorlib has no Encoding,
/// so conversions between bytes and strings live here, used only where a person reads the text.
/// </summary>
public static class Ascii
{
    public static byte Lower(byte b)
    {
        return b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b | 0x20) : b;
    }

    public static bool IsDigit(byte b) { return b >= (byte)'0' && b <= (byte)'9'; }

    public static bool IsAlpha(byte b)
    {
        return (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z');
    }

    public static bool IsHex(byte b)
    {
        return IsDigit(b) || (b >= (byte)'a' && b <= (byte)'f') || (b >= (byte)'A' && b <= (byte)'F');
    }

    public static int HexValue(byte b)
    {
        if (IsDigit(b)) return b - '0';
        if (b >= (byte)'a' && b <= (byte)'f') return b - 'a' + 10;
        if (b >= (byte)'A' && b <= (byte)'F') return b - 'A' + 10;
        return -1;
    }

    /// <summary>SP or HTAB.</summary>
    public static bool IsWsp(byte b) { return b == (byte)' ' || b == (byte)'\t'; }

    /// <summary>RFC 3261 §25.1 token characters.</summary>
    public static bool IsToken(byte b) { return (Classes[b] & Token) != 0; }

    // Character classes of RFC 3261 §25.1, one lookup per byte instead of a chain of compares.
    public const byte Token = 1;
    public const byte Unreserved = 2;
    public const byte UserChar = 4;
    public const byte PasswordChar = 8;
    public const byte ParamChar = 16;
    public const byte HeaderChar = 32;

    /// <summary>The class bits of every byte value.</summary>
    public static readonly byte[] Classes = BuildClasses();

    private static byte[] BuildClasses()
    {
        byte[] t = new byte[256];
        for (int c = 0; c < 128; c++)
        {
            byte b = (byte)c;
            bool alnum = IsAlpha(b) || IsDigit(b);
            if (alnum || In(b, "-.!%*_+`'~")) t[c] |= Token;
            if (alnum || In(b, "-_.!~*'()")) t[c] |= Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar;
            if (In(b, "&=+$,;?/")) t[c] |= UserChar;
            if (In(b, "&=+$,")) t[c] |= PasswordChar;
            if (In(b, "[]/:&+$")) t[c] |= ParamChar;
            if (In(b, "[]/?:+$")) t[c] |= HeaderChar;
        }
        return t;
    }

    private static bool In(byte b, string set)
    {
        for (int i = 0; i < set.Length; i++)
        {
            if (set[i] == b) return true;
        }
        return false;
    }

    /// <summary>Case-insensitive compare of a byte range with an ASCII literal.</summary>
    public static bool EqualsIgnoreCase(byte[] buf, int off, int len, string literal)
    {
        if (len != literal.Length) return false;
        for (int i = 0; i < len; i++)
        {
            byte a = Lower(buf[off + i]);
            char c = literal[i];
            if (c >= 'A' && c <= 'Z') c = (char)(c | 0x20);
            if (a != c) return false;
        }
        return true;
    }

    /// <summary>Exact (case-sensitive) compare of a byte range with an ASCII literal.</summary>
    public static bool Equals(byte[] buf, int off, int len, string literal)
    {
        if (len != literal.Length) return false;
        for (int i = 0; i < len; i++)
        {
            if (buf[off + i] != literal[i]) return false;
        }
        return true;
    }

    public static bool BytesEqual(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen)
    {
        if (aLen != bLen) return false;
        for (int i = 0; i < aLen; i++)
        {
            if (a[aOff + i] != b[bOff + i]) return false;
        }
        return true;
    }

    public static bool BytesEqualIgnoreCase(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen)
    {
        if (aLen != bLen) return false;
        for (int i = 0; i < aLen; i++)
        {
            if (Lower(a[aOff + i]) != Lower(b[bOff + i])) return false;
        }
        return true;
    }

    /// <summary>Decodes UTF-8 (invalid sequences become U+FFFD) into a string for people to read.</summary>
    public static string ToString(byte[] buf, int off, int len)
    {
        if (len <= 0) return string.Empty;
        char[] chars = new char[len];
        int n = 0;
        int end = off + len;
        int i = off;
        while (i < end)
        {
            int b = buf[i];
            if (b < 0x80) { chars[n++] = (char)b; i++; continue; }
            int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
            if (extra < 0 || i + extra >= end)
            {
                chars[n++] = '\uFFFD'; i++; continue;
            }
            int cp = b & (0x3F >> extra);
            bool ok = true;
            for (int k = 1; k <= extra; k++)
            {
                int c = buf[i + k];
                if ((c & 0xC0) != 0x80) { ok = false; break; }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (!ok || cp > 0x10FFFF) { chars[n++] = '\uFFFD'; i++; continue; }
            if (cp > 0xFFFF)
            {
                // Outside the BMP: a surrogate pair (nanoCLR strings cannot hold these; .NET can).
                cp -= 0x10000;
                chars[n++] = (char)(0xD800 + (cp >> 10));
                chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
            }
            else
            {
                chars[n++] = (char)cp;
            }
            i += extra + 1;
        }
        return new string(chars, 0, n);
    }

    /// <summary>Parses an unsigned decimal of at most 10 digits; false if empty, not digits or above max.</summary>
    public static bool TryParseUInt(byte[] buf, int off, int len, long max, out long value)
    {
        value = 0;
        if (len <= 0 || len > 10) return false;
        for (int i = 0; i < len; i++)
        {
            byte b = buf[off + i];
            if (!IsDigit(b)) return false;
            value = value * 10 + (b - '0');
        }
        return value <= max;
    }

    /// <summary>Number of bytes needed to write s as UTF-8 (a surrogate pair is one 4-byte character).</summary>
    public static int Utf8Length(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (IsPair(s, i)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }

    private static bool IsPair(string s, int i)
    {
        char c = s[i];
        return c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;
    }

    /// <summary>Encodes s as UTF-8 into dst at off; returns the new offset. dst must be large enough.</summary>
    public static int WriteUtf8(string s, byte[] dst, int off)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80) { dst[off++] = (byte)c; }
            else if (c < 0x800)
            {
                dst[off++] = (byte)(0xC0 | (c >> 6));
                dst[off++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (IsPair(s, i))
            {
                int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                i++;
                dst[off++] = (byte)(0xF0 | (cp >> 18));
                dst[off++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                dst[off++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                dst[off++] = (byte)(0x80 | (cp & 0x3F));
            }
            else
            {
                dst[off++] = (byte)(0xE0 | (c >> 12));
                dst[off++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                dst[off++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return off;
    }

    public static byte[] Utf8Bytes(string s)
    {
        byte[] b = new byte[Utf8Length(s)];
        WriteUtf8(s, b, 0);
        return b;
    }
}
