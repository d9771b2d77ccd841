using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Registration;

/// <summary>
/// RFC 3261 §8.1.2 for REGISTER: with an outbound proxy every REGISTER (first, challenged,
/// refresh, unregister) goes to the proxy's host and port with "Route: &lt;proxy;lr&gt;" preloaded,
/// while the Request-URI stays the registrar's domain (§10.2). The proxy's responses register the
/// phone; without an outbound proxy nothing changes (no Route, sent to the registrar).
/// </summary>
public class OutboundProxyRegistrationTests
{
    private static readonly Endpoint Proxy = new("127.0.0.1", 5080);

    private static AgentHarness WithProxy(string uri = "sip:127.0.0.1:5080;lr")
    {
        var h = new AgentHarness();
        Assert.True(h.Settings.SetOutboundProxy(uri));
        return h;
    }

    private static AgentHarness RegisteredThroughProxy()
    {
        var h = WithProxy();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 401, "Unauthorized", Challenge), Proxy);
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=60"), Proxy);
        Assert.Equal(RegistrationState.Registered, h.Agent.Registration.State);
        return h;
    }

    [Fact]
    public void REGISTER_goes_to_the_outbound_proxy_with_it_as_preloaded_Route_and_the_domain_as_Request_URI()
    {
        var h = WithProxy();
        h.Agent.Registration.Start();
        var sent = h.Last("REGISTER");
        var m = sent.Parse();
        Assert.Equal("127.0.0.1:5080", sent.To);
        Assert.Equal("sip:nanophone.test", m.RequestUri.ToString());
        Assert.Equal("<sip:127.0.0.1:5080;lr>", Header(m, HeaderId.Route));
        Assert.True(m.IndexOf(HeaderId.Route, m.IndexOf(HeaderId.Route) + 1) < 0, "one Route only");
        Assert.Equal("<sip:linda@nanophone.test>", Header(m, HeaderId.To));
    }

    [Fact]
    public void The_challenged_REGISTER_refreshes_and_the_unregister_all_go_through_the_outbound_proxy()
    {
        var h = RegisteredThroughProxy();
        h.Run(54_000);                                  // the refresh, at 90 % of 60 s
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=60"), Proxy);
        h.Agent.Registration.Stop();
        var registers = h.Requests("REGISTER");
        Assert.Equal(4, registers.Count);
        Assert.All(registers, r => Assert.Equal("127.0.0.1:5080", r.To));
        Assert.All(registers, r => Assert.Equal("<sip:127.0.0.1:5080;lr>", Header(r.Parse(), HeaderId.Route)));
        Assert.All(registers, r => Assert.Equal("sip:nanophone.test", r.Parse().RequestUri.ToString()));
        Assert.Equal(0, registers[^1].Parse().Expires);
        // §22.4: the digest uri is the Request-URI, not the proxy.
        Assert.Contains("uri=\"sip:nanophone.test\"", Header(registers[1].Parse(), HeaderId.Authorization));
    }

    [Fact]
    public void Responses_from_the_outbound_proxy_register_the_phone_and_it_becomes_the_registrar_seen()
    {
        var h = RegisteredThroughProxy();
        Assert.Equal("registered sip:linda@127.0.0.1:5062 60", h.Events[^1]);
        Assert.Equal(Proxy, h.Agent.RegistrarSeen);
    }

    [Fact]
    public void The_CRLF_keep_alive_goes_to_the_outbound_proxy()
    {
        var h = WithProxy();
        h.Settings.KeepAliveSeconds = 20;
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"), Proxy);
        h.Run(20_000);
        var keepAlive = h.Out.Single(o => o.Text == "\r\n\r\n");
        Assert.Equal("127.0.0.1:5080", keepAlive.To);
    }

    [Fact]
    public void A_proxy_URI_without_lr_is_treated_as_a_loose_router_and_lr_is_added_to_the_Route()
    {
        var h = WithProxy("sip:proxy.example.net");
        h.Agent.Registration.Start();
        var sent = h.Last("REGISTER");
        Assert.Equal("proxy.example.net:5060", sent.To);
        Assert.Equal("<sip:proxy.example.net;lr>", Header(sent.Parse(), HeaderId.Route));
        Assert.Equal("sip:nanophone.test", sent.Parse().RequestUri.ToString());
    }

    [Fact]
    public void Without_an_outbound_proxy_REGISTER_carries_no_Route_and_goes_to_the_registrar()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        var sent = h.Last("REGISTER");
        Assert.Equal("127.0.0.1:5070", sent.To);
        Assert.False(sent.Parse().Has(HeaderId.Route));
    }

    [Fact]
    public void Clearing_the_outbound_proxy_sends_the_next_REGISTER_to_the_registrar_without_Route()
    {
        var h = RegisteredThroughProxy();
        h.Settings.ClearOutboundProxy();
        h.Agent.Registration.Start();
        var sent = h.Last("REGISTER");
        Assert.Equal("127.0.0.1:5070", sent.To);
        Assert.False(sent.Parse().Has(HeaderId.Route));
    }

    [Fact]
    public void With_an_outbound_proxy_the_registrar_address_may_be_unset()
    {
        var h = WithProxy();
        h.Settings.Server.Clear();
        Assert.True(h.Settings.IsComplete);
        h.Agent.Registration.Start();
        Assert.Equal("127.0.0.1:5080", h.Last("REGISTER").To);
    }

    // ---- AgentSettings.SetOutboundProxy ----------------------------------------------------------

    [Theory]
    [InlineData("sip:proxy.example.com;lr", "proxy.example.com:5060", "<sip:proxy.example.com;lr>")]
    [InlineData("sip:proxy.example.com:5070", "proxy.example.com:5070", "<sip:proxy.example.com:5070;lr>")]
    [InlineData("sip:[2001:db8::1];transport=udp", "[2001:db8::1]:5060", "<sip:[2001:db8::1];transport=udp;lr>")]
    [InlineData("sip:edge@proxy.example.com;maddr=192.0.2.7;lr", "192.0.2.7:5060", "<sip:edge@proxy.example.com;maddr=192.0.2.7;lr>")]
    [InlineData("sip:192.0.2.1:5080;LR", "192.0.2.1:5080", "<sip:192.0.2.1:5080;LR>")]
    public void The_outbound_proxy_URI_gives_the_first_hop_port_5060_if_none_and_a_loose_Route(string uri, string hop, string route)
    {
        var s = new AgentSettings();
        Assert.True(s.SetOutboundProxy(uri));
        Assert.True(s.HasOutboundProxy);
        Assert.Equal(hop, s.FirstHop.ToString());
        Assert.Equal(route, s.OutboundRoute);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("proxy.example.com")]
    [InlineData("sip:proxy.example.com;transport=sctp")]
    [InlineData("sip:proxy.example.com;transport=ws")]
    [InlineData("sip:proxy.example.com?Subject=x")]
    [InlineData("tel:+4930123")]
    [InlineData("sip:bad_host")]
    public void An_outbound_proxy_the_phone_cannot_use_leaves_none(string? uri)
    {
        var s = new AgentSettings();
        Assert.True(s.SetOutboundProxy("sip:192.0.2.1;lr"));
        s.Server.TrySetHost("192.0.2.9", 5060);
        Assert.False(s.SetOutboundProxy(uri!));
        Assert.False(s.HasOutboundProxy);
        Assert.Null(s.OutboundRoute);
        Assert.Same(s.Server, s.FirstHop);
    }

    /// <summary>RFC 5630 §3.2 / RFC 3261 §19.1.4: sips: means TLS (port 5061); transport=tcp|tls chooses the transport.</summary>
    [Theory]
    [InlineData("sips:proxy.example.com;lr", TransportProtocol.Tls, 5061)]
    [InlineData("sip:proxy.example.com;transport=tcp;lr", TransportProtocol.Tcp, 5060)]
    [InlineData("sip:proxy.example.com:5070;transport=TLS;lr", TransportProtocol.Tls, 5070)]
    [InlineData("sip:proxy.example.com;lr", TransportProtocol.Udp, 5060)]
    public void An_outbound_proxy_URI_names_its_transport(string uri, TransportProtocol protocol, int port)
    {
        var s = new AgentSettings();
        Assert.True(s.SetOutboundProxy(uri));
        Assert.Equal(protocol, s.FirstHop.Protocol);
        Assert.Equal(port, s.FirstHop.Port);
    }
}
