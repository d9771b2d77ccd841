namespace NanoPhone.App.Web;

/// <summary>
/// One parsed HTTP/1.x request: (offset, length) views into the buffer it was parsed from, for the
/// few header fields the phone reads (Host, Cookie, Origin, Content-Type, Content-Length). Filled by
/// <see cref="HttpRequestParser"/>; reused from request to request. A length of 0 means absent.
/// </summary>
public sealed class HttpRequest
{
    public byte[] Buffer;
    public HttpParseStatus Status;
    /// <summary>With <see cref="HttpParseStatus.Error"/>: the status code to answer (400, 405, 411, 413, 414, 431, 501, 505).</summary>
    public int ErrorStatus;
    /// <summary>With <see cref="HttpParseStatus.Error"/>: why, in a few words (never the offending bytes).</summary>
    public string Reason;

    public HttpMethod Method;
    /// <summary>1 for HTTP/1.1, 0 for HTTP/1.0.</summary>
    public int MinorVersion;
    public int PathOffset, PathLength;
    public int QueryOffset, QueryLength;
    public int HostOffset, HostLength;
    public int CookieOffset, CookieLength;
    public int OriginOffset, OriginLength;
    public int ContentTypeOffset, ContentTypeLength;
    /// <summary>The Content-Length, or -1 when there is none.</summary>
    public long ContentLength;
    /// <summary>Bytes of the request line and header fields, the empty line included.</summary>
    public int HeadLength;
    public int BodyOffset, BodyLength;
    public int HeaderCount;

    public void Clear()
    {
        Buffer = null;
        Status = HttpParseStatus.Incomplete;
        ErrorStatus = 0;
        Reason = null;
        Method = HttpMethod.Other;
        MinorVersion = 0;
        PathOffset = PathLength = QueryOffset = QueryLength = 0;
        HostOffset = HostLength = CookieOffset = CookieLength = 0;
        OriginOffset = OriginLength = ContentTypeOffset = ContentTypeLength = 0;
        ContentLength = -1;
        HeadLength = BodyOffset = BodyLength = HeaderCount = 0;
    }

    /// <summary>Whether the path is exactly <paramref name="path"/>.</summary>
    public bool PathIs(string path)
    {
        return NanoPhone.Sip.Text.Ascii.Equals(Buffer, PathOffset, PathLength, path);
    }

    /// <summary>Whether the Content-Type's media type is application/x-www-form-urlencoded.</summary>
    public bool IsForm
    {
        get
        {
            const string Form = "application/x-www-form-urlencoded";
            if (ContentTypeLength < Form.Length) return false;
            if (!NanoPhone.Sip.Text.Ascii.EqualsIgnoreCase(Buffer, ContentTypeOffset, Form.Length, Form)) return false;
            if (ContentTypeLength == Form.Length) return true;
            byte next = Buffer[ContentTypeOffset + Form.Length];
            return next == (byte)';' || next == (byte)' ' || next == (byte)'\t';
        }
    }
}
