using System.Collections.Generic;
using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.App.Tests.Console;

/// <summary>Secrets never appear in console output: not in show, help, status, nor any error.</summary>
public class ConsoleSecretTests
{
    private const string SipSecret = "Hunter2-Zebra";
    private const string WifiSecret = "Wifi-Pass-Quokka";

    private static readonly string[] Fragments = { "Hunter2", "Zebra", "Quokka", "Wifi-Pass", "hunter2", "zebra", "quokka" };

    private static void AssertNoSecret(IEnumerable<string> lines)
    {
        foreach (var line in lines)
            foreach (var f in Fragments)
                Assert.DoesNotContain(f, line, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_masked_and_never_echoed()
    {
        var rig = new ConsoleRig();
        var lines = new List<string>();
        lines.AddRange(rig.Run("set sip.password " + SipSecret));
        lines.AddRange(rig.Run("set net.wifi.password " + WifiSecret));
        Assert.Equal(new[] { "sip.password=********", "net.wifi.password=********" }, lines);
        rig.Config.TrySet("sip.user", "alice", out _);

        foreach (var line in new[]
        {
            "show", "show sip", "show sip.password", "show net", "show net.wifi.password",
            "help sip.password", "help net.wifi.password", "help keys", "status", "save",
            // bad values: too long, control characters, bad escapes, too short
            "set sip.password " + SipSecret + new string('x', 200),
            "set sip.password " + SipSecret + "\\q",
            "set sip.password " + SipSecret + "\u0001",
            "set net.wifi.password Quokka",
            "set net.wifi.password " + WifiSecret + new string('y', 60),
            // mistyped keys with secret values
            "set sip.pasword " + SipSecret,
            "set net.wifi.passwd " + WifiSecret,
            "set " + SipSecret + " " + WifiSecret,
            "unset " + SipSecret,
            "show " + SipSecret,
            "help " + WifiSecret,
            // a secret-looking value for a key of another type
            "set sip.port " + SipSecret,
            "set forward.busy.target sip:" + SipSecret + ":" + WifiSecret + "@example.com",
            "set sip.user " + SipSecret + "@x",
        })
        {
            var output = rig.Run(line);
            if (line.StartsWith("show ") && line.Contains(SipSecret)) Assert.StartsWith("error:", output[0]);
            lines.AddRange(output);
        }
        AssertNoSecret(lines);
        Assert.Equal(SipSecret, rig.Config.Get("sip.password"));
        Assert.Equal(WifiSecret, rig.Config.Get("net.wifi.password"));
        Assert.Contains("sip.password=********", lines);
        Assert.Contains("net.wifi.password=********", lines);
        Assert.Contains("  now: ********", lines);
    }

    [Fact]
    public void Unset_secrets_show_as_unset()
    {
        var rig = new ConsoleRig();
        Assert.Equal(new[] { "sip.password=(unset)" }, rig.Run("show sip.password"));
        rig.Run("set sip.password " + SipSecret);
        Assert.Equal(new[] { "sip.password=(unset)" }, rig.Run("unset sip.password"));
    }

    [Fact]
    public void Load_warnings_and_assignment_errors_never_hold_secret_values()
    {
        var storage = new MemoryConfigStorage();
        storage.Put(ConfigStore.DefaultFileName, NanoPhone.Sip.Text.Ascii.Utf8Bytes(
            "sip.password=" + SipSecret + "\\z\nnet.wifi.password=Quokka\nsip.pasword=" + SipSecret + "\n" + SipSecret + "\n"));
        var report = new ConfigStore(storage).Load(new PhoneConfig());
        var warnings = new List<string>();
        for (int i = 0; i < report.WarningCount; i++) warnings.Add(report.Warning(i));
        Assert.Equal(4, warnings.Count);
        AssertNoSecret(warnings);

        var config = new PhoneConfig();
        var errors = new List<string>();
        foreach (var a in new[] { "sip.password=" + SipSecret + "\\x", "net.wifi.password=Quokka", "sip.passwd=" + SipSecret })
        {
            Assert.False(config.TryAssign(a, out string error));
            errors.Add(error);
        }
        AssertNoSecret(errors);
    }
}
