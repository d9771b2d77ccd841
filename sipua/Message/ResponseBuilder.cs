using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Builds a response from a request per RFC 3261 §8.2.6: Via values in order, From, To (with our
/// tag unless the request had one, and never on 100 Trying), Call-ID and CSeq are copied. The
/// caller adds its own headers between Begin and End. The fixed words are bytes made once (a
/// string literal allocates on nanoCLR at every use and is written a native call per character).
/// </summary>
public static class ResponseBuilder
{
    private static readonly byte[] SipVersionSp = Ascii.Utf8Bytes("SIP/2.0 ");
    private static readonly byte[] TagParam = Ascii.Utf8Bytes(";tag=");
    private static readonly byte[] ReceivedParam = Ascii.Utf8Bytes(";received=");
    private static readonly byte[] NoBody = Ascii.Utf8Bytes("Content-Length: 0\r\n\r\n");

    public static void Begin(SipWriter w, SipMessage request, int code, string reason,
        byte[] toTag, int toTagOffset, int toTagLength)
    {
        w.Reset();
        w.Bytes(SipVersionSp).Number(code).Byte((byte)' ').Text(reason).Crlf();
        CopyHeaders(w, request, code, toTag, toTagOffset, toTagLength);
    }

    /// <summary>As the other Begin, with a status line made once.</summary>
    public static void Begin(SipWriter w, SipMessage request, StatusLine status,
        byte[] toTag, int toTagOffset, int toTagLength)
    {
        w.Reset();
        w.Bytes(status.Bytes);
        CopyHeaders(w, request, status.Code, toTag, toTagOffset, toTagLength);
    }

    /// <summary>
    /// Begins another response to the same request from the copied headers of one written before
    /// (<paramref name="head"/>[headStart, headEnd): the Via to CSeq lines that Begin wrote after
    /// its status line, with the same To tag), without the request.
    /// </summary>
    public static void BeginFrom(SipWriter w, StatusLine status, byte[] head, int headStart, int headEnd)
    {
        w.Reset();
        w.Bytes(status.Bytes).Bytes(head, headStart, headEnd - headStart);
    }

    private static void CopyHeaders(SipWriter w, SipMessage request, int code, byte[] toTag, int toTagOffset, int toTagLength)
    {
        byte[] b = request.Buffer;
        int first = request.IndexOf(HeaderId.Via);
        for (int i = first; i >= 0; i = request.IndexOf(HeaderId.Via, i + 1))
        {
            if (i == first && request.SourceHostLength > 0) TopVia(w, request, b, request.ValueOffsetAt(i), request.ValueLengthAt(i));
            else w.Header(HeaderId.Via, b, request.ValueOffsetAt(i), request.ValueLengthAt(i));
        }
        int from = request.IndexOf(HeaderId.From);
        w.Header(HeaderId.From, b, request.ValueOffsetAt(from), request.ValueLengthAt(from));
        int to = request.IndexOf(HeaderId.To);
        w.HeaderName(HeaderId.To).Bytes(b, request.ValueOffsetAt(to), request.ValueLengthAt(to));
        if (!request.HasToTag && code > 100 && toTag != null && toTagLength > 0)
        {
            w.Bytes(TagParam).Bytes(toTag, toTagOffset, toTagLength);
        }
        w.Crlf();
        int callId = request.IndexOf(HeaderId.CallId);
        w.Header(HeaderId.CallId, b, request.ValueOffsetAt(callId), request.ValueLengthAt(callId));
        int cseq = request.IndexOf(HeaderId.CSeq);
        w.Header(HeaderId.CSeq, b, request.ValueOffsetAt(cseq), request.ValueLengthAt(cseq));
    }

    /// <summary>
    /// The top Via as the server saw it: received= the source address when it differs from the
    /// sent-by host (§18.2.1), and an empty rport filled with the source port (RFC 3581 §4).
    /// IPv6 addresses go without brackets (RFC 5118 §4.5).
    /// </summary>
    private static void TopVia(SipWriter w, SipMessage r, byte[] b, int off, int len)
    {
        int end = off + len;
        int comma = Lws.NextComma(b, off, end);
        if (comma < 0) comma = end;
        int valueEnd = Lws.TrimEnd(b, off, comma);
        Via v = r.TopVia;
        w.HeaderName(HeaderId.Via);
        int copied = off;
        if (v.HasRport && v.Rport == 0 && v.ParamsLength > 0)
        {
            int q = v.ParamsOffset;
            int no, nl, vo, vl;
            while (Params.Next(b, ref q, valueEnd, out no, out nl, out vo, out vl))
            {
                if (vl < 0 && Ascii.EqualsIgnoreCase(b, no, nl, Via.RportParam))
                {
                    w.Bytes(b, copied, no + nl - copied).Byte((byte)'=').Number(r.SourcePort);
                    copied = no + nl;
                    break;
                }
            }
        }
        w.Bytes(b, copied, valueEnd - copied);
        bool sameHost = Ascii.BytesEqualIgnoreCase(b, v.HostOffset, v.HostLength, r.SourceHost, 0, r.SourceHostLength)
            || (v.HostLength == r.SourceHostLength + 2 && b[v.HostOffset] == (byte)'['
                && Ascii.BytesEqualIgnoreCase(b, v.HostOffset + 1, v.HostLength - 2, r.SourceHost, 0, r.SourceHostLength));
        if (v.ReceivedLength == 0 && (v.HasRport || !sameHost))
            w.Bytes(ReceivedParam).Bytes(r.SourceHost, 0, r.SourceHostLength);
        w.Bytes(b, valueEnd, end - valueEnd);
        w.Crlf();
    }

    /// <summary>Ends a response or request without a body.</summary>
    public static void End(SipWriter w)
    {
        w.Bytes(NoBody);
    }

    /// <summary>Ends a message with a body of the given type.</summary>
    public static void End(SipWriter w, string contentType, byte[] body, int offset, int length)
    {
        w.HeaderName(HeaderId.ContentType).Text(contentType).Crlf();
        w.Header(HeaderId.ContentLength, length);
        w.Crlf();
        w.Bytes(body, offset, length);
    }

    /// <summary>
    /// The complete stateless answer for RequestCheck's verdict (400, 405, 415, 416, 420, 501, 505...)
    /// or the agent's own (481, 503), with the headers the RFC asks for: Allow on 405/501 (§8.2.1),
    /// Unsupported on 420 (§8.2.2.3), on 415 Accept for an unsupported Content-Type and
    /// Accept-Encoding for an unknown Content-Encoding (§8.2.3), Accept on 406, Retry-After on 503.
    /// False if the request is too broken to be answered (no readable top Via, or no From, To,
    /// Call-ID or CSeq).
    /// </summary>
    public static bool RejectStatelessly(SipWriter w, SipMessage request, int code, string reason,
        byte[] toTag, int toTagOffset, int toTagLength)
    {
        if (!CanAnswer(request)) return false;
        Begin(w, request, code, reason, toTag, toTagOffset, toTagLength);
        if (code == 405 || code == 501) w.Header("Allow", RequestCheck.Allow);
        if (code == 406 || (code == 415 && RequestCheck.HasUnsupportedType(request))) w.Header("Accept", RequestCheck.AcceptedBodyFor(request.Method));
        if (code == 415 && RequestCheck.HasUnknownEncoding(request)) w.Header("Accept-Encoding", RequestCheck.AcceptedEncoding);
        if (code == 503) w.Header("Retry-After", RetryAfterSeconds);
        if (code == 420)
        {
            // One Unsupported line listing the tags the phone does not support (a Require may list
            // replaces or timer too), in their order.
            HeaderValues v = new HeaderValues(request, HeaderId.Require);
            bool first = true;
            while (v.Next())
            {
                if (RequestCheck.IsSupportedTag(request.Buffer, v.Offset, v.Length)) continue;
                int s = Lws.SkipForward(request.Buffer, v.Offset, v.Offset + v.Length);
                if (first) w.HeaderName("Unsupported");
                else w.Text(", ");
                w.Bytes(request.Buffer, s, Lws.TrimEnd(request.Buffer, s, v.Offset + v.Length) - s);
                first = false;
            }
            if (!first) w.Crlf();
        }
        End(w);
        return true;
    }

    /// <summary>When a request shed for overload (503) may be tried again, seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// True if the request has the headers a response copies (§8.2.6.2), even if malformed, and a
    /// top Via whose sent-by could be read, to route the response by (§18.2.2); otherwise it can
    /// only be dropped.
    /// </summary>
    public static bool CanAnswer(SipMessage r)
    {
        return r.IsRequest && r.TopVia.HostLength > 0 && r.IndexOf(HeaderId.From) >= 0
            && r.IndexOf(HeaderId.To) >= 0 && r.IndexOf(HeaderId.CallId) >= 0 && r.IndexOf(HeaderId.CSeq) >= 0;
    }
}
