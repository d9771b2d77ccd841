using System.Collections.Generic;
using NanoPhone.App.Config;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.App.Tests.Config;

public class PhoneConfigTests
{
    private sealed class Listener : IConfigListener
    {
        public List<string> Keys { get; } = new();
        public void ConfigChanged(string key) => Keys.Add(key);
    }

    private sealed class ContactGuard : IForwardTargetGuard
    {
        public string CheckForwardTarget(string key, SipUri target) =>
            target.HostText == "192.0.2.10" ? "is our own Contact" : null!;
    }

    private static PhoneConfig WithAor()
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet("sip.user", "alice", out _));
        Assert.True(config.TrySet("sip.domain", "example.com", out _));
        return config;
    }

    private static SipUri Uri(string text)
    {
        var uri = new SipUri();
        byte[] b = Ascii.Utf8Bytes(text);
        Assert.True(uri.TryParse(b, 0, b.Length));
        return uri;
    }

    [Fact]
    public void Changes_are_announced_with_the_key_only_when_the_effective_value_changes()
    {
        var config = new PhoneConfig();
        var listener = new Listener();
        config.AddListener(listener);
        config.TrySet("sip.server", "pbx.example.com", out _);
        config.TrySet("sip.server", "pbx.example.com", out _);
        config.TrySet("sip.port", "5060", out _);      // explicit, but the same as the default
        config.TrySet("sip.port", "x", out _);         // refused
        config.TrySet("dnd", "on", out _);
        config.Unset("dnd");
        config.Unset("sip.port");
        Assert.Equal(new[] { "sip.server", "dnd", "dnd" }, listener.Keys);
        Assert.True(ConfigKeys.AffectsRegistration(listener.Keys[0]));
        Assert.False(ConfigKeys.AffectsRegistration("dnd"));
        config.RemoveListener(listener);
        config.TrySet("dnd", "on", out _);
        Assert.Equal(3, listener.Keys.Count);
    }

    [Fact]
    public void Several_listeners_all_hear()
    {
        var config = new PhoneConfig();
        var ls = new[] { new Listener(), new Listener(), new Listener() };
        foreach (var l in ls) config.AddListener(l);
        config.RemoveListener(ls[1]);
        config.TrySet("sip.expires", "600", out _);
        Assert.Equal(new[] { "sip.expires" }, ls[0].Keys);
        Assert.Empty(ls[1].Keys);
        Assert.Equal(new[] { "sip.expires" }, ls[2].Keys);
    }

    [Fact]
    public void Unset_returns_to_default_and_marks_dirty()
    {
        var config = new PhoneConfig();
        Assert.False(config.IsDirty);
        config.TrySet("sip.expires", "600", out _);
        Assert.True(config.IsDirty);
        Assert.True(config.Unset("sip.expires"));
        Assert.Equal("3600", config.Get("sip.expires"));
        Assert.False(config.IsSet("sip.expires"));
        Assert.False(config.Unset("sip.nothing"));
    }

    [Theory]
    [InlineData("forward.always.target", "sip:alice@example.com")]
    [InlineData("forward.busy.target", "sips:alice@EXAMPLE.com:5061;transport=tls")]
    [InlineData("forward.noanswer.target", "sip:%61lice@example.com")]
    public void Forward_targets_may_not_be_our_own_address(string key, string target)
    {
        var config = WithAor();
        Assert.False(config.TrySet(key, target, out string error));
        Assert.Equal(key + ": must not be our own address sip:alice@example.com (calls would loop)", error);
        Assert.Null(config.GetExplicit(key));
        Assert.True(config.TrySet(key, "sip:Alice@example.com", out _)); // users are case-sensitive
        Assert.True(config.TrySet(key, "sip:alice@other.example.com", out _));
    }

    [Fact]
    public void The_domain_falls_back_to_the_server()
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet("forward.busy.target", "sip:alice@pbx.example.com", out _));
        Assert.True(config.TrySet("sip.user", "alice", out _));
        Assert.False(config.TrySet("sip.server", "pbx.example.com", out string error));
        Assert.Equal("sip.server: would make forward.busy.target our own address sip:alice@pbx.example.com (calls would loop)", error);
        Assert.Null(config.OwnAor);
        Assert.True(config.TrySet("sip.domain", "example.com", out _));
        Assert.True(config.TrySet("sip.server", "pbx.example.com", out _));
        Assert.Equal("sip:alice@example.com", config.OwnAor);
        Assert.Equal("example.com", config.Domain);
        Assert.True(config.IsOwnAor(Uri("sip:alice@example.com;transport=udp")));
        Assert.False(config.IsOwnAor(Uri("sip:alice@pbx.example.com")));
    }

    [Fact]
    public void The_user_agent_guard_refuses_its_contact()
    {
        var config = WithAor();
        config.ForwardGuard = new ContactGuard();
        Assert.False(config.TrySet("forward.noanswer.target", "sip:alice@192.0.2.10:5060", out string error));
        Assert.Equal("forward.noanswer.target: is our own Contact", error);
        Assert.True(config.TrySet("sip.outbound", "sip:192.0.2.10;lr", out _)); // only forward targets are guarded
    }

    [Fact]
    public void Auth_user_falls_back_to_user()
    {
        var config = WithAor();
        Assert.Equal("alice", config.AuthUser);
        config.TrySet("sip.auth.user", "alice-auth", out _);
        Assert.Equal("alice-auth", config.AuthUser);
    }

    [Theory]
    [InlineData("sip.user=alice", "sip.user", "alice")]
    [InlineData("  sip.password = a=b c  ", "sip.password", "a=b c")]
    [InlineData("sip.password=\\sx\\\\y\\s", "sip.password", " x\\y ")]
    [InlineData("net.wifi.ssid=My\\nNet", "net.wifi.ssid", "My\nNet")]
    public void Assignments_like_the_file(string assignment, string key, string value)
    {
        var config = new PhoneConfig();
        Assert.True(config.TryAssign(assignment, out string error), error);
        Assert.Equal(value, config.Get(key));
    }

    [Theory]
    [InlineData("sip.user", "expected key=value")]
    [InlineData("sip.usr=alice", "unknown key (did you mean sip.user or sip.port?)")]
    [InlineData("sip.password=a\\qb", "sip.password: bad escape (use \\\\ \\n \\r \\t \\s)")]
    [InlineData("sip.port=0", "sip.port: must be a whole number from 1 to 65535")]
    public void Bad_assignments(string assignment, string message)
    {
        var config = new PhoneConfig();
        Assert.False(config.TryAssign(assignment, out string error));
        Assert.Equal(message, error);
        Assert.False(config.IsDirty);
    }
}
