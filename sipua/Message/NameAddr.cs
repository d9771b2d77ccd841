using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// One value of From, To, Contact, Route, Record-Route, Diversion and the like:
/// ( name-addr / addr-spec ) *( ";" param ) (RFC 3261 §20.10, §25.1). Views into the buffer.
/// Its loops read Ascii's class table inline and find '&gt;' with the native byte search (Ascii and
/// Boxed say why: on the nanoFramework interpreter a call per byte costs more than the test).
/// </summary>
public sealed class NameAddr
{
    public byte[] Buffer;
    public int Offset, Length;
    /// <summary>The display name as written (quoted or tokens), length 0 if none.</summary>
    public int DisplayOffset, DisplayLength;
    /// <summary>True for name-addr ("&lt;uri&gt;"), false for a bare addr-spec.</summary>
    public bool Bracketed;
    /// <summary>True for the Contact value "*".</summary>
    public bool IsStar;
    public readonly SipUri Uri = new SipUri();
    /// <summary>Header parameters after the address, starting after the first ';'; length 0 if none.</summary>
    public int ParamsOffset, ParamsLength;
    /// <summary>
    /// The first tag parameter, found while the parameters were checked: TagLength -1 if there is
    /// none, 0 for a "tag" without a value (offset after its name), as <see cref="FindParam(byte[], out int, out int)"/>
    /// would say.
    /// </summary>
    public int TagOffset, TagLength;
    public string Reason;

    public bool TryParse(byte[] b, int off, int len)
    {
        Buffer = b; Offset = off; Length = len;
        DisplayOffset = DisplayLength = ParamsOffset = ParamsLength = 0;
        TagOffset = 0; TagLength = -1;
        Bracketed = false; IsStar = false; Reason = null;

        // White space is skipped inline where there is rarely any (a call costs the interpreter
        // what a dozen instructions do).
        ushort[] cls = Ascii.Classes;
        int end = off + len;
        while (end > off && (cls[b[end - 1]] & Ascii.Wsp) != 0) end--;
        int p = off;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        if (p >= end) return Fail("empty address");

        if (b[p] == (byte)'*' && Lws.SkipForward(b, p + 1, end) == end)
        {
            IsStar = true;
            return true;
        }

        int uriStart, uriEnd;
        if (b[p] == (byte)'"')
        {
            int q = Lws.QuotedEnd(b, p, end);
            if (q < 0) return Fail("unterminated quoted display name");
            DisplayOffset = p; DisplayLength = q - p;
            p = q;
            while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
            if (p >= end || b[p] != (byte)'<') return Fail("display name not followed by <URI>");
        }
        else if (b[p] != (byte)'<')
        {
            // Either tokens (an unquoted display name) then '<', or an addr-spec.
            int s = p;
            int i = p;
            while (i < end && (cls[b[i]] & (Ascii.Token | Ascii.Wsp)) != 0) i++;
            if (i < end && b[i] == (byte)'<')
            {
                DisplayOffset = s;
                DisplayLength = Lws.TrimEnd(b, s, i) - s;
                p = i;
            }
            else if (i < end && b[i] == (byte)':' && !Lws.HasWsp(b, s, i))
            {
                // addr-spec: the URI runs to the first ';', ',' or white space.
                uriStart = s;
                int e = i;
                while (e < end && b[e] != (byte)';' && (cls[b[e]] & Ascii.Wsp) == 0) e++;
                uriEnd = e;
                if (!Uri.TryParse(b, uriStart, uriEnd - uriStart)) return Fail(Uri.Reason);
                if (Uri.HasHeaders) return Fail("a URI with headers must be enclosed in <>");
                return ParseParams(b, uriEnd, end);
            }
            else
            {
                return Fail("display name has characters that must be quoted");
            }
        }

        // b[p] == '<'
        Bracketed = true;
        uriStart = p + 1;
        int close = System.Array.IndexOf(b, Boxed.RightAngle, uriStart, end - uriStart);
        if (close < 0) return Fail("missing '>' after URI");
        uriEnd = close;
        // No URI has white space in it, so the check waits for a URI that does not parse: it only
        // chooses the reason.
        if (!Uri.TryParse(b, uriStart, uriEnd - uriStart))
            return Fail(Lws.HasWsp(b, uriStart, uriEnd) ? "white space inside <URI>" : Uri.Reason);
        return ParseParams(b, close + 1, end);
    }

    private bool ParseParams(byte[] b, int p, int end)
    {
        ushort[] cls = Ascii.Classes;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        if (p == end) return true;
        if (b[p] != (byte)';') return Fail("unexpected text after address");
        ParamsOffset = p + 1;
        ParamsLength = end - ParamsOffset;
        // Checked and searched for the tag in one walk.
        int q = ParamsOffset;
        int no, nl, vo, vl;
        while (q <= end)
        {
            string why = Params.NextChecked(b, ref q, end, out no, out nl, out vo, out vl);
            if (why != null)
            {
                TagOffset = 0; TagLength = -1;
                return Fail(why);
            }
            if (TagLength < 0 && Ascii.EqualsIgnoreCase(b, no, nl, TagParam))
            {
                TagOffset = vl < 0 ? no + nl : vo;
                TagLength = vl < 0 ? 0 : vl;
            }
        }
        return true;
    }

    private bool Fail(string reason)
    {
        Reason = reason;
        return false;
    }

    public bool FindParam(string name, out int valueOffset, out int valueLength)
    {
        return Params.Find(Buffer, ParamsOffset, ParamsLength, name, out valueOffset, out valueLength);
    }

    public bool FindParam(byte[] name, out int valueOffset, out int valueLength)
    {
        return Params.Find(Buffer, ParamsOffset, ParamsLength, name, out valueOffset, out valueLength);
    }

    /// <summary>"tag", the parameter name of From and To tags.</summary>
    public static readonly byte[] TagParam = Ascii.Utf8Bytes("tag");

    /// <summary>The tag parameter (From/To); length 0 if absent.</summary>
    public void Tag(out int offset, out int length)
    {
        if (!FindParam(TagParam, out offset, out length) || length < 0)
        {
            offset = 0;
            length = 0;
        }
    }

    /// <summary>The display name for people: quotes and escapes removed.</summary>
    public string DisplayName
    {
        get
        {
            if (DisplayLength == 0) return "";
            if (Buffer[DisplayOffset] != (byte)'"') return Ascii.ToString(Buffer, DisplayOffset, DisplayLength);
            return Quoted.Unquote(Buffer, DisplayOffset, DisplayLength);
        }
    }
}
