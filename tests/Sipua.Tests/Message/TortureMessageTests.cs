using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>
/// RFC 4475 (49 messages) and RFC 5118 (12 messages, CRLF wire forms): every verdict of the RFCs,
/// as data/rfc4475/INDEX.md and data/rfc5118/INDEX.md state them. "answer" is what this UA replies
/// (RequestCheck): 0 = accepted and passed on to the user agent, -1 = dropped silently, else the
/// status code.
/// </summary>
public class TortureMessageTests
{
    public static TheoryData<string, bool, int> Rfc4475 => new()
    {
        // §3.1.1 valid messages: must parse.
        { "wsinv", true, 0 },           // 3.1.1.1 short tortuous INVITE
        { "intmeth", true, 501 },       // 3.1.1.2 wide range of characters; unknown method → 501
        { "esc01", true, 0 },           // 3.1.1.3 valid use of % escaping
        { "escnull", true, 405 },       // 3.1.1.4 escaped nulls; REGISTER at a non-registrar → 405
        { "esc02", true, 501 },         // 3.1.1.5 an escaped method name is another (unknown) method
        { "lwsdisp", true, 0 },         // 3.1.1.6 no LWS between display name and <
        { "longreq", true, 0 },         // 3.1.1.7 long values
        { "dblreq", true, 405 },        // 3.1.1.8 extra trailing octets in a datagram (REGISTER)
        { "semiuri", true, 0 },         // 3.1.1.9 semicolons in the user part
        { "transports", true, 0 },      // 3.1.1.10 varied and unknown transports
        { "mpart01", true, 405 },       // 3.1.1.11 multipart MESSAGE; a phone does not take MESSAGE
        { "unreason", true, 0 },        // 3.1.1.12 unusual reason phrase (response)
        { "noreason", true, 0 },        // 3.1.1.13 empty reason phrase (response)
        // §3.1.2 invalid messages.
        { "badinv01", false, 400 },     // 3.1.2.1 extraneous header field separators
        { "clerr", false, 400 },        // 3.1.2.2 Content-Length larger than the message
        { "ncl", false, 400 },          // 3.1.2.3 negative Content-Length
        { "scalar02", false, 400 },     // 3.1.2.4 overlarge request scalars
        { "scalarlg", false, -1 },      // 3.1.2.5 overlarge response scalars: discard
        { "quotbal", false, 400 },      // 3.1.2.6 unterminated quoted string
        { "ltgtruri", false, 400 },     // 3.1.2.7 <> around the Request-URI
        { "lwsruri", false, 400 },      // 3.1.2.8 LWS inside the Request-URI
        { "lwsstart", false, 400 },     // 3.1.2.9 several SP in the Request-Line
        { "trws", false, 400 },         // 3.1.2.10 SP at the end of the Request-Line
        { "escruri", false, 400 },      // 3.1.2.11 escaped headers in the Request-URI
        { "baddate", true, 0 },         // 3.1.2.12 time zone other than GMT: the phone does not use Date, ignores it
        { "regbadct", false, 400 },     // 3.1.2.13 addr-spec with a header not in <>
        { "badaspec", false, 400 },     // 3.1.2.14 spaces within <addr-spec>
        { "baddn", false, 400 },        // 3.1.2.15 non-token characters in an unquoted display name
        { "badvers", false, 505 },      // 3.1.2.16 SIP/7.0
        { "mismatch01", true, 400 },    // 3.1.2.17 method and CSeq method differ
        { "mismatch02", true, 501 },    // 3.1.2.18 unknown method, CSeq differs: 501 preferred
        { "bigcode", false, -1 },       // 3.1.2.19 status code 4294967301: drop
        // §3.2 transaction layer.
        { "badbranch", true, 0 },       // 3.2.1 branch is only the cookie: RFC 2543 fallback matching
        // §3.3 application layer.
        { "insuf", false, 400 },        // 3.3.1 no Call-ID, From, To
        { "unkscm", true, 416 },        // 3.3.2 unknown Request-URI scheme
        { "novelsc", true, 416 },       // 3.3.3 known but atypical scheme
        { "unksm2", true, 405 },        // 3.3.4 unknown schemes in headers (REGISTER)
        { "bext01", true, 420 },        // 3.3.5 Require and Proxy-Require
        { "invut", true, 415 },         // 3.3.6 unknown Content-Type
        { "regaut01", true, 405 },      // 3.3.7 unknown Authorization scheme (REGISTER)
        { "multi01", false, 400 },      // 3.3.8 several values in single-value fields
        { "mcl01", false, 400 },        // 3.3.9 two Content-Length values
        { "bcast", true, -1 },          // 3.3.10 response with two Vias at a UAC: discard (§8.1.3.3)
        { "zeromf", true, 0 },          // 3.3.11 Max-Forwards 0 at an endpoint: process normally
        { "cparam01", true, 405 },      // 3.3.12 REGISTER with a contact parameter
        { "cparam02", true, 405 },      // 3.3.13 REGISTER with a url-parameter
        { "regescrt", true, 405 },      // 3.3.14 REGISTER with an escaped header in the Contact URI
        { "sdp01", true, 406 },         // 3.3.15 Accept offers nothing the phone can send
        // §3.4 backward compatibility.
        { "inv2543", true, 0 },         // 3.4.1 RFC 2543 syntax
    };

