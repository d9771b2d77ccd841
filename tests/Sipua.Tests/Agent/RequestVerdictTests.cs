using System.Linq;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Call;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Agent;

/// <summary>
/// What the phone sends for a request that is broken, or only looks broken, through the agent's
/// receive path (RFC 3261 §7.3, §8.2, §8.2.3, §18.2.2; RFC 4475 §3.1.2.12, §3.1.2.16, §3.3.1, §3.4.1):
/// - a request for SIP/7.0, or with a malformed Request-Line, whose Via, From, To, Call-ID and CSeq
///   can be read gets 505 or 400; with no readable top Via no response can be routed: silence.
/// - a malformed value in a header the phone does not use (Date, Diversion, Subject...) is ignored:
///   the INVITE rings; in a header it relies on (Via, From, To, CSeq, Contact...) it is a 400.
/// - an RFC 2543-style INVITE (no branch, no From tag, no Content-Length) rings.
/// - a body in an unknown Content-Encoding gets 415 with Accept-Encoding; an unknown Content-Type
///   keeps its 415 with Accept.
/// </summary>
public class RequestVerdictTests
{
    private readonly AgentHarness _h = new();
    private readonly CallerScript _caller = new();

    private void DeliverFile(string file)
    {
        byte[] b = TestData.Read(file);
        _h.Agent.Receive(b, 0, b.Length, _h.Registrar);
    }

    private string Rings => string.Join("|", _h.CallEvents);

    // ---- A bad start line with readable headers ------------------------------------

    [Fact]
    public void A_request_for_SIP_7_0_whose_headers_can_be_read_gets_505_Version_Not_Supported()
    {
        // RFC 4475 §3.1.2.16: "The element should respond to the request with a 505".
        DeliverFile("rfc4475/badvers.dat");
        var sent = Assert.Single(_h.Out);
        var m = sent.Parse();
        Assert.Equal(505, m.StatusCode);
        Assert.Equal("Version Not Supported", m.ReasonText);
        Assert.Equal("SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw;received=127.0.0.1", Header(m, HeaderId.Via));
        Assert.Equal("T. Watson <sip:t.watson@example.org>", Header(m, HeaderId.To).Split(';')[0]);
        Assert.Equal("badvers.31417@c.example.com", m.CallIdText);
        Assert.Equal("1 OPTIONS", Header(m, HeaderId.CSeq));
        Assert.Equal("127.0.0.1:5060", sent.To);    // the source address, the Via's (default) port
    }

    [Theory]
    [InlineData("ltgtruri")]    // §3.1.2.7 <> around the Request-URI
    [InlineData("lwsruri")]     // §3.1.2.8 LWS inside the Request-URI
    [InlineData("lwsstart")]    // §3.1.2.9 several SP between the Request-Line's elements
    [InlineData("trws")]        // §3.1.2.10 SP at the end of the Request-Line
    [InlineData("escruri")]     // §3.1.2.11 escaped headers in the Request-URI
    public void A_malformed_Request_Line_whose_headers_can_be_read_gets_400(string name)
    {
        DeliverFile("rfc4475/" + name + ".dat");
        var m = Assert.Single(_h.Out).Parse();
        Assert.Equal(400, m.StatusCode);
        Assert.Equal(1, m.ViaCount);
        Assert.True(m.CSeq >= 0);
        Assert.Equal(1, _h.Agent.Rejected);
        Assert.Empty(_h.CallEvents);
    }

    [Fact]
    public void Without_a_readable_top_Via_no_response_can_be_routed_and_the_request_is_dropped()
    {
        string request = "OPTIONS sip:linda@127.0.0.1:5062 SIP/7.0\r\n" +
            "Via: SIP/2.0/UDP ;branch=z9hG4bKnovia\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKsecond\r\n" +
            "From: <sip:graham@nanophone.test>;tag=1\r\nTo: <sip:linda@nanophone.test>\r\n" +
            "Call-ID: novia@graham\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        _h.Deliver(request);
        Assert.Empty(_h.Out);
        Assert.Equal(1, _h.Agent.Dropped);
        // The same request with its version right is still a 400 for its Via, and still unroutable.
        _h.Deliver(request.Replace("SIP/7.0", "SIP/2.0"));
        Assert.Empty(_h.Out);
        Assert.Equal(2, _h.Agent.Dropped);
    }

