namespace NanoPhone.Bench.Nano.Phone;

/// <summary>
/// What the bench's peer needs to read the phone's datagrams, kept cheap because the peer's time
/// counts in the figures: lines are found with the runtime's native Array.IndexOf, headers are
/// told apart by their first three bytes (the phone writes full names, one header a line), and no
/// string literal is used per message (each ldstr allocates on nanoCLR).
/// </summary>
public static class Wire
{
    private static readonly object Lf = (byte)'\n';

    /// <summary>The index of the next LF at or after p, or -1.</summary>
    public static int NextLf(byte[] m, int p, int len)
    {
        return p >= len ? -1 : System.Array.IndexOf(m, Lf, p, len - p);
    }

    /// <summary>The status code of a response ("SIP/2.0 487 ..."), 0 for a request.</summary>
    public static int StatusCode(byte[] m, int len)
    {
        if (len < 12 || m[0] != (byte)'S' || m[1] != (byte)'I' || m[2] != (byte)'P' || m[3] != (byte)'/') return 0;
        return (m[8] - '0') * 100 + (m[9] - '0') * 10 + (m[10] - '0');
    }

    /// <summary>Start of the first header line beginning with bytes a, b, c (e.g. 'T', 'o', ':'), or -1.</summary>
    public static int Line(byte[] m, int len, char a, char b, char c)
    {
        int lf = NextLf(m, 0, len);
        while (lf >= 0 && lf + 3 < len)
        {
            int s = lf + 1;
            if (m[s] == (byte)'\r') return -1;   // the blank line: end of the headers
            if (m[s] == (byte)a && m[s + 1] == (byte)b && m[s + 2] == (byte)c) return s;
            lf = NextLf(m, s, len);
        }
        return -1;
    }

    /// <summary>The index of the CR that ends the line starting at s.</summary>
    public static int LineEnd(byte[] m, int s, int len)
    {
        return NextLf(m, s, len) - 1;
    }

    /// <summary>The index of the first occurrence of s in m (the peer's own messages, at set-up), or -1.</summary>
    public static int IndexOf(byte[] m, string s)
    {
        for (int i = 0; i + s.Length <= m.Length; i++)
        {
            int k = 0;
            while (k < s.Length && m[i + k] == (byte)s[k]) k++;
            if (k == s.Length) return i;
        }
        return -1;
    }
}