    public static TheoryData<string, bool, int> Rfc5118 => new()
    {
        { "ipv6-good", true, 405 },                       // 4.1
        { "ipv6-bad", false, 400 },                       // 4.2 IPv6 address without [ ]
        { "port-ambiguous", true, 405 },                  // 4.3
        { "port-unambiguous", true, 405 },                // 4.4
        { "via-received-param-with-delim", true, 0 },     // 4.5 received=[...] must be tolerated
        { "via-received-param-no-delim", true, 0 },       // 4.5
        { "ipv6-in-sdp", true, 0 },                       // 4.6
        { "mult-ip-in-header", true, 0 },                 // 4.7
        { "mult-ip-in-sdp", true, 0 },                    // 4.8
        { "ipv4-mapped-ipv6", true, 0 },                  // 4.9
        { "ipv6-bug-abnf-3-colons", true, 0 },            // 4.10 tolerated
        { "ipv6-correct-abnf-2-colons", true, 0 },        // 4.10
    };

    [Theory]
    [MemberData(nameof(Rfc4475))]
    public void Rfc4475_verdict(string name, bool wellFormed, int answer) => Check("rfc4475/" + name + ".dat", wellFormed, answer);

    [Theory]
    [MemberData(nameof(Rfc5118))]
    public void Rfc5118_verdict(string name, bool wellFormed, int answer) => Check("rfc5118/" + name + ".dat", wellFormed, answer);

    [Fact]
    public void All_61_torture_messages_have_a_verdict()
    {
        Assert.Equal(49, Rfc4475.Count);
        Assert.Equal(12, Rfc5118.Count);
        Assert.Equal(49, System.IO.Directory.GetFiles(System.IO.Path.Combine(TestData.Dir, "rfc4475"), "*.dat").Length);
        Assert.Equal(12, System.IO.Directory.GetFiles(System.IO.Path.Combine(TestData.Dir, "rfc5118"), "*.dat").Length);
    }

    private static void Check(string file, bool wellFormed, int answer)
    {
        byte[] data = TestData.Read(file);
        var m = new SipMessage();
        var status = new SipParser().Parse(data, 0, data.Length, m);
        Assert.True(wellFormed == (status == ParseStatus.Ok), file + ": " + status + " " + m.Error);
        int code = RequestCheck.Answer(m, out string reason);
        Assert.True(answer == code, file + ": answered " + code + " " + reason + " (" + m.Error + ")");
    }

