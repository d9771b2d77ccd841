namespace NanoPhone.Media.Dtmf;

/// <summary>
/// Bodies of SIP INFO requests that carry a key press (the integration answers them 200 and lists
/// INFO in Allow): <c>application/dtmf-relay</c>, lines "Signal=5" and "Duration=160" (milliseconds),
/// and <c>application/dtmf</c>, the key alone ("5"). Keys are 0–9, *, #, A–D and ! (flash); a number
/// 10–16 is read as the RFC 4733 event code. Names are case-insensitive, spaces around '=' and the
/// value are allowed, lines end in CRLF or LF. Parsing never throws and never allocates.
/// </summary>
public static class DtmfInfoBody
{
    public const string RelayType = "application/dtmf-relay";
    public const string DtmfType = "application/dtmf";

    /// <summary>Reads an application/dtmf-relay body; durationMs is 0 when the body has no Duration line.</summary>
    public static bool TryParseRelay(byte[] b, int off, int len, out char digit, out int durationMs)
    {
        digit = '\0';
        durationMs = 0;
        if (b == null || off < 0 || len < 0 || off + len > b.Length) return false;
        int end = off + len;
        int line = off;
        while (line < end)
        {
            int eol = line;
            while (eol < end && b[eol] != (byte)'\n') eol++;
            int stop = eol > line && b[eol - 1] == (byte)'\r' ? eol - 1 : eol;
            int eq = line;
            while (eq < stop && b[eq] != (byte)'=') eq++;
            if (eq < stop)
            {
                int ns = line, ne = eq;
                Trim(b, ref ns, ref ne);
                int vs = eq + 1, ve = stop;
                Trim(b, ref vs, ref ve);
                if (NameIs(b, ns, ne, "signal"))
                {
                    if (!TryKey(b, vs, ve, out digit)) return false;
                }
                else if (NameIs(b, ns, ne, "duration"))
                {
                    if (!TryNumber(b, vs, ve, 600000, out durationMs)) return false;
                }
            }
            line = eol + 1;
        }
        return digit != '\0';
    }

    /// <summary>Reads an application/dtmf body: one key, possibly surrounded by white space.</summary>
    public static bool TryParseDtmf(byte[] b, int off, int len, out char digit)
    {
        digit = '\0';
        if (b == null || off < 0 || len < 0 || off + len > b.Length) return false;
        int s = off, e = off + len;
        Trim(b, ref s, ref e);
        return TryKey(b, s, e, out digit);
    }

    /// <summary>Writes "Signal=K\r\nDuration=N\r\n" at off; returns the offset after it (at most 32 bytes).</summary>
    public static int WriteRelay(byte[] dst, int off, char digit, int durationMs)
    {
        off = Text(dst, off, "Signal=");
        dst[off++] = (byte)digit;
        off = Text(dst, off, "\r\nDuration=");
        if (durationMs < 0) durationMs = 0;
        int div = 1;
        while (durationMs / div >= 10) div *= 10;
        for (; div > 0; div /= 10) dst[off++] = (byte)('0' + durationMs / div % 10);
        dst[off++] = (byte)'\r';
        dst[off++] = (byte)'\n';
        return off;
    }

    private static bool TryKey(byte[] b, int s, int e, out char digit)
    {
        digit = '\0';
        if (e - s == 1)
        {
            char c = (char)b[s];
            if (DtmfEvent.FromDigit(c) < 0) return false;
            digit = c >= 'a' && c <= 'd' ? (char)(c - 32) : c;
            return true;
        }
        int code;
        if (!TryNumber(b, s, e, DtmfEvent.Flash, out code)) return false;
        digit = DtmfEvent.ToDigit(code);
        return true;
    }

    private static bool TryNumber(byte[] b, int s, int e, int max, out int value)
    {
        value = 0;
        if (s >= e || e - s > 9) return false;
        for (int i = s; i < e; i++)
        {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return false;
            value = value * 10 + d;
        }
        return value <= max;
    }

    private static void Trim(byte[] b, ref int s, ref int e)
    {
        while (s < e && (b[s] == (byte)' ' || b[s] == (byte)'\t' || b[s] == (byte)'\r' || b[s] == (byte)'\n')) s++;
        while (e > s && (b[e - 1] == (byte)' ' || b[e - 1] == (byte)'\t' || b[e - 1] == (byte)'\r' || b[e - 1] == (byte)'\n')) e--;
    }

    private static bool NameIs(byte[] b, int s, int e, string lower)
    {
        if (e - s != lower.Length) return false;
        for (int i = 0; i < lower.Length; i++)
        {
            int c = b[s + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower[i]) return false;
        }
        return true;
    }

    private static int Text(byte[] dst, int off, string s)
    {
        for (int i = 0; i < s.Length; i++) dst[off++] = (byte)s[i];
        return off;
    }
}
