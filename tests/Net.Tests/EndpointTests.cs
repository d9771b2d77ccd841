using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Net.Tests;

/// <summary>
/// sipua's Endpoint and IpText (no System.Net): parsing literals and "host:port", RFC 5952 IPv6
/// text, brackets for IPv6 (RFC 3261 §19.1.1, RFC 5118), equality.
/// </summary>
public class EndpointTests
{
    [Theory]
    [InlineData("192.0.2.1", 5060, "192.0.2.1:5060")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", 5060, "[2001:db8::1]:5060")]
    [InlineData("[2001:db8::1]", 5070, "[2001:db8::1]:5070")]
    [InlineData("2001:db8:0:0:1:0:0:1", 1, "[2001:db8::1:0:0:1]:1")]      // RFC 5952 §4.2.3: first longest run
    [InlineData("2001:db8:0:1:1:1:1:1", 1, "[2001:db8:0:1:1:1:1:1]:1")]   // §4.2.2: a single 0 is not compressed
    [InlineData("::", 1, "[::]:1")]
    [InlineData("::1", 1, "[::1]:1")]
    [InlineData("fe80::", 1, "[fe80::]:1")]
    [InlineData("::ffff:192.0.2.128", 1, "[::ffff:192.0.2.128]:1")]
    [InlineData("2001:DB8::A:B", 1, "[2001:db8::a:b]:1")]
    [InlineData("pbx.example.com", 5060, "pbx.example.com:5060")]
    public void Hosts_parse_and_format(string host, int port, string text)
    {
        var e = new Endpoint(host, port);
        Assert.Equal(text, e.ToString());
        var w = new SipWriter(4);
        e.WriteHostPort(w);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(w.Buffer, 0, w.Length));
    }

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData("[::1")]
    [InlineData("12345::")]
    [InlineData("bad host")]
    [InlineData("")]
    public void Bad_hosts_are_refused(string host)
    {
        Assert.False(new Endpoint().TrySetHost(host, 5060));
    }

    [Theory]
    [InlineData("192.0.2.1:5080", "192.0.2.1:5080")]
    [InlineData("192.0.2.1", "192.0.2.1:5060")]
    [InlineData("[::1]:5080", "[::1]:5080")]
    [InlineData("[::1]", "[::1]:5060")]
    [InlineData("::1", "[::1]:5060")]
    [InlineData("sip.example.org:5061", "sip.example.org:5061")]
    public void Host_port_text_parses(string text, string formatted)
    {
        var e = new Endpoint();
        Assert.True(e.TryParse(text, 5060));
        Assert.Equal(formatted, e.ToString());
    }

    [Fact]
    public void Equality_compares_kind_address_and_port()
    {
        var a = new Endpoint("192.0.2.1", 5060);
        Assert.True(a.Equals(new Endpoint("192.0.2.1", 5060)));
        Assert.False(a.Equals(new Endpoint("192.0.2.1", 5061)));
        Assert.False(a.Equals(new Endpoint("::ffff:192.0.2.1", 5060)));
        Assert.True(new Endpoint("PBX.example.com", 1).Equals(new Endpoint("pbx.EXAMPLE.com", 1)));
        Assert.Equal(new Endpoint("2001:db8::1", 5).GetHashCode(), new Endpoint("2001:DB8:0::1", 5).GetHashCode());
        var c = new Endpoint();
        c.CopyFrom(a);
        Assert.True(c.Equals(a));
        c.SetIPv4(10, 0, 0, 1, 5060);
        Assert.Equal("10.0.0.1:5060", c.ToString());
    }
}
