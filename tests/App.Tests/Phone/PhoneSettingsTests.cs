using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>Configuration to AgentSettings and CallSettings.</summary>
public class PhoneSettingsTests
{
    private static PhoneConfig Config(params string[] assignments)
    {
        var c = new PhoneConfig();
        foreach (string a in assignments) Assert.True(c.TryAssign(a, out string? e), e);
        return c;
    }

    [Fact]
    public void Account_keys_map_to_the_agent_settings()
    {
        var s = new AgentSettings();
        PhoneSettings.ApplyAccount(Config("sip.server=pbx.example.com", "sip.port=5080", "sip.user=alice",
            "sip.auth.user=alice-auth", "sip.password=pw", "sip.domain=example.com", "sip.expires=900", "sip.q=0.25",
            "sip.keepalive.seconds=25", "sip.t1.ms=250", "sip.t2.ms=2000", "sip.t4.ms=3000"), s);
        Assert.Equal("alice", s.User);
        Assert.Equal("alice-auth", s.DigestUser);
        Assert.Equal("pw", s.Password);
        Assert.Equal("example.com", s.Domain);
        Assert.Equal("pbx.example.com:5080", s.Server.ToString());
        Assert.Equal(900, s.Expires);
        Assert.Equal(250, s.Q);
        Assert.Equal(25, s.KeepAliveSeconds);
        Assert.Equal(250, s.Timers.T1);
        Assert.Equal(2000, s.Timers.T2);
        Assert.Equal(3000, s.Timers.T4);
        Assert.False(s.HasOutboundProxy);
        Assert.Same(s.Server, s.FirstHop);
        Assert.True(s.IsComplete);
    }

    [Fact]
    public void Defaults_and_unset_keys()
    {
        var s = new AgentSettings { User = "old", Password = "old" };
        s.Server.TrySetHost("192.0.2.1", 5060);
        PhoneSettings.ApplyAccount(Config("sip.server=192.0.2.9", "sip.user=bob"), s);
        Assert.Equal("192.0.2.9", s.Domain);           // sip.domain falls back to sip.server
        Assert.Equal("192.0.2.9:5060", s.Server.ToString());
        Assert.Null(s.AuthUser);
        Assert.Equal("", s.Password);
        Assert.Equal(3600, s.Expires);
        Assert.Equal(-1, s.Q);
        Assert.Equal(-1, s.KeepAliveSeconds); // unset: automatic (behind NAT, on an RFC 5626 flow)
        Assert.Equal(500, s.Timers.T1);

        PhoneSettings.ApplyAccount(new PhoneConfig(), s);
        Assert.Equal(HostKind.None, s.Server.Kind);
        Assert.Equal("", s.User);
        Assert.False(s.IsComplete);
    }

    [Fact]
    public void Call_keys_map_to_the_call_settings()
    {
        var c = new CallSettings();
        PhoneSettings.ApplyCalls(Config("forward.always.target=sip:a@example.com", "forward.busy.target=sip:b@example.com",
            "forward.noanswer.target=sip:vm@example.com", "forward.noanswer.seconds=7", "dnd=on", "dnd.response=480",
            "ghost.filter=off", "ghost.action=403", "ghost.trust=192.0.2.5, [2001:db8::5],2001:db8::6", "direct.calls=on"),
            c, new Endpoint("192.0.2.77", 5062));
        Assert.Equal("sip:a@example.com", c.ForwardAlwaysTarget);
        Assert.Equal("sip:b@example.com", c.ForwardBusyTarget);
        Assert.Equal("sip:vm@example.com", c.ForwardNoAnswerTarget);
        Assert.Equal(7, c.NoAnswerSeconds);
        Assert.True(c.DoNotDisturb);
        Assert.Equal(480, c.DndStatus);
        Assert.False(c.GhostFilter);
        Assert.True(c.GhostReject403);
        Assert.Equal(new[] { "192.0.2.5:5060", "[2001:db8::5]:5060", "[2001:db8::6]:5060" }, System.Array.ConvertAll(c.Trusted, e => e.ToString()));
        Assert.True(c.DirectCalls);
        Assert.Equal("192.0.2.77", c.Media.Address);
        Assert.False(c.Media.AddressIsIpv6);
    }

    [Fact]
    public void Call_defaults()
    {
        var c = new CallSettings { ForwardAlwaysTarget = "sip:x@example.com", DoNotDisturb = true };
        PhoneSettings.ApplyCalls(new PhoneConfig(), c, new Endpoint("[2001:db8::7]", 5062));
        Assert.Null(c.ForwardAlwaysTarget);
        Assert.Null(c.ForwardBusyTarget);
        Assert.Null(c.ForwardNoAnswerTarget);
        Assert.Equal(20, c.NoAnswerSeconds);
        Assert.False(c.DoNotDisturb);
        Assert.Equal(486, c.DndStatus);
        Assert.True(c.GhostFilter);
        Assert.False(c.GhostReject403);
        Assert.Empty(c.Trusted);
        Assert.False(c.DirectCalls);
        Assert.Equal("2001:db8::7", c.Media.Address);
        Assert.True(c.Media.AddressIsIpv6);
    }

