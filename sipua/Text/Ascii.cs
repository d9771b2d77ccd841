namespace NanoPhone.Sip.Text;

/// <summary>
/// Byte-level helpers for the ASCII grammar of SIP. nanoFramework's mscorlib has no Encoding,
/// so conversions between bytes and strings live here, used only where a person reads the text.
/// </summary>
public static class Ascii
{
    // The byte helpers below are the one definition of each class; loops that run over every byte
    // of a message read the tables (Classes, LowerCase) directly instead of calling them: on the
    // nanoFramework interpreter a method call costs as much as a dozen IL instructions, and it does
    // not inline (the .NET JIT inlines these helpers anyway).

    public static byte Lower(byte b) { return LowerCase[b]; }

    public static bool IsDigit(byte b) { return (Classes[b] & Digit) != 0; }

    public static bool IsAlpha(byte b) { return (Classes[b] & Alpha) != 0; }

    public static bool IsHex(byte b) { return (Classes[b] & HexDigit) != 0; }

    public static int HexValue(byte b)
    {
        if (IsDigit(b)) return b - '0';
        if (b >= (byte)'a' && b <= (byte)'f') return b - 'a' + 10;
        if (b >= (byte)'A' && b <= (byte)'F') return b - 'A' + 10;
        return -1;
    }

    /// <summary>SP or HTAB.</summary>
    public static bool IsWsp(byte b) { return (Classes[b] & Wsp) != 0; }

    /// <summary>RFC 3261 §25.1 token characters.</summary>
    public static bool IsToken(byte b) { return (Classes[b] & Token) != 0; }

    // Character classes of RFC 3261 §25.1 and RFC 5234's core rules, one lookup per byte instead of
    // a chain of compares.
    public const int Token = 1;
    public const int Unreserved = 2;
    public const int UserChar = 4;
    public const int PasswordChar = 8;
    public const int ParamChar = 16;
    public const int HeaderChar = 32;
    /// <summary>SP or HTAB (WSP).</summary>
    public const int Wsp = 64;
    public const int Digit = 128;
    public const int Alpha = 256;
    public const int HexDigit = 512;
    /// <summary>alphanum / "-" / ".": a hostname or IPv4address character.</summary>
    public const int HostChar = 1024;
    /// <summary>A character of an unquoted gen-value (token / host): token plus ":", "[" and "]".</summary>
    public const int ValueChar = 2048;
    /// <summary>A visible character, %x21-7E (RFC 5234 VCHAR): no white space, control or non-ASCII byte.</summary>
    public const int Visible = 4096;
    /// <summary>Inside a quoted-string, a byte that neither ends nor escapes it: all but '"', '\\', CR and LF.</summary>
    public const int QuotedText = 8192;

    /// <summary>The class bits of every byte value.</summary>
    public static readonly ushort[] Classes = BuildClasses();

    /// <summary>Every byte value with A–Z mapped to a–z (ASCII case folding, as SIP's grammar has it).</summary>
    public static readonly byte[] LowerCase = BuildLowerCase();

    private static ushort[] BuildClasses()
    {
        ushort[] t = new ushort[256];
        for (int c = 0; c < 128; c++)
        {
            bool digit = c >= '0' && c <= '9';
            bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            int bits = 0;
            if (digit) bits |= Digit;
            if (alpha) bits |= Alpha;
            if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) bits |= HexDigit;
            if (digit || alpha) bits |= Token | Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar | HostChar | ValueChar;
            if (c > 32 && c < 127) bits |= Visible;
            t[c] = (ushort)bits;
        }
        Add(t, "-.!%*_+`'~", Token | ValueChar);
        Add(t, "-_.!~*'()", Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar);
        Add(t, "&=+$,;?/", UserChar);
        Add(t, "&=+$,", PasswordChar);
        Add(t, "[]/:&+$", ParamChar);
        Add(t, "[]/?:+$", HeaderChar);
        Add(t, "-.", HostChar);
        Add(t, ":[]", ValueChar);
        Add(t, " \t", Wsp);
        for (int c = 0; c < 256; c++)
        {
            if (c != '"' && c != '\\' && c != '\r' && c != '\n') t[c] |= QuotedText;
        }
        return t;
    }

    /// <summary>
    /// The end of the run of bytes from p that have one of the class bits of mask (end if they all
    /// have): where a long run is likely (a host, a Call-ID, a branch) this call replaces the
    /// inline loop. It tests four bytes per turn, which on the interpreter costs about two thirds
    /// of a loop turn per byte (a call costs what three turns do, so short runs stay inline).
    /// </summary>
    public static int Skip(byte[] b, int p, int end, int mask)
    {
        ushort[] cls = Classes;
        // Four at a time while all four share a bit of mask (for a one-bit mask: all four in the
        // class); the byte loop after it finishes the run either way.
        int last = end - 3;
        while (p < last && (cls[b[p]] & cls[b[p + 1]] & cls[b[p + 2]] & cls[b[p + 3]] & mask) != 0) p += 4;
        while (p < end && (cls[b[p]] & mask) != 0) p++;
        return p;
    }

    private static void Add(ushort[] t, string set, int bits)
    {
        for (int i = 0; i < set.Length; i++) t[set[i]] |= (ushort)bits;
    }

    private static byte[] BuildLowerCase()
    {
        byte[] t = new byte[256];
        for (int c = 0; c < 256; c++) t[c] = (byte)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        return t;
    }

    /// <summary>Case-insensitive compare of a byte range with an ASCII literal.</summary>
    public static bool EqualsIgnoreCase(byte[] buf, int off, int len, string literal)
    {
        if (len != literal.Length) return false;
        byte[] lower = LowerCase;
        for (int i = 0; i < len; i++)
        {
            char c = literal[i];
            if (c > 255 || lower[buf[off + i]] != lower[c]) return false;
        }
        return true;
    }

    /// <summary>
    /// Case-insensitive compare of a byte range with an ASCII word kept as bytes (a static
    /// readonly field made once with <see cref="Utf8Bytes"/>): on nanoCLR every string literal
    /// used at run time allocates, and reading its characters is a native call each.
    /// </summary>
    public static bool EqualsIgnoreCase(byte[] buf, int off, int len, byte[] word)
    {
        if (len != word.Length) return false;
        byte[] lower = LowerCase;
        int i = 0;
        while (i < len && lower[buf[off + i]] == lower[word[i]]) i++;
        return i == len;
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

    /// <summary>Exact (case-sensitive) compare of a byte range with an ASCII word kept as bytes.</summary>
    public static bool Equals(byte[] buf, int off, int len, byte[] word)
    {
        return BytesEqual(buf, off, len, word, 0, word.Length);
    }

    public static bool BytesEqual(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen)
    {
        if (aLen != bLen) return false;
        int i = 0;
        while (i < aLen && a[aOff + i] == b[bOff + i]) i++;
        return i == aLen;
    }

    public static bool BytesEqualIgnoreCase(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen)
    {
        if (aLen != bLen) return false;
        byte[] lower = LowerCase;
        int i = 0;
        while (i < aLen && lower[a[aOff + i]] == lower[b[bOff + i]]) i++;
        return i == aLen;
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
        long v = 0;
        for (int i = 0; i < len; i++)
        {
            int d = buf[off + i] - '0';
            if (d < 0 || d > 9) return false;
            v = v * 10 + d;
        }
        value = v;
        return v <= max;
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
