using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Scanning helpers over header values. Folded lines were already turned into spaces by the
/// parser, so linear white space here is just SP and HTAB. The scans jump with the runtime's native
/// byte search where they look for one byte, and read Ascii's class table inline elsewhere: a
/// helper call per byte is what costs on the nanoFramework interpreter (Ascii says more).
/// </summary>
public static class Lws
{
    public static int SkipForward(byte[] b, int p, int end)
    {
        ushort[] cls = Ascii.Classes;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        return p;
    }

    /// <summary>Returns the end of the range with trailing SP/HTAB removed.</summary>
    public static int TrimEnd(byte[] b, int start, int end)
    {
        ushort[] cls = Ascii.Classes;
        while (end > start && (cls[b[end - 1]] & Ascii.Wsp) != 0) end--;
        return end;
    }

    /// <summary>True if b[start, end) contains SP or HTAB.</summary>
    public static bool HasWsp(byte[] b, int start, int end)
    {
        return System.Array.IndexOf(b, Boxed.Space, start, end - start) >= 0
            || System.Array.IndexOf(b, Boxed.Tab, start, end - start) >= 0;
    }

    /// <summary>
    /// Finds the end of a quoted-string that starts at p (b[p] == '"'); returns the index after the
    /// closing quote, or -1 if it is not terminated. Honours quoted-pair escapes (RFC 3261 §25.1).
    /// </summary>
    public static int QuotedEnd(byte[] b, int p, int end)
    {
        p++;
        while (true)
        {
            // The run of bytes that neither end nor escape the string, then what stops it.
            p = Ascii.Skip(b, p, end, Ascii.QuotedText);
            if (p >= end) return -1;
            byte c = b[p];
            if (c == (byte)'"') return p + 1;
            if (c != (byte)'\\') return -1;   // CR or LF
            if (p + 1 >= end) return -1;
            byte n = b[p + 1];
            if (n == (byte)'\r' || n == (byte)'\n') return -1;
            p += 2;
        }
    }

    /// <summary>
    /// Finds the next top-level ',' (outside quotes and angle brackets) from p; returns end if none,
    /// or -1 if a quoted string or bracket is not closed. Inside &lt;...&gt; only the closing '&gt;'
    /// and quoted strings count; outside, a '&gt;' means nothing.
    /// </summary>
    public static int NextComma(byte[] b, int p, int end)
    {
        int comma = System.Array.IndexOf(b, Boxed.Comma, p, end - p);
        if (comma < 0) comma = end;
        while (true)
        {
            // Outside <...>: whichever of '"' and '<' comes first before the comma decides.
            int quote = System.Array.IndexOf(b, Boxed.Quote, p, comma - p);
            int angle = System.Array.IndexOf(b, Boxed.LeftAngle, p, (quote < 0 ? comma : quote) - p);
            if (quote < 0 && angle < 0) return comma;
            if (angle >= 0)
            {
                p = angle + 1;
                while (true)
                {
                    int close = System.Array.IndexOf(b, Boxed.RightAngle, p, end - p);
                    int q = System.Array.IndexOf(b, Boxed.Quote, p, (close < 0 ? end : close) - p);
                    if (q < 0)
                    {
                        if (close < 0) return -1;
                        p = close + 1;
                        break;
                    }
                    p = QuotedEnd(b, q, end);
                    if (p < 0) return -1;
                }
            }
            else
            {
                p = QuotedEnd(b, quote, end);
                if (p < 0) return -1;
            }
            // A comma inside what was skipped did not count: look again from here.
            if (p > comma)
            {
                comma = System.Array.IndexOf(b, Boxed.Comma, p, end - p);
                if (comma < 0) comma = end;
            }
        }
    }
}
