using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Writes the responses a call sends to its INVITE (§8.2.6 via ResponseBuilder, plus what each
/// needs). Header names are written from HeaderIds' bytes, not string literals (which allocate on
/// nanoCLR at every use).
/// </summary>
internal static class CallResponses
{
    private static readonly byte[] ReasonParam = Ascii.Utf8Bytes(";reason=");

    /// <summary>
    /// 180 Ringing / 183: with our tag, the INVITE's Record-Route and our Contact (§13.3.1.1: with a
    /// To tag it creates an early dialog, so it carries what the 2xx does, §12.1.1). Returns where
    /// the headers copied from the INVITE end (a final response can start from them, <see cref="Final"/>).
    /// </summary>
    public static int Provisional(SipWriter w, UaContext ctx, SipMessage invite, ByteField tag, StatusLine status)
    {
        ResponseBuilder.Begin(w, invite, status, tag.Buffer, 0, tag.Length);
        int copiedEnd = w.Length;
        RecordRoute(w, invite);
        Contact(w, ctx);
        ResponseBuilder.End(w);
        return copiedEnd;
    }

    /// <summary>
    /// 200 OK: the INVITE's Record-Route (§12.1.1), our Contact, what the phone supports (Allow and
    /// Supported, §13.3.1.4), the session timer agreed (RFC 4028 §9) and an SDP body (answer or offer).
    /// </summary>
    public static void Ok(SipWriter w, UaContext ctx, SipMessage invite, SipCall call, SipWriter sdp)
    {
        ResponseBuilder.Begin(w, invite, StatusLine.Ok, call.LocalTag.Buffer, 0, call.LocalTag.Length);
        RecordRoute(w, invite);
        Contact(w, ctx);
        w.Header("Allow", RequestCheck.Allow);
        w.Header("Supported", RequestCheck.Supported);
        SessionRefresh.WriteAnswerHeaders(w, call);
        ResponseBuilder.End(w, "application/sdp", sdp.Buffer, 0, sdp.Length);
    }

    /// <summary>
    /// §12.1.1: a response that creates a dialog copies every Record-Route value of the request,
    /// URIs and parameters verbatim, in their order: each header line as it came.
    /// </summary>
    public static void RecordRoute(SipWriter w, SipMessage request)
    {
        byte[] b = request.Buffer;
        for (int i = request.IndexOf(HeaderId.RecordRoute); i >= 0; i = request.IndexOf(HeaderId.RecordRoute, i + 1))
            w.Header(HeaderId.RecordRoute, b, request.ValueOffsetAt(i), request.ValueLengthAt(i));
    }

    /// <summary>
    /// 302 Moved Temporarily: the target in Contact, and Diversion (RFC 5806) naming us and why, so
    /// voicemail knows whose box it is. To stays the request's (§8.2.6.2), whatever the seed shows.
    /// </summary>
    public static void Redirect(SipWriter w, UaContext ctx, SipMessage invite, ByteField tag, string target, string reason)
    {
        ResponseBuilder.Begin(w, invite, StatusLine.MovedTemporarily, tag.Buffer, 0, tag.Length);
        RedirectRest(w, ctx, target, reason);
    }

    /// <summary>
    /// The final response to a ringing call's INVITE (a 302 with target and diversion reason, or
    /// a plain one), begun from the headers its provisional copied (<paramref name="provisional"/>
    /// up to <paramref name="copiedEnd"/>, our tag with them): the INVITE need not be parsed again.
    /// </summary>
    public static void Final(SipWriter w, UaContext ctx, StatusLine status, byte[] provisional, int copiedEnd, string target, string diversion)
    {
        int copiedStart = System.Array.IndexOf(provisional, Boxed.Lf, 0, copiedEnd) + 1;
        ResponseBuilder.BeginFrom(w, status, provisional, copiedStart, copiedEnd);
        if (status.Code == 302) RedirectRest(w, ctx, target, diversion);
        else PlainRest(w, status.Code);
    }

    private static void RedirectRest(SipWriter w, UaContext ctx, string target, string reason)
    {
        w.HeaderName(HeaderId.Contact).Byte((byte)'<').Text(target).Byte((byte)'>').Crlf();
        w.HeaderName(HeaderId.Diversion);
        AccountHeaders.Aor(w, ctx.Settings);
        w.Bytes(ReasonParam).Text(reason).Crlf();
        ResponseBuilder.End(w);
    }

    /// <summary>A final response with nothing but the copied headers (486, 480, 603, 487, 488, 482, 481, 500).</summary>
    public static void Plain(SipWriter w, SipMessage request, ByteField tag, int code, string reason)
    {
        ResponseBuilder.Begin(w, request, code, reason, tag.Buffer, 0, tag.Length);
        PlainRest(w, code);
    }

    public static void Plain(SipWriter w, SipMessage request, ByteField tag, StatusLine status)
    {
        ResponseBuilder.Begin(w, request, status, tag.Buffer, 0, tag.Length);
        PlainRest(w, status.Code);
    }

    private static void PlainRest(SipWriter w, int code)
    {
        if (code == 488) w.Header("Warning", "304 nanophone \"Media type not available\"");
        ResponseBuilder.End(w);
    }

    public static void Contact(SipWriter w, UaContext ctx)
    {
        w.HeaderName(HeaderId.Contact);
        AccountHeaders.ContactUri(w, ctx.Settings, ctx.LocalContact, ctx.OutboundFlow);
        w.Crlf();
    }
}