    // ---- Strict only where it matters ------------------------------------------------

    [Fact]
    public void An_INVITE_with_a_Date_in_EST_rings_since_the_phone_does_not_use_Date()
    {
        // RFC 4475 §3.1.2.12: reject only "if the contents of the Date header field were actually
        // important to its processing"; RFC 2543-era gear sends such dates.
        _h.Deliver(_caller.Invite("Date: Fri, 01 Jan 2010 16:00:00 EST\r\n"));
        Assert.Single(_h.Responses(180));
        Assert.DoesNotContain(_h.Out, s => s.Text.StartsWith("SIP/2.0 4"));
        Assert.Equal("1 incoming|1 ringing", Rings);
    }

    [Fact]
    public void An_RFC_2543_style_INVITE_rings()
    {
        // RFC 4475 §3.4.1 (inv2543): no Via branch, no From tag, no Content-Length, no Max-Forwards;
        // "should be accepted by RFC 3261 elements that want to maintain backwards compatibility".
        _h.Settings.User = "UserB";
        DeliverFile("rfc4475/inv2543.dat");
        Assert.True(_h.Out.Select(s => s.Parse().StatusCode).SequenceEqual(new[] { 100, 180 }), string.Join("\n---\n", _h.Out.Select(s => s.Text)));
        Assert.Equal("1 incoming|1 ringing", Rings);
        // No Contact: the dialog's remote target is the From URI, reached through the (strict)
        // Record-Route when the phone hangs up.
        Assert.True(_h.Agent.Calls.Answer(1));
        Assert.True(_h.Agent.Calls.HangUp(1));
        Assert.StartsWith("BYE sip:UserB@example.com;maddr=ss1.example.com SIP/2.0\r\n" +
            "Route: <sip:+13035551111@ift.client.example.net;user=phone>\r\n", _h.Last("BYE").Text);
    }

    [Fact]
    public void An_RFC_2543_style_INVITE_with_an_EST_Date_rings_too()
    {
        _h.Settings.User = "UserB";
        string inv2543 = System.Text.Encoding.UTF8.GetString(TestData.Read("rfc4475/inv2543.dat"));
        _h.Deliver(inv2543.Replace("CSeq: 56 INVITE\r\n", "CSeq: 56 INVITE\r\nDate: Fri, 01 Jan 2010 16:00:00 EST\r\n"));
        Assert.Single(_h.Responses(180));
        Assert.Equal("1 incoming|1 ringing", Rings);
    }

    [Theory]
    [InlineData("Date: yesterday")]
    [InlineData("Date: Fri, 01 Jan 2010 16:00:00 GMT\r\nDate: Sat, 02 Jan 2010 16:00:00 GMT")]
    [InlineData("Diversion: <sip:bob@nanophone.test;reason=no-answer")]
    [InlineData("Supported: ,,,")]
    [InlineData("Allow: INVITE ACK")]
    [InlineData("Proxy-Require: \"quoted")]
    [InlineData("Session-Expires: soon")]
    [InlineData("Refer-To: <<>>")]
    [InlineData("Warning: 9999 nowhere")]
    [InlineData("Subject: \"unterminated")]
    public void A_malformed_value_in_a_header_the_phone_does_not_use_is_ignored(string header)
    {
        // RFC 3261 §8.2: a UAS ignores headers it does not understand; the phone reads none of these.
        Assert.False(HeaderIds.IsReliedOn(HeaderIds.Identify(System.Text.Encoding.ASCII.GetBytes(header), 0, header.IndexOf(':'))));
        _h.Deliver(_caller.Invite(header + "\r\n"));
        Assert.Single(_h.Responses(180));
        Assert.Equal("1 incoming|1 ringing", Rings);
    }

