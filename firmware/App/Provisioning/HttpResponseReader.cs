using NanoPhone.Sip.Text;

namespace NanoPhone.App.Provisioning;

/// <summary>
/// Reads the HTTP/1.x response to the phone's provisioning GET, in place: the status code, ETag,
/// Last-Modified, and the body, framed by Content-Length, by chunked transfer coding, or by the end
/// of the connection (the request says Connection: close). Call <see cref="Read"/> with all bytes
/// received so far; <see cref="IsComplete"/> says whether the response is whole (for a body framed
/// by the close, call it again with <c>closed</c> true). Never throws.
/// </summary>
public sealed class HttpResponseReader
{
    public const int MaxHead = 4096;

    public int Status;
    public string Error;
    public string ETag;
    public string LastModified;
    public bool IsComplete;
    /// <summary>The body, decoded (a chunked body is copied together), or null.</summary>
    public byte[] Body;
    public int BodyLength;

    /// <summary>Reads buf[0..len). <paramref name="closed"/>: the server has closed the connection.</summary>
    public void Read(byte[] buf, int len, bool closed)
    {
        Status = 0;
        Error = null;
        ETag = null;
        LastModified = null;
        IsComplete = false;
        Body = null;
        BodyLength = 0;
        int headEnd = -1;
        for (int i = 0; i + 1 < len; i++)
        {
            if (buf[i] != (byte)'\n') continue;
            if (buf[i + 1] == (byte)'\n') { headEnd = i + 2; break; }
            if (buf[i + 1] == (byte)'\r' && i + 2 < len && buf[i + 2] == (byte)'\n') { headEnd = i + 3; break; }
        }
        if (headEnd < 0)
        {
            if (len > MaxHead) Error = "response head too large";
            else if (closed) Error = len == 0 ? "the server closed the connection without an answer" : "the response ended in its head";
            return;
        }
        int lf = 0;
        while (buf[lf] != (byte)'\n') lf++;
        int lineEnd = lf > 0 && buf[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        long code;
        if (lineEnd < 12 || !Ascii.Equals(buf, 0, 7, "HTTP/1.") || buf[8] != (byte)' '
            || !Ascii.TryParseUInt(buf, 9, 3, 999, out code) || (lineEnd > 12 && buf[12] != (byte)' '))
        {
            Error = "not an HTTP/1.x response";
            return;
        }
        Status = (int)code;
        long contentLength = -1;
        bool chunked = false;
        int p = lf + 1;
        while (p < headEnd)
        {
            int e = p;
            while (e < headEnd && buf[e] != (byte)'\n') e++;
            int stop = e > p && buf[e - 1] == (byte)'\r' ? e - 1 : e;
            int colon = p;
            while (colon < stop && buf[colon] != (byte)':') colon++;
            if (colon < stop)
            {
                int vs = colon + 1;
                while (vs < stop && Ascii.IsWsp(buf[vs])) vs++;
                int ve = stop;
                while (ve > vs && Ascii.IsWsp(buf[ve - 1])) ve--;
                int n = colon - p;
                if (Ascii.EqualsIgnoreCase(buf, p, n, "ETag")) ETag = Ascii.ToString(buf, vs, ve - vs);
                else if (Ascii.EqualsIgnoreCase(buf, p, n, "Last-Modified")) LastModified = Ascii.ToString(buf, vs, ve - vs);
                else if (Ascii.EqualsIgnoreCase(buf, p, n, "Content-Length"))
                {
                    if (!Ascii.TryParseUInt(buf, vs, ve - vs, int.MaxValue, out contentLength)) { Error = "malformed Content-Length"; return; }
                }
                else if (Ascii.EqualsIgnoreCase(buf, p, n, "Transfer-Encoding"))
                {
                    chunked = ve - vs >= 7 && Ascii.EqualsIgnoreCase(buf, ve - 7, 7, "chunked");
                    if (!chunked) { Error = "unknown Transfer-Encoding"; return; }
                }
            }
            p = e + 1;
        }
        if (Status == 304 || Status == 204 || (Status >= 100 && Status < 200))
        {
            IsComplete = true;
            return;
        }
        if (chunked) { Chunks(buf, headEnd, len, closed); return; }
        if (contentLength >= 0)
        {
            if (len - headEnd < contentLength)
            {
                if (closed) Error = "the body ended after " + (len - headEnd) + " of " + contentLength + " bytes";
                return;
            }
            Take(buf, headEnd, (int)contentLength);
            return;
        }
        if (closed) Take(buf, headEnd, len - headEnd);
    }

    private void Take(byte[] buf, int off, int len)
    {
        Body = new byte[len];
        System.Array.Copy(buf, off, Body, 0, len);
        BodyLength = len;
        IsComplete = true;
    }

    /// <summary>Chunked transfer coding (RFC 9112 §7.1): hex size, optional extensions, CRLF, data, CRLF; size 0 ends.</summary>
    private void Chunks(byte[] buf, int p, int len, bool closed)
    {
        byte[] body = new byte[len - p];
        int n = 0;
        while (true)
        {
            int e = p;
            while (e < len && buf[e] != (byte)'\n') e++;
            if (e >= len) { if (closed) Error = "the chunked body ended early"; return; }
            long size = 0;
            int digits = 0;
            for (int i = p; i < e && Ascii.IsHex(buf[i]); i++, digits++)
            {
                size = size * 16 + Ascii.HexValue(buf[i]);
                if (size > 1 << 24) { Error = "chunk too large"; return; }
            }
            if (digits == 0) { Error = "malformed chunk size"; return; }
            p = e + 1;
            if (size == 0) break;
            if (len - p < size + 1) { if (closed) Error = "the chunked body ended early"; return; }
            System.Array.Copy(buf, p, body, n, (int)size);
            n += (int)size;
            p += (int)size;
            if (p < len && buf[p] == (byte)'\r') p++;
            if (p < len && buf[p] == (byte)'\n') p++;
        }
        Body = body;
        BodyLength = n;
        IsComplete = true;
    }
}
