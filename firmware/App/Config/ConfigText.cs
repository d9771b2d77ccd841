namespace NanoPhone.App.Config;

/// <summary>
/// String helpers the configuration and console share (nanoFramework's string has few), and the
/// value escapes of the file and the console: \\ backslash, \n newline, \r carriage return, \t tab,
/// \s a space (needed only for a space at either end of a value, which is trimmed otherwise).
/// </summary>
public static class ConfigText
{
    /// <summary>ASCII case-insensitive equality; other characters must match exactly.</summary>
    public static bool EqualsIgnoreCase(string a, string b)
    {
        if (a == null || b == null) return a == b;
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            if (LowerChar(a[i]) != LowerChar(b[i])) return false;
        }
        return true;
    }

    /// <summary>Ordinal prefix test (the desktop's string.StartsWith compares by culture and skips control characters).</summary>
    public static bool StartsWith(string s, string prefix)
    {
        if (prefix.Length > s.Length) return false;
        for (int i = 0; i < prefix.Length; i++)
        {
            if (s[i] != prefix[i]) return false;
        }
        return true;
    }

    /// <summary>Ordinal substring test.</summary>
    public static bool Contains(string s, string part)
    {
        for (int start = 0; start + part.Length <= s.Length; start++)
        {
            int i = 0;
            while (i < part.Length && s[start + i] == part[i]) i++;
            if (i == part.Length) return true;
        }
        return false;
    }

    public static char LowerChar(char c)
    {
        return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
    }

    /// <summary>ASCII letters to lower case; other characters unchanged.</summary>
    public static string ToLower(string s)
    {
        char[] chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++) chars[i] = LowerChar(chars[i]);
        return new string(chars);
    }

    public static bool IsBlank(char c) { return c == ' ' || c == '\t'; }

    /// <summary>s without spaces and tabs at either end.</summary>
    public static string Trim(string s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && IsBlank(s[start])) start++;
        while (end > start && IsBlank(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
    }

    /// <summary>Index of the first space or tab at or after <paramref name="from"/>, or -1.</summary>
    public static int IndexOfBlank(string s, int from)
    {
        for (int i = from; i < s.Length; i++)
        {
            if (IsBlank(s[i])) return i;
        }
        return -1;
    }

    /// <summary>Whether c is a control character (C0, DEL or C1).</summary>
    public static bool IsControl(char c)
    {
        return c < ' ' || (c >= (char)0x7F && c < (char)0xA0);
    }

    /// <summary>A value as the file and the console write it: backslash, CR, LF, tab and end spaces escaped.</summary>
    public static string Escape(string value)
    {
        int extra = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (EscapeLetter(value, i) != '\0') extra++;
        }
        if (extra == 0) return value;
        char[] chars = new char[value.Length + extra];
        int n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char letter = EscapeLetter(value, i);
            if (letter == '\0') { chars[n++] = value[i]; continue; }
            chars[n++] = '\\';
            chars[n++] = letter;
        }
        return new string(chars, 0, n);
    }

    private static char EscapeLetter(string value, int i)
    {
        switch (value[i])
        {
            case '\\': return '\\';
            case '\n': return 'n';
            case '\r': return 'r';
            case '\t': return 't';
            case ' ': return i == 0 || i == value.Length - 1 ? 's' : '\0';
            default: return '\0';
        }
    }

    /// <summary>Undoes <see cref="Escape"/>. False (and null) on an unknown escape or a lone backslash at the end.</summary>
    public static bool TryUnescape(string text, out string value)
    {
        value = null;
        if (text.IndexOf('\\') < 0) { value = text; return true; }
        char[] chars = new char[text.Length];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\') { chars[n++] = c; continue; }
            if (++i == text.Length) return false;
            switch (text[i])
            {
                case '\\': chars[n++] = '\\'; break;
                case 'n': chars[n++] = '\n'; break;
                case 'r': chars[n++] = '\r'; break;
                case 't': chars[n++] = '\t'; break;
                case 's': chars[n++] = ' '; break;
                default: return false;
            }
        }
        value = new string(chars, 0, n);
        return true;
    }

    /// <summary>Eight lower-case hex digits.</summary>
    public static string Hex8(uint v)
    {
        char[] chars = new char[8];
        for (int i = 7; i >= 0; i--)
        {
            uint d = v & 0xF;
            chars[i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            v >>= 4;
        }
        return new string(chars);
    }
}
