using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using Xunit;

namespace NanoPhone.App.Tests.Console;

public class SerialConsoleTests
{
    [Fact]
    public void Set_show_unset_save_round_trip_through_storage()
    {
        var rig = new ConsoleRig();
        Assert.Equal(new[] { "sip.server=pbx.example.com" }, rig.Run("set sip.server pbx.example.com"));
        Assert.Equal(new[] { "sip.user=alice" }, rig.Run("SET SIP.USER alice"));
        Assert.Equal(new[] { "sip.expires=600" }, rig.Run("set sip.expires   600  "));
        Assert.Equal(new[] { "net.wifi.ssid=My Home\\nNet" }, rig.Run("set net.wifi.ssid My Home\\nNet"));
        Assert.Equal(new[] { "dnd=on" }, rig.Run("set dnd yes"));
        Assert.Equal(new[] { "dnd=off (default)" }, rig.Run("unset dnd"));
        Assert.Equal(new[] { "saved" }, rig.Run("save"));
        string[] shown = rig.Run("show").ToArray();

        var reloaded = new ConsoleRig();
        foreach (var name in new[] { ConfigStore.DefaultFileName })
            reloaded.Storage.Put(name, rig.Storage.ReadAll(name)!);
        var report = reloaded.Store.Load(reloaded.Config);
        Assert.Equal(0, report.WarningCount);
        Assert.Equal(shown, reloaded.Run("show"));
        Assert.Equal("My Home\nNet", reloaded.Config.Get("net.wifi.ssid"));
    }

    [Fact]
    public void Show_lists_every_key_marks_defaults_unset_and_unsaved_changes()
    {
        var rig = new ConsoleRig();
        var lines = rig.Run("show");
        Assert.Equal(ConfigKeys.All.Length, lines.Count);
        Assert.Contains("sip.server=(unset)", lines);
        Assert.Contains("sip.port=5060 (default)", lines);
        Assert.Contains("forward.noanswer.seconds=20 (default)", lines);
        rig.Run("set sip.port 5080");
        lines = rig.Run("show sip.port");
        Assert.Equal(new[] { "sip.port=5080", "(unsaved changes: save keeps them)" }, lines);
        rig.Run("save");
        Assert.Equal(new[] { "sip.port=5080" }, rig.Run("show sip.port"));
    }

    [Fact]
    public void Show_and_help_key_print_what_the_host_has_in_effect_where_it_differs_from_the_setting()
    {
        var rig = new ConsoleRig();
        var bound = new BoundPort { Config = rig.Config, Port = 40123 };
        rig.Console.SettingsInEffect = bound;

        Assert.Equal(new[] { "sip.local.port=40123 (any free port)" }, rig.Run("show sip.local.port"));
        Assert.Equal("  now: 40123 (any free port)", rig.Run("help sip.local.port").Last());
        Assert.Equal(new[] { "sip.port=5060 (default)" }, rig.Run("show sip.port"));

        bound.Port = 5070;                  // the host bound the configured port: nothing to add
        Assert.Equal(new[] { "sip.local.port=5070" }, rig.Run("set sip.local.port 5070"));
        Assert.Equal("sip.local.port=5070", rig.Run("show sip.local").First());
    }

    /// <summary>A host listening on <see cref="Port"/>: says so when that is not the configured port.</summary>
    private sealed class BoundPort : ISettingsInEffect
    {
        public PhoneConfig Config = null!;
        public int Port;

        public string? InEffect(string key)
        {
            if (key != ConfigKeys.SipLocalPort || Port == Config.GetInt(key, 5060)) return null;
            return Port + " (any free port)";
        }
    }

