using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>RFC 3261 §19.1 SIP and SIPS URIs; RFC 5118 IPv6 references.</summary>
public class SipUriTests
{
    private static SipUri Parse(string s, bool ok = true)
    {
        var u = new SipUri();
        byte[] b = System.Text.Encoding.UTF8.GetBytes(s);
        Assert.True(ok == u.TryParse(b, 0, b.Length), s + ": " + u.Reason);
        return u;
    }

    [Fact]
    public void Every_part_of_a_full_SIP_URI_is_a_view()
    {
        var u = Parse("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=project%20x&priority=urgent");
        Assert.Equal(UriScheme.Sips, u.Scheme);
        Assert.Equal("alice", u.UserText);
        Assert.Equal("secret", TestData.Ascii(u.Buffer, u.PasswordOffset, u.PasswordLength));
        Assert.Equal("[2001:db8::1]", u.HostText);
        Assert.True(u.IsIpv6Host);
        Assert.Equal(5061, u.Port);
        Assert.Equal("transport=tcp;lr", TestData.Ascii(u.Buffer, u.ParamsOffset, u.ParamsLength));
        Assert.True(u.FindParam("LR", out _, out int lrLen));
        Assert.Equal(-1, lrLen);
        Assert.True(u.FindParam("transport", out int to, out int tl));
        Assert.Equal("tcp", TestData.Ascii(u.Buffer, to, tl));
        Assert.Equal("subject=project%20x&priority=urgent", TestData.Ascii(u.Buffer, u.HeadersOffset, u.HeadersLength));
    }

    [Theory]
    [InlineData("sip:example.com")]
    [InlineData("sip:192.0.2.1:5060")]
    [InlineData("SIP:Alice@Example.COM")]
    [InlineData("sip:+1-212-555-1212:1234@gateway.com;user=phone")]
    [InlineData("sip:[::ffff:192.0.2.10]:19823")]
    [InlineData("tel:+358-555-1234567")]
    [InlineData("isbn:2983792873")]
    public void Well_formed_URIs_parse(string s) => Parse(s);

    [Theory]
    [InlineData("sip:")]                         // no host
    [InlineData("sip:user@")]                    // no host
    [InlineData("sip:2001:db8::10")]             // RFC 5118 §4.2: IPv6 without [ ]
    [InlineData("sip:host:99999")]               // port out of range
    [InlineData("sip:host:0")]                   // port 0
    [InlineData("sip:us er@host")]               // white space
    [InlineData("sip:user@host;;lr")]            // empty parameter
    [InlineData("sip:user@host;")]               // empty parameter
    [InlineData("sip:%zz@host")]                 // bad escape
    [InlineData("<sip:user@host>")]              // no scheme
    [InlineData("sip:[2001:db8::1")]             // unclosed reference
    [InlineData("sip:host?")]                    // empty headers
    public void Malformed_URIs_are_rejected_with_a_reason(string s)
    {
        var u = Parse(s, ok: false);
        Assert.False(string.IsNullOrEmpty(u.Reason));
    }

    [Fact]
    public void Scheme_is_case_insensitive_and_other_schemes_are_kept_opaque()
    {
        Assert.Equal(UriScheme.Sip, Parse("SiP:a@b").Scheme);
        Assert.Equal(UriScheme.Tel, Parse("TEL:+1").Scheme);
        Assert.Equal(UriScheme.Other, Parse("soap.beep://192.0.2.103:3002").Scheme);
    }
}
