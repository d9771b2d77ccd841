using NanoPhone.Sip.Tests.Agent;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>A caller's messages, as the proxy (127.0.0.1:5070) forwards them to the phone.</summary>
public sealed class CallerScript
{
    public string CallId = "call-1@graham.example";
    public string FromTag = "86aee210";
    public long CSeq = 1;
    public string Branch = "z9hG4bKinv1";
    public string Sdp = "v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n";
    public string RequestUser = "linda";

    public string Invite(string? extra = null, bool withSdp = true, string? toTag = null)
    {
        string body = withSdp ? Sdp.Replace("\n", "\r\n") : "";
        return "INVITE sip:" + RequestUser + "@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n" +
            "Record-Route: <sip:127.0.0.1:5070;lr>\r\n" +
            "Max-Forwards: 69\r\n" +
            "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
            "To: <sip:linda@nanophone.test>" + (toTag != null ? ";tag=" + toTag : "") + "\r\n" +
            "Call-ID: " + CallId + "\r\n" +
            "CSeq: " + CSeq + " INVITE\r\n" +
            "Contact: <sip:graham@192.0.2.7:5060>\r\n" +
            (extra ?? "") +
            (withSdp ? "Content-Type: application/sdp\r\n" : "") +
            "Content-Length: " + body.Length + "\r\n\r\n" + body;
    }

    public string Cancel(string? reason = null) =>
        "CANCEL sip:" + RequestUser + "@127.0.0.1:5062 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
        "To: <sip:linda@nanophone.test>\r\n" +
        "Call-ID: " + CallId + "\r\n" +
        "CSeq: " + CSeq + " CANCEL\r\n" +
        (reason != null ? "Reason: " + reason + "\r\n" : "") +
        "Content-Length: 0\r\n\r\n";

    public string InDialog(string method, string toTag, long cseq, string branch, string? extra = null, string body = "") =>
        method + " sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
        "To: <sip:linda@nanophone.test>;tag=" + toTag + "\r\n" +
        "Call-ID: " + CallId + "\r\n" +
        "CSeq: " + cseq + " " + method + "\r\n" +
        (extra ?? "") +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
        "Content-Length: " + body.Replace("\n", "\r\n").Length + "\r\n\r\n" + body.Replace("\n", "\r\n");

    /// <summary>The To tag the phone put on its responses.</summary>
    public static string ToTagOf(Sent response)
    {
        var m = response.Parse();
        return TestData.Ascii(m.Buffer, m.ToTagOffset, m.ToTagLength);
    }
}
