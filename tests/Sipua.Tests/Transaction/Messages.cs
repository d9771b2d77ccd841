namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Message texts for the transaction tests, modelled on RFC 3261 §24.2 and §17.1.1.3: "we" are
/// Alice's phone at 192.0.2.10, the peer is 192.0.2.20:5070.
/// </summary>
public static class Messages
{
    public const string CallId = "a84b4c76e66710@pc33.atlanta.example.com";

    private static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    /// <summary>A request our TU encoded (client side), with a Route set.</summary>
    public static string Outgoing(string method, string branch = TransactionHarness.LocalBranch, long cseq = 314159)
        => Crlf($"""
        {method} sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch};rport
        Max-Forwards: 70
        Route: <sip:p1.example.com;lr>
        Route: <sip:p2.example.com;lr>
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        To: Bob <sip:bob@biloxi.example.com>
        Call-ID: {CallId}
        CSeq: {cseq} {method}
        Contact: <sip:alice@192.0.2.10>
        Content-Length: 0


        """);

    /// <summary>A response to one of our requests, as the peer would send it.</summary>
    public static string ResponseTo(string method, int code, string reason, string branch = TransactionHarness.LocalBranch,
        string toTag = "a6c85cf", long cseq = 314159)
        => Crlf($"""
        SIP/2.0 {code} {reason}
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch};rport=5060;received=192.0.2.10
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        To: Bob <sip:bob@biloxi.example.com>{(code == 100 ? "" : ";tag=" + toTag)}
        Call-ID: {CallId}
        CSeq: {cseq} {method}
        Content-Length: 0


        """);

    /// <summary>A request from the peer (server side).</summary>
    public static string Incoming(string method, string branch = TransactionHarness.PeerBranch, long cseq = 1,
        string sentBy = "192.0.2.20:5070", string via = "", string toTag = "", string cseqMethod = "")
        => Crlf($"""
        {method} sip:alice@192.0.2.10 SIP/2.0
        Via: SIP/2.0/UDP {sentBy};branch={branch}{via}
        Max-Forwards: 70
        From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl
        To: Alice <sip:alice@atlanta.example.com>{(toTag.Length == 0 ? "" : ";tag=" + toTag)}
        Call-ID: {CallId}
        CSeq: {cseq} {(cseqMethod.Length == 0 ? method : cseqMethod)}
        Content-Length: 0


        """);

    /// <summary>A response our TU sends on a server transaction.</summary>
    public static string Reply(string method, int code, string reason, string branch = TransactionHarness.PeerBranch,
        long cseq = 1, string toTag = "314159")
        => Crlf($"""
        SIP/2.0 {code} {reason}
        Via: SIP/2.0/UDP 192.0.2.20:5070;branch={branch}
        From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl
        To: Alice <sip:alice@atlanta.example.com>{(code == 100 ? "" : ";tag=" + toTag)}
        Call-ID: {CallId}
        CSeq: {cseq} {method}
        Content-Length: 0


        """);
}
