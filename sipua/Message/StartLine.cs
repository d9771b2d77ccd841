using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Request-Line and Status-Line (RFC 3261 §7.1, §7.2), strictly: single SPs, no trailing white space.
/// Its loops read Ascii's class table inline, its words are bytes made once (Ascii says why).
/// </summary>
internal static class StartLine
{
    private static readonly byte[] SipSlash = Ascii.Utf8Bytes("SIP/");
    private static readonly byte[] Sip20 = Ascii.Utf8Bytes("SIP/2.0");

    public static ParseStatus Parse(byte[] b, int p, int end, SipMessage m)
    {
        if (end - p >= 4 && Ascii.EqualsIgnoreCase(b, p, 4, SipSlash)) return Status(b, p, end, m);
        return Request(b, p, end, m);
    }

    private static ParseStatus Request(byte[] b, int p, int end, SipMessage m)
    {
        m.IsRequest = true;
        ushort[] cls = Ascii.Classes;
        int sp1 = p;
        while (sp1 < end && (cls[b[sp1]] & Ascii.Token) != 0) sp1++;
        if (sp1 == p || sp1 >= end || b[sp1] != (byte)' ')
            return SipParser.Fail(m, ParseStatus.BadStartLine, "malformed Request-Line");
        m.MethodOffset = p;
        m.MethodLength = sp1 - p;
        m.Method = SipMethods.Parse(b, p, sp1 - p);

        int sp2 = end - 1;
        while (sp2 > sp1 && b[sp2] != (byte)' ') sp2--;
        if (sp2 == end - 1) return SipParser.Fail(m, ParseStatus.BadStartLine, "white space at the end of the Request-Line");
        if (sp2 <= sp1 + 1) return SipParser.Fail(m, ParseStatus.BadStartLine, "malformed Request-Line");
        int uri = sp1 + 1;
        if (b[uri] == (byte)' ') return SipParser.Fail(m, ParseStatus.BadStartLine, "extra white space in the Request-Line");
        if (Lws.HasWsp(b, uri, sp2)) return SipParser.Fail(m, ParseStatus.BadStartLine, "white space inside the Request-URI");

        ParseStatus vs = Version(b, sp2 + 1, end, m);
        if (vs != ParseStatus.Ok) return vs;

        if (!m.RequestUri.TryParse(b, uri, sp2 - uri))
            return SipParser.Fail(m, ParseStatus.BadStartLine, m.RequestUri.Reason);
        if (m.RequestUri.HasHeaders)
            return SipParser.Fail(m, ParseStatus.BadStartLine, "Request-URI must not contain headers");
        return ParseStatus.Ok;
    }

    private static ParseStatus Version(byte[] b, int p, int end, SipMessage m)
    {
        if (end - p == 7 && Ascii.EqualsIgnoreCase(b, p, 7, Sip20)) return ParseStatus.Ok;
        // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT: well formed but not 2.0 is a 505.
        if (end - p >= 7 && Ascii.EqualsIgnoreCase(b, p, 4, SipSlash))
        {
            int i = p + 4;
            int d1 = i;
            while (i < end && Ascii.IsDigit(b[i])) i++;
            if (i > d1 && i < end && b[i] == (byte)'.')
            {
                int d2 = ++i;
                while (i < end && Ascii.IsDigit(b[i])) i++;
                if (i == end && i > d2) return SipParser.Fail(m, ParseStatus.BadVersion, "SIP version not supported");
            }
        }
        return SipParser.Fail(m, ParseStatus.BadStartLine, "malformed SIP version");
    }

    private static ParseStatus Status(byte[] b, int p, int end, SipMessage m)
    {
        m.IsRequest = false;
        if (end - p < 11 || !Ascii.EqualsIgnoreCase(b, p, 7, Sip20) || b[p + 7] != (byte)' ')
            return SipParser.Fail(m, ParseStatus.BadStartLine, "malformed Status-Line");
        int c = p + 8;
        int d = c;
        while (d < end && Ascii.IsDigit(b[d])) d++;
        long code;
        if (d - c != 3 || !Ascii.TryParseUInt(b, c, 3, 699, out code) || code < 100)
            return SipParser.Fail(m, ParseStatus.BadStartLine, "status code out of range");
        m.StatusCode = (int)code;
        // Reason-Phrase may be empty; RFC 4475 §3.1.1.13. A missing SP is tolerated.
        if (d < end && b[d] != (byte)' ') return SipParser.Fail(m, ParseStatus.BadStartLine, "malformed Status-Line");
        int r = d < end ? d + 1 : d;
        for (int i = r; i < end; i++)
        {
            byte x = b[i];
            if ((x < 32 && x != (byte)'\t') || x == 127) return SipParser.Fail(m, ParseStatus.BadStartLine, "control character in Reason-Phrase");
        }
        m.ReasonOffset = r;
        m.ReasonLength = end - r;
        return ParseStatus.Ok;
    }
}
