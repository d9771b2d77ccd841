using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// "What does the UA reply to this request" before any dialog or call logic: the checks of
/// RFC 3261 §8.2.1–§8.2.3 in their order, plus the answer to a request that failed to parse.
/// Returns 0 when the request passes to the user agent, -1 when the message is to be dropped
/// silently (a malformed response), else the status code with its reason phrase.
/// </summary>
public static class RequestCheck
{
    /// <summary>
    /// Methods this desk phone implements, as written in Allow: RFC 3261's, REFER and the NOTIFY
    /// of its implicit subscription (RFC 3515), UPDATE for session refreshes (RFC 3311, RFC 4028);
    /// NOTIFY also brings message summaries (RFC 3842), INFO a key press (RFC 6086's legacy use).
    /// </summary>
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, INFO";
    public const string AcceptedBody = "application/sdp";
    /// <summary>The bodies a NOTIFY may carry: a REFER's progress (RFC 3515) or a message summary (RFC 3842).</summary>
    public const string AcceptedNotifyBody = "message/sipfrag, application/simple-message-summary";
    /// <summary>The bodies an INFO may carry: a key press (the door code, RFC 6086's legacy use).</summary>
    public const string AcceptedInfoBody = "application/dtmf-relay, application/dtmf";
    /// <summary>Option tags this phone supports, as written in Supported: Replaces (RFC 3891) and session timers (RFC 4028).</summary>
    public const string Supported = "replaces, timer";
    /// <summary>Content codings this phone reads, as written in Accept-Encoding: none but the identity.</summary>
    public const string AcceptedEncoding = "identity";

    // The words compared on every request with a body, as bytes made once (a string literal
    // allocates on nanoCLR at every use).
    private static readonly byte[] Application = Ascii.Utf8Bytes("application");
    private static readonly byte[] SdpSubtype = Ascii.Utf8Bytes("sdp");
    private static readonly byte[] MessageSummarySubtype = Ascii.Utf8Bytes("simple-message-summary");
    /// <summary>The subtypes of an INFO's key press (application/dtmf-relay, application/dtmf), for <see cref="IsApplication"/>.</summary>
    public static readonly byte[] DtmfRelaySubtype = Ascii.Utf8Bytes("dtmf-relay");
    public static readonly byte[] DtmfSubtype = Ascii.Utf8Bytes("dtmf");

    public static int Answer(SipMessage m, out string reason)
    {
        reason = null;
        if (m.Status == ParseStatus.KeepAlive) return -1;
        if (m.Status != ParseStatus.Ok)
        {
            if (!m.IsRequest) return -1;
            if (m.Status == ParseStatus.BadVersion)
            {
                reason = "Version Not Supported";
                return 505;
            }
            reason = Phrase(m.Error);
            return 400;
        }
        // §8.1.3.3: a response with more than one Via was meant for someone else.
        if (!m.IsRequest) return m.ViaCount == 1 ? 0 : -1;

        // §8.2.1 method inspection.
        if (m.Method == SipMethod.Unknown)
        {
            reason = "Not Implemented";
            return 501;
        }
        if (!IsImplemented(m.Method))
        {
            reason = "Method Not Allowed";
            return 405;
        }
        if (m.CSeqMethod != m.Method)
        {
            reason = "CSeq method does not match the Request-Line";
            return 400;
        }
        // §8.2.2.1 Request-URI scheme.
        if (!m.RequestUri.IsSip)
        {
            reason = "Unsupported URI Scheme";
            return 416;
        }
        // §8.2.2.3 Require: only the option tags of Supported may be required.
        if (m.Method != SipMethod.Ack && m.Method != SipMethod.Cancel && HasUnsupportedRequire(m))
        {
            reason = "Bad Extension";
            return 420;
        }
        // §8.2.3 content processing.
        if (m.BodyLength > 0 && m.Method != SipMethod.Cancel && m.Method != SipMethod.Bye)
        {
            if (HasUnsupportedType(m))
            {
                reason = "Unsupported Media Type";
                return 415;
            }
            if (HasUnknownEncoding(m))
            {
                reason = "Unsupported Media Type";
                return 415;
            }
        }
        if (m.Method == SipMethod.Invite && !AcceptsSdp(m))
        {
            reason = "Not Acceptable";
            return 406;
        }
        return 0;
    }

