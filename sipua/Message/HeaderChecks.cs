using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Checks the values of the headers the phone relies on against their grammar (RFC 3261 §20, §25)
/// and decodes the ones every layer needs into SipMessage; the headers it does not use are not
/// checked (HeaderIds.IsReliedOn names both classes). Holds scratch views so it allocates nothing.
/// Its loops read Ascii's class table inline (no helper call per byte; Ascii says why).
/// </summary>
internal sealed class HeaderChecks
{
    private const long MaxUInt32 = 4294967295;
    private readonly NameAddr _scratchAddr = new NameAddr();
    private readonly Via _scratchVia = new Via();

    public ParseStatus Check(SipMessage m)
    {
        // Every header is checked even after an error, so that a 400 can still copy what it needs.
        byte[] b = m.Buffer;
        ParseStatus first = ParseStatus.Ok;
        string firstWhy = null;
        byte[] ids = m._ids;
        byte[] kinds = HeaderIds.Kinds;
        int count = m.HeaderCount;
        for (int i = 0; i < count; i++)
        {
            HeaderId id = (HeaderId)ids[i];
            int kind = kinds[(int)id];
            if ((kind & HeaderIds.ReliedOn) == 0) continue;
            // An unreadable top Via leaves ViaCount at 0 (no response can be routed): a later Via
            // line must not take its place.
            if (id == HeaderId.Via && m.ViaCount == 0 && m.IndexOf(HeaderId.Via) < i) continue;
            string why = null;
            ParseStatus st = ParseStatus.Ok;
            if ((kind & HeaderIds.SingleValued) != 0 && m.LastIndexOf(id) > i)
            {
                why = DuplicateReason(id);
                st = id == HeaderId.ContentLength ? ParseStatus.BadFraming : ParseStatus.DuplicateHeader;
            }
            else if ((why = CheckValue(m, id, b, m._valueOffset[i], m._valueLength[i])) != null)
            {
                st = id == HeaderId.ContentLength ? ParseStatus.BadFraming : ParseStatus.BadValue;
            }
            if (st != ParseStatus.Ok && first == ParseStatus.Ok)
            {
                first = st;
                firstWhy = why;
            }
        }
        if (first != ParseStatus.Ok) return SipParser.Fail(m, first, firstWhy);
        if (m.ViaCount == 0) return SipParser.Fail(m, ParseStatus.MissingHeader, "missing Via header");
        if (m.IndexOf(HeaderId.From) < 0) return SipParser.Fail(m, ParseStatus.MissingHeader, "missing From header");
        if (m.IndexOf(HeaderId.To) < 0) return SipParser.Fail(m, ParseStatus.MissingHeader, "missing To header");
        if (m.CallIdLength == 0) return SipParser.Fail(m, ParseStatus.MissingHeader, "missing Call-ID header");
        if (m.CSeq < 0) return SipParser.Fail(m, ParseStatus.MissingHeader, "missing CSeq header");
        return ParseStatus.Ok;
    }

    private string CheckValue(SipMessage m, HeaderId id, byte[] b, int vo, int vl)
    {
        long n;
        switch (id)
        {
            case HeaderId.Via:
                return CheckVias(m, b, vo, vl);
            case HeaderId.From:
                if (!m.From.TryParse(b, vo, vl)) return "bad From header: " + m.From.Reason;
                if (!TagOrNone(m.From, out m.FromTagOffset, out m.FromTagLength)) return "From tag has no value";
                return null;
            case HeaderId.To:
                if (!m.To.TryParse(b, vo, vl)) return "bad To header: " + m.To.Reason;
                if (!TagOrNone(m.To, out m.ToTagOffset, out m.ToTagLength)) return "To tag has no value";
                return null;
            case HeaderId.Contact:
            case HeaderId.Route:
            case HeaderId.RecordRoute:
                return CheckAddressList(id, b, vo, vl);
            case HeaderId.CallId:
                if (vl == 0) return "empty Call-ID";
                if (Ascii.Skip(b, vo, vo + vl, Ascii.Visible) < vo + vl) return "Call-ID contains white space or a control character";
                m.CallIdOffset = vo;
                m.CallIdLength = vl;
                return null;
            case HeaderId.CSeq:
                return CheckCSeq(m, b, vo, vl);
            case HeaderId.MaxForwards:
                if (!Ascii.TryParseUInt(b, vo, vl, 255, out n)) return "Max-Forwards is not a number from 0 to 255";
                m.MaxForwards = (int)n;
                return null;
            case HeaderId.ContentLength:
                if (!Ascii.TryParseUInt(b, vo, vl, int.MaxValue, out n)) return "Content-Length is not a non-negative number";
                m.ContentLength = (int)n;
                return null;
            case HeaderId.Expires:
                if (!Ascii.TryParseUInt(b, vo, vl, MaxUInt32, out n)) return "Expires is not a delta-seconds value";
                m.Expires = n;
                return null;
            case HeaderId.MinExpires:
                return Ascii.TryParseUInt(b, vo, vl, MaxUInt32, out n) ? null : "Min-Expires is not a delta-seconds value";
            case HeaderId.RetryAfter:
                return CheckRetryAfter(b, vo, vl);
            case HeaderId.ContentType:
                return CheckMediaType(b, vo, vl);
            default:
                return null;
        }
    }