    [Fact]
    public void Dblreq_only_the_first_message_of_the_datagram_counts()
    {
        // RFC 4475 §3.1.1.8, RFC 3261 §18.3: the 450 octets after Content-Length: 0 are noise.
        byte[] data = TestData.Read("rfc4475/dblreq.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal(0, m.BodyLength);
        Assert.Equal(data.Length - 450, m.Length);
    }

    [Fact]
    public void Mpart01_body_is_framed_by_content_length_despite_nul_and_crlf_octets()
    {
        byte[] data = TestData.Read("rfc4475/mpart01.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal(553, m.BodyLength);
        Assert.Equal(data.Length, m.BodyOffset + m.BodyLength);
    }

    [Fact]
    public void Inv2543_without_content_length_takes_the_rest_of_the_datagram()
    {
        byte[] data = TestData.Read("rfc4475/inv2543.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal(105, m.BodyLength);
        Assert.False(m.TopVia.HasRfc3261Branch);
        Assert.Equal(0, m.FromTagLength);
        Assert.Equal(-1, m.MaxForwards);
    }

    [Fact]
    public void Wsinv_folded_and_spaced_values_decode()
    {
        byte[] data = TestData.Read("rfc4475/wsinv.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal(9, m.CSeq);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(3, m.ViaCount);
        Assert.Equal("192.0.2.2", m.TopVia.HostText);
        Assert.Equal("98asjd8", TestData.Ascii(m.Buffer, m.FromTagOffset, m.FromTagLength));
        Assert.Equal("1918181833n", TestData.Ascii(m.Buffer, m.ToTagOffset, m.ToTagLength));
        Assert.Equal("J Rosenberg \\\"", m.From.DisplayName);
        Assert.Equal(150, m.BodyLength);
    }

    [Fact]
    public void Esc01_escapes_stay_escaped_in_views()
    {
        byte[] data = TestData.Read("rfc4475/esc01.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal("sips%3Auser%40example.com", m.RequestUri.UserText);
        Assert.Equal("example.net", m.RequestUri.HostText);
    }

    [Fact]
    public void Semiuri_user_part_keeps_its_semicolon()
    {
        byte[] data = TestData.Read("rfc4475/semiuri.dat");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        Assert.Equal("user;par=u%40example.net", m.RequestUri.UserText);
        Assert.Equal(0, m.RequestUri.ParamsLength);
    }

    [Fact]
    public void Port_ambiguous_5070_is_part_of_the_address_not_a_port()
    {
        // RFC 5118 §4.3 and §4.4.
        var m = new SipMessage();
        var parser = new SipParser();
        byte[] a = TestData.Read("rfc5118/port-ambiguous.dat");
        Assert.Equal(ParseStatus.Ok, parser.Parse(a, 0, a.Length, m));
        Assert.Equal("[2001:db8::10:5070]", m.RequestUri.HostText);
        Assert.Equal(0, m.RequestUri.Port);
        byte[] b = TestData.Read("rfc5118/port-unambiguous.dat");
        Assert.Equal(ParseStatus.Ok, parser.Parse(b, 0, b.Length, m));
        Assert.Equal("[2001:db8::10]", m.RequestUri.HostText);
        Assert.Equal(5070, m.RequestUri.Port);
    }

    [Fact]
    public void Via_received_with_and_without_brackets_is_read()
    {
        var m = new SipMessage();
        byte[] a = TestData.Read("rfc5118/via-received-param-with-delim.dat");
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(a, 0, a.Length, m));
        Assert.Equal("[2001:db8::9:255]", TestData.Ascii(m.Buffer, m.TopVia.ReceivedOffset, m.TopVia.ReceivedLength));
        byte[] b = TestData.Read("rfc5118/via-received-param-no-delim.dat");
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(b, 0, b.Length, m));
        Assert.Equal("2001:db8::9:255", TestData.Ascii(m.Buffer, m.TopVia.ReceivedOffset, m.TopVia.ReceivedLength));
    }
}