    public static bool IsImplemented(SipMethod method)
    {
        switch (method)
        {
            case SipMethod.Invite:
            case SipMethod.Ack:
            case SipMethod.Cancel:
            case SipMethod.Bye:
            case SipMethod.Options:
            case SipMethod.Refer:
            case SipMethod.Notify:
            case SipMethod.Update:
            case SipMethod.Info:
                return true;
            default:
                return false;
        }
    }

    /// <summary>True if a Require value names an option tag other than those in <see cref="Supported"/> (§8.2.2.3).</summary>
    public static bool HasUnsupportedRequire(SipMessage m)
    {
        HeaderValues v = new HeaderValues(m, HeaderId.Require);
        while (v.Next())
        {
            if (!IsSupportedTag(m.Buffer, v.Offset, v.Length)) return true;
        }
        return false;
    }

    /// <summary>True if the option tag in b (LWS around it allowed) is one this phone supports: replaces or timer.</summary>
    public static bool IsSupportedTag(byte[] b, int off, int len)
    {
        int s = Lws.SkipForward(b, off, off + len);
        int e = Lws.TrimEnd(b, s, off + len);
        return e == s || Ascii.EqualsIgnoreCase(b, s, e - s, "replaces") || Ascii.EqualsIgnoreCase(b, s, e - s, "timer");
    }

    /// <summary>
    /// True if the body's Content-Type is missing or not one the method's body is read as (§8.2.3:
    /// 415 with Accept): message/sipfrag or application/simple-message-summary for NOTIFY,
    /// application/dtmf-relay or application/dtmf for INFO, application/sdp otherwise.
    /// </summary>
    public static bool HasUnsupportedType(SipMessage m)
    {
        int ct = m.IndexOf(HeaderId.ContentType);
        if (ct < 0) return true;
        byte[] b = m.Buffer;
        int o = m.ValueOffsetAt(ct), l = m.ValueLengthAt(ct);
        if (m.Method == SipMethod.Notify) return !IsSipfrag(m) && !IsApplication(b, o, l, MessageSummarySubtype);
        if (m.Method == SipMethod.Info) return !IsApplication(b, o, l, DtmfRelaySubtype) && !IsApplication(b, o, l, DtmfSubtype);
        return !IsSdp(m.Buffer, m.ValueOffsetAt(ct), m.ValueLengthAt(ct));
    }

    /// <summary>The Accept value of a 415 for a request of this method.</summary>
    public static string AcceptedBodyFor(SipMethod method)
    {
        if (method == SipMethod.Info) return AcceptedInfoBody;
        return method == SipMethod.Notify ? AcceptedNotifyBody : AcceptedBody;
    }

