using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.App.Tests.Config;

/// <summary>
/// sip.outbound takes only a proxy the phone can send to (RFC 3261 §8.1.2 over UDP): a sip: URI
/// with a host, no other transport, no URI headers. A URI without lr is fine (lr is implied).
/// </summary>
public class OutboundProxySettingTests
{
    [Theory]
    [InlineData("sips:proxy.example.com;transport=tcp;lr", "sip.outbound: a sips: URI goes over tls only (RFC 5630)")]
    [InlineData("sip:proxy.example.com;transport=sctp;lr", "sip.outbound: transport must be udp, tcp or tls")]
    [InlineData("sip:proxy.example.com;lr?Route=x", "sip.outbound: must not have URI headers (?...)")]
    [InlineData("tel:+4930123", "sip.outbound: must be a sip: or sips: URI")]
    public void A_proxy_the_phone_cannot_use_is_refused_with_the_reason(string value, string expected)
    {
        var config = new PhoneConfig();
        Assert.False(config.TrySet("sip.outbound", value, out string? error));
        Assert.Equal(expected, error);
        Assert.False(config.IsSet("sip.outbound"));
    }

    [Theory]
    [InlineData("sip:proxy.example.com")]
    [InlineData("sip:192.0.2.1:5070;transport=UDP")]
    [InlineData("SIP:[2001:db8::1];lr")]
    public void Sip_URIs_with_or_without_lr_are_kept_as_typed(string value)
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet("sip.outbound", value, out string? error), error);
        Assert.Equal(value, config.Get("sip.outbound"));
    }

    [Fact]
    public void Help_says_what_goes_through_it()
    {
        var key = ConfigKeys.Find("sip.outbound")!;
        Assert.Contains("REGISTER and new calls", key.Help);
        Assert.Equal("sip: or sips: URI, ;lr implied", key.Describe());
        Assert.Contains("unless sip.outbound is set", ConfigKeys.Find("sip.server")!.Help);
    }
}
