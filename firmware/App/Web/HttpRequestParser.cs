using NanoPhone.Sip.Text;

namespace NanoPhone.App.Web;

/// <summary>
/// Parses an HTTP/1.0 or HTTP/1.1 request (RFC 9112) in place, as its bytes arrive: call
/// <see cref="Parse"/> with everything received so far; <see cref="HttpParseStatus.Incomplete"/>
/// asks for more. Strict and bounded, as befits a phone: the head (request line and fields) at most
/// <see cref="MaxHead"/> bytes and <see cref="MaxFields"/> fields, the target at most
/// <see cref="MaxTarget"/> bytes of origin-form ("/path?query"), a body only with Content-Length
/// and at most <see cref="MaxBody"/> bytes. Lines end in CRLF (a bare LF is taken too, RFC 9112 §2.2);
/// folded fields, whitespace before a colon, control characters, conflicting Content-Length or Host
/// fields and Transfer-Encoding are refused. Never throws, never reads outside (off, len), allocates
/// nothing but the reason texts.
/// </summary>
public sealed class HttpRequestParser
{
    public const int MaxHead = 2048;
    public const int MaxTarget = 512;
    public const int MaxFields = 32;
    public const int MaxBody = 2048;
    /// <summary>The most bytes a request the parser takes can have: the buffer a server needs.</summary>
    public const int MaxRequest = MaxHead + MaxBody;

    /// <summary>Parses buf[off..off+len) into <paramref name="req"/>; returns (and sets) its status.</summary>
    public HttpParseStatus Parse(byte[] buf, int off, int len, HttpRequest req)
    {
        req.Clear();
        req.Buffer = buf;
        if (buf == null || off < 0 || len < 0 || off + len > buf.Length) return Fail(req, 400, "no request");
        int end = off + len;
        int headEnd = FindHeadEnd(buf, off, end);
        if (headEnd < 0)
        {
            // No empty line yet: an over-long first line or head can be refused now.
            int firstLf = IndexOf(buf, off, end, (byte)'\n');
            if (firstLf < 0 && len > MaxTarget + 32) return Fail(req, 414, "request line too long");
            if (firstLf >= 0)
            {
                HttpParseStatus early = RequestLine(buf, off, firstLf, req);
                if (early == HttpParseStatus.Error) return early;
            }
            if (len > MaxHead) return Fail(req, 431, "request header fields too large");
            req.Status = HttpParseStatus.Incomplete;
            return HttpParseStatus.Incomplete;
        }
        int lineEnd = IndexOf(buf, off, end, (byte)'\n');
        if (RequestLine(buf, off, lineEnd, req) == HttpParseStatus.Error) return HttpParseStatus.Error;
        if (headEnd - off > MaxHead) return Fail(req, 431, "request header fields too large");
        req.HeadLength = headEnd - off;
        int p = lineEnd + 1;
        bool hostSeen = false;
        while (true)
        {
            int lf = IndexOf(buf, p, headEnd, (byte)'\n');
            int stop = lf > p && buf[lf - 1] == (byte)'\r' ? lf - 1 : lf;
            if (stop == p) break;      // the empty line
            if (++req.HeaderCount > MaxFields) return Fail(req, 431, "too many header fields");
            if (Field(buf, p, stop, req, ref hostSeen) == HttpParseStatus.Error) return HttpParseStatus.Error;
            p = lf + 1;
        }
        if (req.MinorVersion == 1 && !hostSeen) return Fail(req, 400, "HTTP/1.1 request without Host");
        if (req.Method == HttpMethod.Post && req.ContentLength < 0) return Fail(req, 411, "POST without Content-Length");
        if (req.Method == HttpMethod.Other) return Fail(req, 501, "method not implemented");
        long body = req.ContentLength < 0 ? 0 : req.ContentLength;
        if (body > MaxBody) return Fail(req, 413, "body larger than " + MaxBody + " bytes");
        req.BodyOffset = headEnd;
        req.BodyLength = (int)body;
        if (end - headEnd < body)
        {
            req.Status = HttpParseStatus.Incomplete;
            return HttpParseStatus.Incomplete;
        }
        req.Status = HttpParseStatus.Complete;
        return HttpParseStatus.Complete;
    }

    /// <summary>Offset just after the empty line that ends the head (CRLF CRLF, or LF LF), or -1.</summary>
    private static int FindHeadEnd(byte[] buf, int off, int end)
    {
        for (int i = off; i < end; i++)
        {
            if (buf[i] != (byte)'\n') continue;
            int j = i + 1;
            if (j < end && buf[j] == (byte)'\r') j++;
            if (j < end && buf[j] == (byte)'\n') return j + 1;
        }
        return -1;
    }

