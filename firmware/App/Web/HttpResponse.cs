using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>
/// Writes one HTTP/1.1 response into a reusable <see cref="SipWriter"/>: the status line, the
/// fields every answer of the phone carries (no caching, no framing by other sites, a strict
/// Content-Security-Policy, Connection: close), the caller's own fields, then the body, whose length
/// is filled into a Content-Length written ahead as a fixed-width field (leading blanks are optional
/// whitespace, RFC 9110 §5.5), so the body is written once, straight into the buffer.
/// </summary>
public sealed class HttpResponse
{
    private const int LengthDigits = 7;
    private SipWriter _w;
    private int _lengthAt;
    private int _bodyAt;
    private bool _head;

    public SipWriter Writer { get { return _w; } }

    /// <summary>The request was a HEAD: every answer to it loses its body (RFC 9110 §9.3.2).</summary>
    public bool HeadRequest { get; set; }

    /// <summary>Starts a response; <paramref name="headOnly"/> (a HEAD request) drops the body at <see cref="End"/>.</summary>
    public void Start(SipWriter w, int status, string reason, bool headOnly)
    {
        _w = w;
        _head = headOnly || HeadRequest;
        w.Reset();
        w.Text("HTTP/1.1 ").Number(status).Byte((byte)' ').Text(reason).Crlf();
        w.Text("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n");
        w.Text("Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'\r\n");
        w.Text("Referrer-Policy: same-origin\r\nConnection: close\r\n");
    }

    public void Header(string name, string value)
    {
        _w.Text(name).Text(": ").Text(value).Crlf();
    }

    /// <summary>Ends the fields and starts the body, of <paramref name="contentType"/>.</summary>
    public void Body(string contentType)
    {
        _w.Text("Content-Type: ").Text(contentType).Crlf();
        _w.Text("Content-Length:");
        _lengthAt = _w.Length;
        for (int i = 0; i < LengthDigits + 1; i++) _w.Byte((byte)' ');
        _w.Crlf().Crlf();
        _bodyAt = _w.Length;
    }

    /// <summary>Fills in the Content-Length; a HEAD answer loses its body here (the length stays).</summary>
    public void End()
    {
        int length = _w.Length - _bodyAt;
        byte[] buf = _w.Buffer;
        int p = _lengthAt + LengthDigits + 1;
        int n = length;
        do
        {
            buf[--p] = (byte)('0' + n % 10);
            n /= 10;
        }
        while (n > 0 && p > _lengthAt + 1);
        if (_head) _w.Truncate(_bodyAt);
    }

    /// <summary>The body written so far, in bytes.</summary>
    public int BodyLength { get { return _w.Length - _bodyAt; } }
}