    [Theory]
    [InlineData("Contact: <sip:graham@192.0.2.7:5060", "Contact header")]
    [InlineData("Record-Route: sip:p1.example.com;lr, ,", "Record-Route")]
    [InlineData("Expires: soon", "Expires is not a delta-seconds value")]
    [InlineData("Content-Type: application/sdp\r\nContent-Type: text/plain", "more than one Content-Type header")]
    [InlineData("Route: <sip:p1.example.com;lr>>", "Route")]
    public void A_malformed_value_in_a_header_the_phone_relies_on_gets_400(string header, string reason)
    {
        string invite = _caller.Invite(header + "\r\n");
        if (header.StartsWith("Content-Type")) invite = invite.Replace("Content-Type: application/sdp\r\nContent-Length", "Content-Length");
        _h.Deliver(invite);
        var refused = Assert.Single(_h.Out);
        Assert.StartsWith("SIP/2.0 400 ", refused.Text);
        Assert.Contains(reason, refused.Parse().ReasonText);
        Assert.Empty(_h.CallEvents);
    }

    [Fact]
    public void The_RFC_4475_verdicts_for_the_headers_the_phone_relies_on_are_kept()
    {
        // Through the agent, each of these reaches the caller as a 400 (or is dropped: insuf has
        // no From, To or Call-ID to answer with).
        foreach (string name in new[] { "badinv01", "clerr", "ncl", "scalar02", "quotbal", "regbadct", "badaspec", "multi01", "mcl01", "mismatch01" })
        {
            _h.Out.Clear();
            DeliverFile("rfc4475/" + name + ".dat");
            Assert.True(_h.Out.Count == 1 && _h.Out[0].Text.StartsWith("SIP/2.0 400 "), name + ": " + string.Join(" / ", _h.Out.Select(s => s.Text.Split('\r')[0])));
        }
        _h.Out.Clear();
        DeliverFile("rfc4475/insuf.dat");
        Assert.Empty(_h.Out);
    }

    // ---- Content-Encoding -------------------------------------------------------------

    [Fact]
    public void A_body_in_an_unknown_Content_Encoding_gets_415_with_Accept_Encoding_listing_what_the_phone_takes()
    {
        // RFC 3261 §8.2.3: "If the request contained content encodings not understood by the UAS,
        // the response MUST contain an Accept-Encoding header field listing the encodings understood".
        _h.Deliver(_caller.Invite("Content-Encoding: gzip\r\n"));
        var m = Assert.Single(_h.Out).Parse();
        Assert.Equal(415, m.StatusCode);
        Assert.Equal("identity", HeaderValue(m, "Accept-Encoding"));
        Assert.Equal("", Header(m, HeaderId.Accept));   // the type was fine: no Accept
        Assert.Empty(_h.CallEvents);
    }

    [Fact]
    public void Identity_is_no_encoding_and_the_INVITE_rings()
    {
        _h.Deliver(_caller.Invite("Content-Encoding: identity\r\n"));
        Assert.Single(_h.Responses(180));
    }

    [Fact]
    public void An_unknown_coding_anywhere_in_the_list_gets_the_415()
    {
        _h.Deliver(_caller.Invite("Content-Encoding: identity, x-compress\r\n"));
        Assert.Equal("identity", HeaderValue(Assert.Single(_h.Out).Parse(), "Accept-Encoding"));
    }

    [Fact]
    public void An_unsupported_Content_Type_keeps_its_415_with_Accept_and_no_Accept_Encoding()
    {
        // RFC 4475 §3.3.6 (invut): 415, with Accept per RFC 3261 §8.2.3.
        DeliverFile("rfc4475/invut.dat");
        var m = Assert.Single(_h.Out).Parse();
        Assert.Equal(415, m.StatusCode);
        Assert.Equal("application/sdp", Header(m, HeaderId.Accept));
        Assert.Equal("", HeaderValue(m, "Accept-Encoding"));
    }

    private static string HeaderValue(SipMessage m, string name)
    {
        int i = m.IndexOfName(name);
        return i < 0 ? "" : TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }
}