    /// <summary>METHOD SP origin-form SP HTTP/1.x, between off and the LF at lf.</summary>
    private static HttpParseStatus RequestLine(byte[] buf, int off, int lf, HttpRequest req)
    {
        int stop = lf > off && buf[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        int sp1 = IndexOf(buf, off, stop, (byte)' ');
        if (sp1 <= off) return Fail(req, 400, "malformed request line");
        for (int i = off; i < sp1; i++) if (!Ascii.IsToken(buf[i])) return Fail(req, 400, "malformed method");
        if (sp1 - off > 16) return Fail(req, 501, "method not implemented");
        req.Method = MethodOf(buf, off, sp1 - off);
        int target = sp1 + 1;
        int sp2 = IndexOf(buf, target, stop, (byte)' ');
        if (sp2 < 0) return Fail(req, 400, "malformed request line");
        if (sp2 - target > MaxTarget) return Fail(req, 414, "target longer than " + MaxTarget + " bytes");
        if (sp2 == target || buf[target] != (byte)'/') return Fail(req, 400, "target must be a path (origin-form)");
        int q = -1;
        for (int i = target; i < sp2; i++)
        {
            byte b = buf[i];
            if (b <= 0x20 || b >= 0x7F) return Fail(req, 400, "target holds a space or control character");
            if (b == (byte)'#') return Fail(req, 400, "target holds a fragment");
            if (b == (byte)'?' && q < 0) q = i;
        }
        req.PathOffset = target;
        req.PathLength = (q < 0 ? sp2 : q) - target;
        req.QueryOffset = q < 0 ? sp2 : q + 1;
        req.QueryLength = q < 0 ? 0 : sp2 - q - 1;
        int v = sp2 + 1;
        if (stop - v != 8 || !Ascii.Equals(buf, v, 5, "HTTP/") || !Ascii.IsDigit(buf[v + 5]) || buf[v + 6] != (byte)'.'
            || !Ascii.IsDigit(buf[v + 7]))
        {
            return Fail(req, 400, "malformed HTTP version");
        }
        if (buf[v + 5] != (byte)'1') return Fail(req, 505, "HTTP version not supported");
        req.MinorVersion = buf[v + 7] == (byte)'0' ? 0 : 1;
        return HttpParseStatus.Complete;
    }

    private static HttpMethod MethodOf(byte[] buf, int off, int len)
    {
        if (Ascii.Equals(buf, off, len, "GET")) return HttpMethod.Get;
        if (Ascii.Equals(buf, off, len, "POST")) return HttpMethod.Post;
        if (Ascii.Equals(buf, off, len, "HEAD")) return HttpMethod.Head;
        return HttpMethod.Other;
    }

    /// <summary>name ":" OWS value OWS (RFC 9112 §5), the line between p and stop.</summary>
    private static HttpParseStatus Field(byte[] buf, int p, int stop, HttpRequest req, ref bool hostSeen)
    {
        if (buf[p] == (byte)' ' || buf[p] == (byte)'\t') return Fail(req, 400, "folded header field (obs-fold)");
        int colon = IndexOf(buf, p, stop, (byte)':');
        if (colon <= p) return Fail(req, 400, "header field without a name");
        for (int i = p; i < colon; i++) if (!Ascii.IsToken(buf[i])) return Fail(req, 400, "malformed header field name");
        int vs = colon + 1;
        while (vs < stop && Ascii.IsWsp(buf[vs])) vs++;
        int ve = stop;
        while (ve > vs && Ascii.IsWsp(buf[ve - 1])) ve--;
        for (int i = vs; i < ve; i++)
        {
            byte b = buf[i];
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F) return Fail(req, 400, "control character in a header field");
        }
        int nameLen = colon - p;
        int valueLen = ve - vs;
        if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Host"))
        {
            if (hostSeen) return Fail(req, 400, "more than one Host");
            hostSeen = true;
            req.HostOffset = vs;
            req.HostLength = valueLen;
        }
        else if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Content-Length"))
        {
            long n;
            if (!Ascii.TryParseUInt(buf, vs, valueLen, 999999999L, out n)) return Fail(req, 400, "malformed Content-Length");
            if (req.ContentLength >= 0 && req.ContentLength != n) return Fail(req, 400, "conflicting Content-Length");
            req.ContentLength = n;
        }
        else if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Transfer-Encoding"))
        {
            return Fail(req, 501, "Transfer-Encoding not implemented (send Content-Length)");
        }
        else if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Cookie"))
        {
            // Only the first Cookie field counts: browsers send one (RFC 6265 §5.4).
            if (req.CookieLength == 0) { req.CookieOffset = vs; req.CookieLength = valueLen; }
        }
        else if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Origin"))
        {
            if (req.OriginLength > 0) return Fail(req, 400, "more than one Origin");
            req.OriginOffset = vs;
            req.OriginLength = valueLen;
        }
        else if (Ascii.EqualsIgnoreCase(buf, p, nameLen, "Content-Type"))
        {
            req.ContentTypeOffset = vs;
            req.ContentTypeLength = valueLen;
        }
        return HttpParseStatus.Complete;
    }

    private static int IndexOf(byte[] buf, int from, int end, byte b)
    {
        for (int i = from; i < end; i++) if (buf[i] == b) return i;
        return -1;
    }

    private static HttpParseStatus Fail(HttpRequest req, int status, string reason)
    {
        req.Status = HttpParseStatus.Error;
        req.ErrorStatus = status;
        req.Reason = reason;
        return HttpParseStatus.Error;
    }
}
