using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>Responses to the phone's own INVITE, as the proxy (127.0.0.1:5070) relays them.</summary>
public static class CalleeScript
{
    /// <summary>A response to request with a To tag (unless null), extra headers and an optional SDP body.</summary>
    public static string Respond(Sent request, int code, string reason, string? toTag, string? body = null, params string[] extra)
    {
        var m = request.Parse();
        var sb = new System.Text.StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
            sb.Append("Via: ").Append(TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i))).Append("\r\n");
        sb.Append("From: ").Append(RegistrarReplies.Header(m, HeaderId.From)).Append("\r\n");
        sb.Append("To: ").Append(RegistrarReplies.Header(m, HeaderId.To)).Append(toTag != null ? ";tag=" + toTag : "").Append("\r\n");
        sb.Append("Call-ID: ").Append(RegistrarReplies.Header(m, HeaderId.CallId)).Append("\r\n");
        sb.Append("CSeq: ").Append(RegistrarReplies.Header(m, HeaderId.CSeq)).Append("\r\n");
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        string b = (body ?? "").Replace("\r\n", "\n").Replace("\n", "\r\n");
        if (b.Length > 0) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append("Content-Length: ").Append(b.Length).Append("\r\n\r\n").Append(b);
        return sb.ToString();
    }

    public const string Answer = "v=0\no=bob 1 1 IN IP4 192.0.2.9\ns=-\nc=IN IP4 192.0.2.9\nt=0 0\nm=audio 40000 RTP/AVP 0\n";

    public static string Ok(Sent invite, string tag, string contact = "<sip:bob@192.0.2.9:5060>") =>
        Respond(invite, 200, "OK", tag, Answer, "Contact: " + contact,
            "Record-Route: <sip:p2.example.net;lr>", "Record-Route: <sip:127.0.0.1:5070;lr>");
}
