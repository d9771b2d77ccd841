using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Call;

/// <summary>Writes the responses a call sends to its INVITE (§8.2.6 via ResponseBuilder, plus what each needs).</summary>
internal static class CallResponses
{
    /// <summary>180 Ringing / 183: with our tag and Contact (§13.3.1.1, a dialog-creating provisional).</summary>
    public static void Provisional(SipWriter w, UserAgent ua, SipMessage invite, ByteField tag, int code, string reason)
    {
        ResponseBuilder.Begin(w, invite, code, reason, tag.Buffer, 0, tag.Length);
        Contact(w, ua);
        ResponseBuilder.End(w);
    }

    /// <summary>200 OK with our Contact and an SDP body (answer or offer).</summary>
    public static void Ok(SipWriter w, UserAgent ua, SipMessage invite, ByteField tag, SipWriter sdp)
    {
        ResponseBuilder.Begin(w, invite, 200, "OK", tag.Buffer, 0, tag.Length);
        Contact(w, ua);
        w.Header("Allow", RequestCheck.Allow);
        ResponseBuilder.End(w, "application/sdp", sdp.Buffer, 0, sdp.Length);
    }

    /// <summary>
    /// 302 Moved Temporarily: the target in Contact, and Diversion (RFC 5806) naming us and why, so
    /// voicemail knows whose box it is. To stays the request's (§8.2.6.2), whatever the seed shows.
    /// </summary>
    public static void Redirect(SipWriter w, UserAgent ua, SipMessage invite, ByteField tag, string target, string reason)
    {
        ResponseBuilder.Begin(w, invite, 302, "Moved Temporarily", tag.Buffer, 0, tag.Length);
        w.HeaderName("Contact").Byte((byte)'<').Text(target).Byte((byte)'>').Crlf();
        w.HeaderName("Diversion");
        RegisterRequestWriter.Aor(w, ua.Settings);
        w.Text(";reason=").Text(reason).Crlf();
        ResponseBuilder.End(w);
    }

    /// <summary>A final response with nothing but the copied headers (486, 480, 603, 487, 488, 482, 481, 500).</summary>
    public static void Plain(SipWriter w, SipMessage request, ByteField tag, int code, string reason)
    {
        ResponseBuilder.Begin(w, request, code, reason, tag.Buffer, 0, tag.Length);
        if (code == 488) w.Header("Warning", "304 nanophone \"Media type not available\"");
        ResponseBuilder.End(w);
    }

    public static void Contact(SipWriter w, UserAgent ua)
    {
        w.HeaderName("Contact");
        RegisterRequestWriter.ContactUri(w, ua.Settings, ua.LocalContact);
        w.Crlf();
    }
}
