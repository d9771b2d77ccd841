using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// Builds a response from a request per RFC 3261 §8.2.6: Via values in order, From, To (with our
/// tag unless the request had one, and never on 100 Trying), Call-ID and CSeq are copied. The
/// caller adds its own headers between Begin and End.
/// </summary>
public static class ResponseBuilder
{
    public static void Begin(SipWriter w, SipMessage request, int code, string reason,
        byte[] toTag, int toTagOffset, int toTagLength)
    {
        w.Reset();
        w.Text("SIP/2.0 ").Number(code).Byte((byte)' ').Text(reason).Crlf();
        byte[] b = request.Buffer;
        int first = request.IndexOf(HeaderId.Via);
        for (int i = first; i >= 0; i = request.IndexOf(HeaderId.Via, i + 1))
        {
            if (i == first && request.SourceHostLength > 0) TopVia(w, request, b, request.ValueOffsetAt(i), request.ValueLengthAt(i));
            else w.Header("Via", b, request.ValueOffsetAt(i), request.ValueLengthAt(i));
        }
        int from = request.IndexOf(HeaderId.From);
        w.Header("From", b, request.ValueOffsetAt(from), request.ValueLengthAt(from));
        int to = request.IndexOf(HeaderId.To);
        w.HeaderName("To").Bytes(b, request.ValueOffsetAt(to), request.ValueLengthAt(to));
        if (!request.HasToTag && code > 100 && toTag != null && toTagLength > 0)
        {
            w.Text(";tag=").Bytes(toTag, toTagOffset, toTagLength);
        }
        w.Crlf();
        int callId = request.IndexOf(HeaderId.CallId);
        w.Header("Call-ID", b, request.ValueOffsetAt(callId), request.ValueLengthAt(callId));
        int cseq = request.IndexOf(HeaderId.CSeq);
        w.Header("CSeq", b, request.ValueOffsetAt(cseq), request.ValueLengthAt(cseq));
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
        w.HeaderName("Via");
        int copied = off;
        if (v.HasRport && v.Rport == 0 && v.ParamsLength > 0)
        {
            int q = v.ParamsOffset;
            int no, nl, vo, vl;
            while (Params.Next(b, ref q, valueEnd, out no, out nl, out vo, out vl))
            {
                if (vl < 0 && Ascii.EqualsIgnoreCase(b, no, nl, "rport"))
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
            w.Text(";received=").Bytes(r.SourceHost, 0, r.SourceHostLength);
        w.Bytes(b, valueEnd, end - valueEnd);
        w.Crlf();
    }

    /// <summary>Ends a response or request without a body.</summary>
    public static void End(SipWriter w)
    {
        w.Text("Content-Length: 0\r\n\r\n");
    }

    /// <summary>Ends a message with a body of the given type.</summary>
    public static void End(SipWriter w, string contentType, byte[] body, int offset, int length)
    {
        w.Header("Content-Type", contentType);
        w.Header("Content-Length", length);
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
        if (code == 406 || (code == 415 && RequestCheck.HasUnsupportedType(request))) w.Header("Accept", RequestCheck.AcceptedBody);
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