    /// <summary>
    /// True if a Content-Encoding names a coding other than identity (§8.2.3: its 415 lists
    /// Accept-Encoding, an unsupported Content-Type's lists Accept). Every value of every
    /// Content-Encoding line counts; an empty one names nothing.
    /// </summary>
    public static bool HasUnknownEncoding(SipMessage m)
    {
        byte[] b = m.Buffer;
        for (int i = m.IndexOf(HeaderId.ContentEncoding); i >= 0; i = m.IndexOf(HeaderId.ContentEncoding, i + 1))
        {
            int p = m.ValueOffsetAt(i);
            int end = p + m.ValueLengthAt(i);
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) return true;
                int s = Lws.SkipForward(b, p, comma);
                int e = Lws.TrimEnd(b, s, comma);
                if (e > s && !Ascii.EqualsIgnoreCase(b, s, e - s, AcceptedEncoding)) return true;
                p = comma + 1;
            }
        }
        return false;
    }

    /// <summary>True if the body is message/sipfrag (RFC 3420): what a NOTIFY of a REFER's subscription carries (RFC 3515 §2.4.5).</summary>
    public static bool IsSipfrag(SipMessage m)
    {
        int ct = m.IndexOf(HeaderId.ContentType);
        if (ct < 0) return false;
        byte[] b = m.Buffer;
        int s = Lws.SkipForward(b, m.ValueOffsetAt(ct), m.ValueOffsetAt(ct) + m.ValueLengthAt(ct));
        int e = s;
        while (e < m.ValueOffsetAt(ct) + m.ValueLengthAt(ct) && b[e] != (byte)';') e++;
        e = Lws.TrimEnd(b, s, e);
        return Ascii.EqualsIgnoreCase(b, s, e - s, "message/sipfrag");
    }

    /// <summary>True if an INFO's body is a key press: application/dtmf-relay or application/dtmf (the legacy INFO usage; RFC 6086 §2).</summary>
    public static bool IsDtmfBody(SipMessage m)
    {
        int ct = m.IndexOf(HeaderId.ContentType);
        return ct >= 0 && (IsApplication(m.Buffer, m.ValueOffsetAt(ct), m.ValueLengthAt(ct), DtmfRelaySubtype)
            || IsApplication(m.Buffer, m.ValueOffsetAt(ct), m.ValueLengthAt(ct), DtmfSubtype));
    }

    /// <summary>True if a Content-Type value names application/sdp (parameters allowed).</summary>
    public static bool IsSdp(byte[] b, int off, int len)
    {
        return IsApplication(b, off, len, SdpSubtype);
    }

    /// <summary>True if a Content-Type value names application/subtype (case-insensitive, parameters allowed).</summary>
    public static bool IsApplication(byte[] b, int off, int len, byte[] subtype)
    {
        int end = off + len;
        int p = off;
        while (p < end && b[p] != (byte)';' && !Ascii.IsWsp(b[p]) && b[p] != (byte)'/') p++;
        if (!Ascii.EqualsIgnoreCase(b, off, p - off, Application)) return false;
        p = Lws.SkipForward(b, p, end);
        if (p >= end || b[p] != (byte)'/') return false;
        p = Lws.SkipForward(b, p + 1, end);
        int s = p;
        while (p < end && Ascii.IsToken(b[p])) p++;
        return Ascii.EqualsIgnoreCase(b, s, p - s, subtype);
    }

    /// <summary>No Accept header means application/sdp (§20.1); otherwise one of its ranges must cover it.</summary>
    private static bool AcceptsSdp(SipMessage m)
    {
        int i = m.IndexOf(HeaderId.Accept);
        if (i < 0) return true;
        byte[] b = m.Buffer;
        for (; i >= 0; i = m.IndexOf(HeaderId.Accept, i + 1))
        {
            int p = m.ValueOffsetAt(i);
            int end = p + m.ValueLengthAt(i);
            if (p == end) return true;
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) return false;
                int s = Lws.SkipForward(b, p, comma);
                int e = s;
                while (e < comma && b[e] != (byte)';') e++;
                e = Lws.TrimEnd(b, s, e);
                if (IsSdp(b, s, e - s) || Ascii.Equals(b, s, e - s, "*/*")
                    || Ascii.EqualsIgnoreCase(b, s, e - s, "application/*")) return true;
                p = comma + 1;
            }
        }
        return false;
    }

    /// <summary>A reason phrase must not break the Status-Line: keep printable ASCII only.</summary>
    private static string Phrase(string error)
    {
        if (error == null) return "Bad Request";
        char[] c = new char[error.Length];
        for (int i = 0; i < c.Length; i++)
        {
            char x = error[i];
            c[i] = x >= ' ' && x < (char)127 ? x : '?';
        }
        return new string(c);
    }
}
