using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Scanning helpers over header values. Folded lines were already turned into spaces by the
/// parser, so linear white space here is just SP and HTAB.
/// </summary>
public static class Lws
{
    public static int SkipForward(byte[] b, int p, int end)
    {
        while (p < end && Ascii.IsWsp(b[p])) p++;
        return p;
    }

    /// <summary>Returns the end of the range with trailing SP/HTAB removed.</summary>
    public static int TrimEnd(byte[] b, int start, int end)
    {
        while (end > start && Ascii.IsWsp(b[end - 1])) end--;
        return end;
    }

    /// <summary>
    /// Finds the end of a quoted-string that starts at p (b[p] == '"'); returns the index after the
    /// closing quote, or -1 if it is not terminated. Honours quoted-pair escapes (RFC 3261 §25.1).
    /// </summary>
    public static int QuotedEnd(byte[] b, int p, int end)
    {
        p++;
        while (p < end)
        {
            byte c = b[p];
            if (c == (byte)'\\')
            {
                if (p + 1 >= end) return -1;
                byte n = b[p + 1];
                if (n == (byte)'\r' || n == (byte)'\n') return -1;
                p += 2;
                continue;
            }
            if (c == (byte)'"') return p + 1;
            if (c == (byte)'\r' || c == (byte)'\n') return -1;
            p++;
        }
        return -1;
    }

    /// <summary>
    /// Finds the next top-level ',' (outside quotes and angle brackets) from p; returns end if none,
    /// or -1 if a quoted string or bracket is not closed.
    /// </summary>
    public static int NextComma(byte[] b, int p, int end)
    {
        bool inAngle = false;
        while (p < end)
        {
            byte c = b[p];
            if (c == (byte)'"')
            {
                int q = QuotedEnd(b, p, end);
                if (q < 0) return -1;
                p = q;
                continue;
            }
            if (c == (byte)'<') inAngle = true;
            else if (c == (byte)'>') inAngle = false;
            else if (c == (byte)',' && !inAngle) return p;
            p++;
        }
        return inAngle ? -1 : end;
    }
}
