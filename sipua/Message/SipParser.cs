using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Parses one UDP datagram into a SipMessage in place (RFC 3261 §7, §18.3, §25). Folded header
/// lines are unfolded by overwriting their CRLF with spaces in the caller's buffer. Never throws on
/// input: the outcome is SipMessage.Status with a reason in SipMessage.Error.
/// Lines are found with the runtime's native byte search and header names read with the class
/// table inline, not a helper call per byte: on the nanoFramework interpreter a call or an
/// interpreted loop per byte is what a parse costs (Ascii says more).
/// </summary>
public sealed class SipParser
{
    private readonly HeaderChecks _checks = new HeaderChecks();

    public ParseStatus Parse(byte[] buf, int off, int len, SipMessage m)
    {
        m.Reset(buf, off);
        if (buf == null || off < 0 || len < 0 || off + len > buf.Length)
            return Fail(m, ParseStatus.BadStartLine, "no message");
        int end = off + len;
        int p = off;
        // RFC 3261 §7.5: ignore CRLFs before the start line.
        while (p < end && (buf[p] == (byte)'\r' || buf[p] == (byte)'\n')) p++;
        if (p == end) return m.Status = len > 0 ? ParseStatus.KeepAlive : Fail(m, ParseStatus.BadStartLine, "empty datagram");
        m.Offset = p;

        int lineEnd = System.Array.IndexOf(buf, Boxed.Lf, p, end - p);
        if (lineEnd < 0) return Fail(m, ParseStatus.BadFraming, "no end of start line");
        // A bad start line (another SIP version, a malformed Request-Line) or header section still
        // lets the headers before the fault be read and decoded: with a readable top Via, From, To,
        // Call-ID and CSeq the request gets its 505 or 400 (RFC 4475 §3.1.2.16, §3.3.1). The first
        // fault found is the verdict.
        // A line's content ends at its LF, or at the CR before it (inline here and below: the
        // parser's loop runs once per line).
        int startEnd = lineEnd > p && buf[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
        ParseStatus first = StartLine.Parse(buf, p, startEnd, m);
        string why = m.Error;
        p = lineEnd + 1;

        // Header section: unfold, then one header per line, until the empty line.
        ushort[] cls = Ascii.Classes;
        int bodyStart = -1;
        bool unterminated = false;
        while (p < end)
        {
            // Each line ends at its LF (the CR before it, if any, is not content).
            int le = System.Array.IndexOf(buf, Boxed.Lf, p, end - p);
            if (le < 0) break;
            int ce = le > p && buf[le - 1] == (byte)'\r' ? le - 1 : le;
            if (ce == p)
            {
                bodyStart = le + 1;
                break;
            }
            // Fold continuation lines (starting with SP/HTAB) into this one.
            int next = le + 1;
            while (next < end && (cls[buf[next]] & Ascii.Wsp) != 0)
            {
                for (int i = ce; i < next; i++) buf[i] = (byte)' ';
                le = System.Array.IndexOf(buf, Boxed.Lf, next, end - next);
                if (le < 0)
                {
                    unterminated = true;
                    break;
                }
                ce = le > next && buf[le - 1] == (byte)'\r' ? le - 1 : le;
                next = le + 1;
            }
            if (unterminated) break;
            if (!HeaderLine(buf, p, ce, m))
            {
                if (first == ParseStatus.Ok)
                {
                    first = m.Status;
                    why = m.Error;
                }
                break;
            }
            p = next;
        }
        if (bodyStart < 0 && first == ParseStatus.Ok)
        {
            first = ParseStatus.BadFraming;
            why = "header section not terminated by an empty line";
        }
        ParseStatus st = _checks.Check(m);
        if (first != ParseStatus.Ok) return Fail(m, first, why);
        if (st != ParseStatus.Ok) return m.Status = st;

        // §18.3 framing: Content-Length counts the body; bytes after it are ignored. Without
        // Content-Length (RFC 2543 style) the body is the rest of the datagram.
        int available = end - bodyStart;
        int bodyLen = m.ContentLength < 0 ? available : m.ContentLength;
        if (bodyLen > available) return Fail(m, ParseStatus.BadFraming, "Content-Length larger than the datagram");
        m.BodyOffset = bodyStart;
        m.BodyLength = bodyLen;
        m.Length = bodyStart + bodyLen - m.Offset;
        return m.Status = ParseStatus.Ok;
    }

    private static bool HeaderLine(byte[] buf, int p, int end, SipMessage m)
    {
        ushort[] cls = Ascii.Classes;
        // field-name HCOLON: the name ends at the line's first ':' (not a token character), less
        // the white space before it. A name the phone knows is checked by being recognised; any
        // other must be all token characters.
        int c = System.Array.IndexOf(buf, Boxed.Colon, p, end - p);
        int n = c < 0 ? p : c;
        while (n > p && (cls[buf[n - 1]] & Ascii.Wsp) != 0) n--;
        int nameLen = n - p;
        HeaderId id = nameLen > 0 ? HeaderIds.Identify(buf, p, nameLen) : HeaderId.Unknown;
        if (id == HeaderId.Unknown)
        {
            int t = p;
            while (t < n && (cls[buf[t]] & Ascii.Token) != 0) t++;
            if (nameLen == 0 || t < n)
            {
                Fail(m, ParseStatus.BadHeader, "malformed header line");
                return false;
            }
        }
        // The value without the white space around it (what Lws.SkipForward and TrimEnd do).
        int v = c + 1;
        while (v < end && (cls[buf[v]] & Ascii.Wsp) != 0) v++;
        int ve = end;
        while (ve > v && (cls[buf[ve - 1]] & Ascii.Wsp) != 0) ve--;
        if (!m.AddHeader(id, p, nameLen, v, ve - v))
        {
            Fail(m, ParseStatus.BadHeader, "too many header lines");
            return false;
        }
        return true;
    }

    internal static ParseStatus Fail(SipMessage m, ParseStatus status, string reason)
    {
        m.Status = status;
        m.Error = reason;
        return status;
    }
}
