namespace NanoPhone.NFUnitTest.Support
{
    /// <summary>A caller's messages as the proxy (127.0.0.1:5070) forwards them to the phone (tests/Sipua.Tests/Call/CallerScript).</summary>
    public sealed class Caller
    {
        public string CallId = "call-1@graham.example";
        public string FromTag = "86aee210";
        public long CSeq = 1;
        public string Branch = "z9hG4bKinv1";

        private const string Sdp = "v=0\r\no=graham 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

        public string Invite()
        {
            return "INVITE sip:linda@127.0.0.1:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n"
                + "Record-Route: <sip:127.0.0.1:5070;lr>\r\n"
                + "Max-Forwards: 69\r\n"
                + "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n"
                + "To: <sip:linda@nanophone.test>\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: " + CSeq + " INVITE\r\n"
                + "Contact: <sip:graham@192.0.2.7:5060>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + Sdp.Length + "\r\n\r\n" + Sdp;
        }

        /// <summary>CANCEL for the INVITE; reason "" for no Reason header.</summary>
        public string Cancel(string reason)
        {
            return "CANCEL sip:linda@127.0.0.1:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n"
                + "To: <sip:linda@nanophone.test>\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: " + CSeq + " CANCEL\r\n"
                + (reason.Length > 0 ? "Reason: " + reason + "\r\n" : "")
                + "Content-Length: 0\r\n\r\n";
        }
    }
}
