using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Semicolon-separated parameter lists, as in header params ("tag=a; lr; q = 0.5") and URI params.
/// A range starts just after the first ';'. LWS around ';' and '=' is allowed (RFC 3261 §25.1).
/// The white space is skipped inline, not with Lws's helpers: there is rarely any, and on the
/// nanoFramework interpreter the call costs what a dozen instructions do (Ascii says more).
/// </summary>
public static class Params
{
    /// <summary>
    /// Finds a parameter by name, case-insensitively. valueLength is -1 for a parameter without '='.
    /// A quoted value is returned with its quotes.
    /// </summary>
    public static bool Find(byte[] b, int off, int len, string name, out int valueOffset, out int valueLength)
    {
        int p = off;
        int end = off + len;
        int nameOffset, nameLength;
        while (Next(b, ref p, end, out nameOffset, out nameLength, out valueOffset, out valueLength))
        {
            if (Ascii.EqualsIgnoreCase(b, nameOffset, nameLength, name))
            {
                if (valueLength < 0) valueOffset = nameOffset + nameLength;
                return true;
            }
        }
        valueOffset = 0;
        valueLength = -1;
        return false;
    }

    /// <summary>
    /// As <see cref="Find(byte[], int, int, string, out int, out int)"/>, with the name kept as
    /// bytes (a static field: no string literal, which allocates on nanoCLR at every use).
    /// </summary>
    public static bool Find(byte[] b, int off, int len, byte[] name, out int valueOffset, out int valueLength)
    {
        int p = off;
        int end = off + len;
        int nameOffset, nameLength;
        while (Next(b, ref p, end, out nameOffset, out nameLength, out valueOffset, out valueLength))
        {
            if (Ascii.EqualsIgnoreCase(b, nameOffset, nameLength, name))
            {
                if (valueLength < 0) valueOffset = nameOffset + nameLength;
                return true;
            }
        }
        valueOffset = 0;
        valueLength = -1;
        return false;
    }

    /// <summary>
    /// Reads the parameter at p and moves p past it (and its ';'). False at the end of the list or
    /// on an unterminated quote. valueLength is -1 for a parameter without '='.
    /// </summary>
    public static bool Next(byte[] b, ref int p, int end, out int nameOffset, out int nameLength,
        out int valueOffset, out int valueLength)
    {
        nameOffset = nameLength = valueOffset = 0;
        valueLength = -1;
        if (p >= end) return false;
        int segEnd = SegmentEnd(b, p, end);
        if (segEnd < 0) return false;
        ushort[] cls = Ascii.Classes;
        int s = p;
        while (s < segEnd && (cls[b[s]] & Ascii.Wsp) != 0) s++;
        int n = s;
        while (n < segEnd && b[n] != (byte)'=' && (cls[b[n]] & Ascii.Wsp) == 0) n++;
        nameOffset = s;
        nameLength = n - s;
        int e = n;
        while (e < segEnd && (cls[b[e]] & Ascii.Wsp) != 0) e++;
        if (e < segEnd && b[e] == (byte)'=')
        {
            int v = e + 1;
            while (v < segEnd && (cls[b[v]] & Ascii.Wsp) != 0) v++;
            int ve = segEnd;
            while (ve > v && (cls[b[ve - 1]] & Ascii.Wsp) != 0) ve--;
            valueOffset = v;
            valueLength = ve - v;
        }
        p = segEnd + 1;
        return true;
    }

    /// <summary>True if the parameter is present (with or without a value).</summary>
    public static bool Has(byte[] b, int off, int len, string name)
    {
        int vo, vl;
        return Find(b, off, len, name, out vo, out vl);
    }

    /// <summary>
    /// Checks a header parameter list: every element is token [ "=" ( token / host / quoted-string ) ].
    /// Returns null if valid, else the reason.
    /// </summary>
    public static string Validate(byte[] b, int off, int len)
    {
        int end = off + len;
        int p = off;
        int no, nl, vo, vl;
        while (p <= end)
        {
            string why = NextChecked(b, ref p, end, out no, out nl, out vo, out vl);
            if (why != null) return why;
        }
        return null;
    }