    /// <summary>
    /// The tag (length 0 if none); false for a bare ";tag" or ";tag=", which is malformed:
    /// tag-param = "tag" EQUAL token (§25.1).
    /// </summary>
    private static bool TagOrNone(NameAddr a, out int offset, out int length)
    {
        // The tag NameAddr found while it checked the parameters (no second walk).
        if (a.TagLength > 0)
        {
            offset = a.TagOffset;
            length = a.TagLength;
            return true;
        }
        offset = length = 0;
        return a.TagLength < 0;
    }

    // Nearly every Via, Contact, Route and Record-Route line holds one value. Without a ',' in the
    // line, the value is parsed at once and the walk that splits values (Lws.NextComma, which
    // steps over quoted strings and <URI>s) runs only when the parse fails, to give the same
    // verdict: a value that parses has no open quote or bracket.

    private string CheckVias(SipMessage m, byte[] b, int vo, int vl)
    {
        int end = vo + vl;
        int p = vo;
        bool one = System.Array.IndexOf(b, Boxed.Comma, vo, vl) < 0;
        while (true)
        {
            int comma = one ? end : Lws.NextComma(b, p, end);
            if (comma < 0) return "malformed Via header";
            Via via = m.ViaCount == 0 ? m.TopVia : _scratchVia;
            if (Lws.SkipForward(b, p, comma) == comma) return "empty Via value";
            if (!via.TryParse(b, p, comma - p))
            {
                if (!one || Lws.NextComma(b, p, end) >= 0) return "bad Via header: " + via.Reason;
                via.Clear();
                return "malformed Via header";
            }
            m.ViaCount++;
            if (comma == end) return null;
            p = comma + 1;
        }
    }

    private string CheckAddressList(HeaderId id, byte[] b, int vo, int vl)
    {
        int end = vo + vl;
        int p = vo;
        bool one = System.Array.IndexOf(b, Boxed.Comma, vo, vl) < 0;
        while (true)
        {
            int comma = one ? end : Lws.NextComma(b, p, end);
            if (comma < 0) return "malformed " + HeaderIds.Name(id) + " header";
            if (!_scratchAddr.TryParse(b, p, comma - p))
            {
                if (!one || Lws.NextComma(b, p, end) >= 0) return "bad " + HeaderIds.Name(id) + " header: " + _scratchAddr.Reason;
                return "malformed " + HeaderIds.Name(id) + " header";
            }
            if (_scratchAddr.IsStar && (id != HeaderId.Contact || vl != comma - p))
                return "'*' must be the only Contact value";
            if (comma == end) return null;
            p = comma + 1;
        }
    }

    private static string CheckCSeq(SipMessage m, byte[] b, int vo, int vl)
    {
        ushort[] cls = Ascii.Classes;
        int end = vo + vl;
        int p = vo;
        while (p < end && (cls[b[p]] & Ascii.Digit) != 0) p++;
        long n;
        if (!Ascii.TryParseUInt(b, vo, p - vo, MaxUInt32, out n)) return "CSeq number is not a 32-bit unsigned integer";
        int s = Lws.SkipForward(b, p, end);
        if (s == p || s == end) return "CSeq has no method";
        for (int i = s; i < end; i++)
        {
            if ((cls[b[i]] & Ascii.Token) == 0) return "CSeq method is not a token";
        }
        m.CSeq = n;
        m.CSeqMethodOffset = s;
        m.CSeqMethodLength = end - s;
        m.CSeqMethod = SipMethods.Parse(b, s, end - s);
        return null;
    }

    private static string CheckRetryAfter(byte[] b, int vo, int vl)
    {
        int end = vo + vl;
        int p = vo;
        while (p < end && Ascii.IsDigit(b[p])) p++;
        long n;
        return Ascii.TryParseUInt(b, vo, p - vo, MaxUInt32, out n) ? null : "Retry-After is not a delta-seconds value";
    }

    private static string CheckMediaType(byte[] b, int vo, int vl)
    {
        ushort[] cls = Ascii.Classes;
        int end = vo + vl;
        int p = vo;
        while (p < end && (cls[b[p]] & Ascii.Token) != 0) p++;
        if (p == vo) return "malformed Content-Type";
        p = Lws.SkipForward(b, p, end);
        if (p >= end || b[p] != (byte)'/') return "malformed Content-Type";
        p = Lws.SkipForward(b, p + 1, end);
        int s = p;
        while (p < end && (cls[b[p]] & Ascii.Token) != 0) p++;
        if (p == s) return "malformed Content-Type";
        p = Lws.SkipForward(b, p, end);
        if (p == end) return null;
        if (b[p] != (byte)';') return "malformed Content-Type";
        return Params.Validate(b, p + 1, end - p - 1) == null ? null : "malformed Content-Type parameter";
    }

    private static string DuplicateReason(HeaderId id)
    {
        switch (id)
        {
            case HeaderId.From: return "more than one From header";
            case HeaderId.To: return "more than one To header";
            case HeaderId.CallId: return "more than one Call-ID header";
            case HeaderId.CSeq: return "more than one CSeq header";
            case HeaderId.MaxForwards: return "more than one Max-Forwards header";
            case HeaderId.ContentLength: return "more than one Content-Length header";
            default: return "more than one " + HeaderIds.Name(id) + " header";
        }
    }
}