    [Fact]
    public void Trusted_hosts_skip_empty_entries()
    {
        Assert.Empty(PhoneSettings.TrustedHosts(null!));
        Assert.Equal(2, PhoneSettings.TrustedHosts(" 192.0.2.1 ,, 192.0.2.2,").Length);
    }

    [Fact]
    public void Trusted_hosts_never_hold_a_name_even_from_an_unvalidated_value()
    {
        Assert.Equal(new[] { "192.0.2.1:5060" },
            System.Array.ConvertAll(PhoneSettings.TrustedHosts("pbx.example.com,192.0.2.1"), e => e.ToString()));
    }

    // ---- sip.outbound: RFC 3261 §8.1.2 -----------------------------------------------------------

    [Fact]
    public void Outbound_proxy_is_the_first_hop_and_its_URI_the_preloaded_Route()
    {
        var s = new AgentSettings();
        PhoneSettings.ApplyAccount(Config("sip.server=pbx.example.com", "sip.port=5080", "sip.user=alice",
            "sip.domain=example.com", "sip.outbound=sip:proxy.example.com:5090;lr"), s);
        Assert.True(s.HasOutboundProxy);
        Assert.Equal("proxy.example.com:5090", s.OutboundProxy.ToString());
        Assert.Equal("<sip:proxy.example.com:5090;lr>", s.OutboundRoute);
        Assert.Same(s.OutboundProxy, s.FirstHop);
        Assert.Equal("pbx.example.com:5080", s.Server.ToString());   // still the registrar the ghost filter trusts
        Assert.True(s.IsComplete);
    }

    [Fact]
    public void Outbound_proxy_without_a_port_is_on_5060_not_on_sip_port()
    {
        var s = new AgentSettings();
        PhoneSettings.ApplyAccount(Config("sip.server=192.0.2.1", "sip.port=5080", "sip.user=alice",
            "sip.outbound=sip:192.0.2.2;lr"), s);
        Assert.Equal("192.0.2.2:5060", s.FirstHop.ToString());
    }

    [Fact]
    public void Outbound_proxy_URI_without_lr_is_taken_for_a_loose_router_and_gets_lr_in_the_Route()
    {
        var s = new AgentSettings();
        PhoneSettings.ApplyAccount(Config("sip.server=192.0.2.1", "sip.user=alice",
            "sip.outbound=sip:[2001:db8::7]:5070;transport=udp"), s);
        Assert.Equal("[2001:db8::7]:5070", s.FirstHop.ToString());
        Assert.Equal("<sip:[2001:db8::7]:5070;transport=udp;lr>", s.OutboundRoute);
    }

    [Fact]
    public void Outbound_proxy_alone_completes_the_account_when_the_domain_is_set()
    {
        var s = new AgentSettings();
        PhoneSettings.ApplyAccount(Config("sip.domain=example.com", "sip.user=alice", "sip.outbound=sip:192.0.2.2;lr"), s);
        Assert.Equal(HostKind.None, s.Server.Kind);
        Assert.Equal("192.0.2.2:5060", s.FirstHop.ToString());
        Assert.True(s.IsComplete);
    }

    [Fact]
    public void Unsetting_sip_outbound_sends_to_sip_server_again()
    {
        var s = new AgentSettings();
        var config = Config("sip.server=192.0.2.1", "sip.user=alice", "sip.outbound=sip:192.0.2.2;lr");
        PhoneSettings.ApplyAccount(config, s);
        Assert.Equal("192.0.2.2:5060", s.FirstHop.ToString());
        config.Unset("sip.outbound");
        PhoneSettings.ApplyAccount(config, s);
        Assert.False(s.HasOutboundProxy);
        Assert.Null(s.OutboundRoute);
        Assert.Equal(HostKind.None, s.OutboundProxy.Kind);
        Assert.Same(s.Server, s.FirstHop);
        Assert.Equal("192.0.2.1:5060", s.FirstHop.ToString());
    }

    [Fact]
    public void The_media_address_of_a_name_and_of_nothing()
    {
        var c = new CallSettings();
        PhoneSettings.SetMediaAddress(c, new Endpoint("phone.example.com", 5062));
        Assert.Equal("phone.example.com", c.Media.Address);
        PhoneSettings.SetMediaAddress(c, new Endpoint());
        Assert.Equal("phone.example.com", c.Media.Address);
    }
}