    /// <summary>
    /// Reads the parameter at p as <see cref="Next"/> does and checks it as <see cref="Validate"/>
    /// does, in one pass: a reader that needs a list checked and its values (Via, a name-addr's
    /// tag) walks it once. Moves p past the parameter's ';' (past end after the last one, so a list
    /// is read with <c>while (p &lt;= end)</c>; an empty list is one empty, malformed parameter).
    /// Returns null if the parameter is well formed, else the reason.
    /// </summary>
    public static string NextChecked(byte[] b, ref int p, int end, out int nameOffset, out int nameLength,
        out int valueOffset, out int valueLength)
    {
        nameOffset = nameLength = valueOffset = 0;
        valueLength = -1;
        ushort[] cls = Ascii.Classes;
        int segEnd = SegmentEnd(b, p, end);
        if (segEnd < 0) return "unterminated quoted string in parameter";
        int s = p;
        while (s < segEnd && (cls[b[s]] & Ascii.Wsp) != 0) s++;
        int n = s;
        while (n < segEnd && (cls[b[n]] & Ascii.Token) != 0) n++;
        if (n == s) return "empty or malformed parameter";
        nameOffset = s;
        nameLength = n - s;
        int e = n;
        while (e < segEnd && (cls[b[e]] & Ascii.Wsp) != 0) e++;
        if (e < segEnd)
        {
            if (b[e] != (byte)'=') return "malformed parameter";
            int v = e + 1;
            while (v < segEnd && (cls[b[v]] & Ascii.Wsp) != 0) v++;
            int ve = segEnd;
            while (ve > v && (cls[b[ve - 1]] & Ascii.Wsp) != 0) ve--;
            if (ve == v) return "parameter has an empty value";
            if (b[v] == (byte)'"')
            {
                if (Lws.QuotedEnd(b, v, ve) != ve) return "malformed quoted parameter value";
            }
            else
            {
                // token / host: token characters, ':' and brackets (Ascii.ValueChar).
                if (Ascii.Skip(b, v, ve, Ascii.ValueChar) < ve) return "parameter value has an illegal character";
            }
            valueOffset = v;
            valueLength = ve - v;
        }
        p = segEnd + 1;
        return null;
    }

    /// <summary>End of the parameter starting at p: the next ';' outside quotes, or end. -1 if a quote is open.</summary>
    private static int SegmentEnd(byte[] b, int p, int end)
    {
        int semicolon = System.Array.IndexOf(b, Boxed.Semicolon, p, end - p);
        if (semicolon < 0) semicolon = end;
        while (true)
        {
            int quote = System.Array.IndexOf(b, Boxed.Quote, p, semicolon - p);
            if (quote < 0) return semicolon;
            p = Lws.QuotedEnd(b, quote, end);
            if (p < 0) return -1;
            // A ';' inside the quoted string did not count: look again from after it.
            if (p > semicolon)
            {
                semicolon = System.Array.IndexOf(b, Boxed.Semicolon, p, end - p);
                if (semicolon < 0) semicolon = end;
            }
        }
    }

    /// <summary>Parses a q-value ("0", "0.5", "1.000") into thousandths; -1 if malformed.</summary>
    public static int ParseQ(byte[] b, int off, int len)
    {
        if (len < 1 || len > 5) return -1;
        int whole = b[off] - '0';
        if (whole != 0 && whole != 1) return -1;
        int value = whole * 1000;
        if (len == 1) return value;
        if (b[off + 1] != (byte)'.') return -1;
        int scale = 100;
        for (int i = off + 2; i < off + len; i++)
        {
            if (!Ascii.IsDigit(b[i])) return -1;
            value += (b[i] - '0') * scale;
            scale /= 10;
        }
        return value > 1000 ? -1 : value;
    }
}
