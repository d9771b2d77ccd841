using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Tests.Console;
using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.App.Tests.Config;

/// <summary>
/// ghost.trust takes IP addresses only. Nothing on the phone resolves host names, so a name could
/// never match a packet's source: it is refused where it is given (console, --set, file) with a
/// message that says so, instead of being kept and silently ignored.
/// </summary>
public class GhostTrustSettingTests
{
    [Fact]
    public void A_host_name_is_refused_at_set_time_with_a_clear_reason()
    {
        var config = new PhoneConfig();
        Assert.False(config.TrySet("ghost.trust", "pbx.example.com", out string? error));
        Assert.Equal("ghost.trust: host names are not resolved; give IP addresses", error);
        Assert.False(config.IsSet("ghost.trust"));
    }

    [Fact]
    public void In_a_list_the_error_names_the_entry_and_nothing_of_the_list_is_kept()
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet("ghost.trust", "192.0.2.1", out _));
        Assert.False(config.TrySet("ghost.trust", "192.0.2.5, pbx.example.com", out string? error));
        Assert.Equal("ghost.trust: entry 2: host names are not resolved; give IP addresses", error);
        Assert.Equal("192.0.2.1", config.Get("ghost.trust"));
    }

    [Theory]
    [InlineData("192.0.2.1:5060", "ghost.trust: must not include a port (addresses only)")]
    [InlineData("[2001:db8::1]:5060", "ghost.trust: must not include a port (addresses only)")]
    [InlineData("pbx.example.com:5060", "ghost.trust: host names are not resolved; give IP addresses")]
    [InlineData("192.0.2.300", "ghost.trust: must be an IP address (IPv4 or IPv6)")]
    [InlineData("-pbx", "ghost.trust: must be an IP address (IPv4 or IPv6)")]
    [InlineData("192.0.2.1,,192.0.2.2", "ghost.trust: has an empty entry (addresses are separated by single commas)")]
    public void Other_refusals_say_what_is_wrong(string value, string expected)
    {
        var config = new PhoneConfig();
        Assert.False(config.TrySet("ghost.trust", value, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void IPv4_and_IPv6_with_or_without_brackets_are_accepted_and_all_reach_the_filter()
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet("ghost.trust", " 192.0.2.1 ,[2001:db8::1], 2001:db8::2", out string? error), error);
        Assert.Equal("192.0.2.1,[2001:db8::1],2001:db8::2", config.Get("ghost.trust"));
        Assert.Equal(new[] { "192.0.2.1:5060", "[2001:db8::1]:5060", "[2001:db8::2]:5060" },
            PhoneSettings.TrustedHosts(config.Get("ghost.trust")).Select(e => e.ToString()));
    }

    [Fact]
    public void The_console_set_prints_the_error_and_keeps_the_old_value()
    {
        var rig = new ConsoleRig();
        Assert.Equal(new[] { "ghost.trust=192.0.2.1" }, rig.Run("set ghost.trust 192.0.2.1"));
        Assert.Equal(new[] { "error: ghost.trust: host names are not resolved; give IP addresses" },
            rig.Run("set ghost.trust pbx.example.com"));
        Assert.Equal("192.0.2.1", rig.Config.Get("ghost.trust"));
    }

    [Fact]
    public void The_desktop_set_refuses_a_host_name_too()
    {
        var config = new PhoneConfig();
        Assert.False(config.TryAssign("ghost.trust=pbx.example.com", out string? error));
        Assert.Equal("ghost.trust: host names are not resolved; give IP addresses", error);
    }

    [Fact]
    public void A_host_name_in_the_file_is_warned_about_and_the_other_lines_still_load()
    {
        var storage = new MemoryConfigStorage();
        storage.Put(ConfigStore.DefaultFileName, Ascii.Utf8Bytes(string.Join("\n",
            "sip.server=192.0.2.10",
            "ghost.trust=192.0.2.5,pbx.example.com",
            "sip.user=alice",
            "ghost.filter=on")));
        var config = new PhoneConfig();
        var report = new ConfigStore(storage).Load(config);
        Assert.Equal(new[] { "line 2: ghost.trust: entry 2: host names are not resolved; give IP addresses; ignored" },
            Enumerable.Range(0, report.WarningCount).Select(report.Warning));
        Assert.Null(config.Get("ghost.trust"));
        Assert.Equal("192.0.2.10", config.Get("sip.server"));
        Assert.Equal("alice", config.Get("sip.user"));
        Assert.Equal(3, report.SettingCount);
    }

    [Fact]
    public void Help_says_IP_addresses_and_that_names_are_not_resolved()
    {
        var key = ConfigKeys.Find("ghost.trust")!;
        Assert.Contains("IP addresses", key.Help);
        Assert.Contains("host names are not resolved", key.Help);
        Assert.Equal("IP addresses, comma-separated (no host names)", key.Describe());
        Assert.DoesNotContain("hosts or", key.Help);
    }
}