    [Fact]
    public void Show_prefix()
    {
        var rig = new ConsoleRig();
        var lines = rig.Run("show forward");
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("forward.", l));
        Assert.Equal(ConfigKeys.All.Count(k => k.Name.StartsWith("sip.")), rig.Run("show sip.").Count);
        Assert.Equal(new[] { "error: no key has that prefix (did you mean sip.q?)" }, rig.Run("show sipp"));
    }

    [Theory]
    [InlineData("set", "error: usage: set KEY VALUE")]
    [InlineData("set sip.port", "error: usage: set sip.port VALUE (unset sip.port clears it)")]
    [InlineData("set sip.port 0", "error: sip.port: must be a whole number from 1 to 65535")]
    [InlineData("set sip.prot 5060", "error: unknown key (did you mean sip.port?)")]
    [InlineData("set forward.noanswer.secs 10", "error: unknown key (did you mean forward.noanswer.seconds?)")]
    [InlineData("set nothing.like.it 1", "error: unknown key")]
    [InlineData("set sip.user a\\b", "error: sip.user: bad escape (use \\\\ \\n \\r \\t \\s)")]
    [InlineData("unset", "error: usage: unset KEY")]
    [InlineData("unset sip.port extra", "error: usage: unset KEY")]
    [InlineData("unset dn", "error: unknown key (did you mean dnd?)")]
    [InlineData("save now", "error: usage: save (no arguments)")]
    [InlineData("status please", "error: usage: status (no arguments)")]
    [InlineData("log", "error: usage: log sip on|off")]
    [InlineData("log sip maybe", "error: usage: log sip on|off")]
    [InlineData("log dns on", "error: usage: log sip on|off")]
    [InlineData("frobnicate", "error: unknown command (help lists them)")]
    [InlineData("help nothing", "error: no such command or key")]
    [InlineData("show a b", "error: usage: show [PREFIX]")]
    public void Bad_input_gets_one_error_line_and_changes_nothing(string line, string expected)
    {
        var rig = new ConsoleRig();
        rig.Run("set sip.user alice");
        rig.Run("save");
        var before = rig.Config.Snapshot();
        Assert.Equal(new[] { expected }, rig.Run(line));
        Assert.Equal(before, rig.Config.Snapshot());
        Assert.False(rig.Config.IsDirty);
        Assert.Empty(rig.Actions.Calls);
    }

    [Fact]
    public void Forward_to_own_address_is_refused_with_a_clear_message()
    {
        var rig = new ConsoleRig();
        rig.Run("set sip.user alice");
        rig.Run("set sip.domain example.com");
        Assert.Equal(new[] { "error: forward.noanswer.target: must not be our own address sip:alice@example.com (calls would loop)" },
            rig.Run("set forward.noanswer.target sip:alice@example.com"));
    }

    [Fact]
    public void Help_lists_commands_keys_and_details()
    {
        var rig = new ConsoleRig();
        var help = rig.Run("help");
        Assert.Equal(10, help.Count);
        Assert.Contains(help, l => l.TrimStart().StartsWith("set KEY VALUE"));
        Assert.Equal(ConfigKeys.All.Length, rig.Run("help keys").Count);
        Assert.Equal(new[]
        {
            "sip.expires: registration lifetime asked for, seconds",
            "  int 60..86400, default 3600",
            "  now: 3600 (default)",
        }, rig.Run("help sip.expires"));
        Assert.Single(rig.Run("help set"));
        Assert.Equal("error: no such command or key (did you mean sip.expires?)", rig.Run("help sip.expire").Single());
    }

    [Fact]
    public void Status_calls_and_actions_come_from_the_app()
    {
        var rig = new ConsoleRig();
        rig.Status.CallState = "ringing from sip:bob@example.com";
        Assert.Equal(new[]
        {
            "registration: registered as sip:alice@example.com",
            "call: ringing from sip:bob@example.com",
            "free memory: 81920 bytes",
            "settings: saved",
        }, rig.Run("status"));
        Assert.Equal(new[] { "(no calls)" }, rig.Run("calls"));
        rig.CallLog.Entries.Add("2024-05-01 10:00 in  sip:bob@example.com 63 s");
        rig.CallLog.Entries.Add("2024-05-01 09:00 missed sip:carol@example.com");
        Assert.Equal(rig.CallLog.Entries, rig.Run("calls"));
        Assert.Equal(new[] { "sip log on" }, rig.Run("log sip on"));
        Assert.Equal(new[] { "sip log off" }, rig.Run("LOG SIP OFF"));
        Assert.Equal(new[] { "registering" }, rig.Run("register"));
        rig.Run("set dnd on");
        Assert.Equal(new[] { "rebooting (unsaved changes are lost)" }, rig.Run("reboot"));
        Assert.Equal(new[] { "log on", "log off", "register", "reboot" }, rig.Actions.Calls);
    }

    [Fact]
    public void Without_providers_the_console_still_answers()
    {
        var output = new RecordingOutput();
        var console = new SerialConsole(new PhoneConfig(), null!, output);
        foreach (var line in new[] { "status", "calls", "register", "reboot", "log sip on", "save" }) console.Execute(line);
        Assert.Equal(new[]
        {
            "registration: unknown", "call: unknown", "free memory: unknown", "settings: saved",
            "(no call log)",
            "error: not available yet", "error: not available yet", "error: not available yet",
            "error: no storage to save to",
        }, output.Lines);
    }

    private sealed class EchoCommand : IConsoleCommand
    {
        public string? Last;
        public void Run(string args, IConsoleOutput output) { Last = args; output.WriteLine("key " + args); }
    }

    private sealed class FailingCommand : IConsoleCommand
    {
        public void Run(string args, IConsoleOutput output) => throw new System.InvalidOperationException("boom");
    }

    [Fact]
    public void Hosts_add_commands()
    {
        var rig = new ConsoleRig();
        var key = new EchoCommand();
        Assert.True(rig.Console.Commands.Add("key", "key K", "press key K (0-9 * #)", key));
        Assert.True(rig.Console.Commands.Add("OffHook", null!, "lift the handset", new EchoCommand()));
        Assert.True(rig.Console.Commands.Add("fail", "fail", "always fails", new FailingCommand()));
        Assert.False(rig.Console.Commands.Add("key", "key", "again", key));
        Assert.False(rig.Console.Commands.Add("set", "set", "taken by the console", key));
        Assert.False(rig.Console.Commands.Add("two words", "", "", key));
        Assert.False(rig.Console.Commands.Add("", "", "", key));
        Assert.False(rig.Console.Commands.Add("x", "", "", null!));
        Assert.Equal(new[] { "key 5" }, rig.Run("key   5 "));
        Assert.Equal("5", key.Last);
        Assert.Equal(new[] { "key " }, rig.Run("offhook"));
        Assert.Equal(new[] { "error: fail failed" }, rig.Run("fail"));
        var help = rig.Run("help");
        Assert.Contains("  key K                     press key K (0-9 * #)", help);
        Assert.Contains("  offhook                   lift the handset", help);
        Assert.Equal(new[] { "  key K                     press key K (0-9 * #)" }, rig.Run("help key"));
    }
}
