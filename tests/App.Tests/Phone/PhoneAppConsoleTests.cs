using System.Collections.Generic;
using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.App.Tests.Console;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>
/// The phone app behind the serial console: status, calls, register, log sip, reboot; console
/// lines posted to the loop and run there.
/// </summary>
public class PhoneAppConsoleTests
{
    private readonly PhoneRig _rig = new();
    private readonly RecordingOutput _output = new();
    private readonly SerialConsole _console;

    public PhoneAppConsoleTests()
    {
        _console = new SerialConsole(_rig.Config, null, _output);
        _rig.App.AttachTo(_console);
    }

    private List<string> Run(string line)
    {
        int before = _output.Lines.Count;
        _console.Execute(line);
        return _output.Lines.GetRange(before, _output.Lines.Count - before);
    }

    [Fact]
    public void AttachTo_makes_the_app_the_consoles_status_call_log_and_actions()
    {
        Assert.Same(_rig.App, _console.Status);
        Assert.Same(_rig.App.CallLog, _console.CallLog);
        Assert.Same(_rig.App, _console.Actions);
    }

    [Fact]
    public void Status_shows_registration_call_and_the_platforms_free_memory()
    {
        _rig.StartRegistered();
        _rig.Set(ConfigKeys.SipExpires, "3600");   // same value: nothing changes
        Assert.Equal(new[]
        {
            "registration: registered as sip:linda@127.0.0.1:5062 (3600 s, renewed before it lapses)",
            "call: idle",
            "messages: voicemail unknown; 0 missed calls; subscription off",
            "free memory: 65536 bytes",
            "settings: unsaved changes",
        }, Run("status"));
    }

    [Fact]
    public void Free_memory_is_unknown_without_a_platform_and_actions_do_nothing()
    {
        _rig.App.Platform = null;
        _rig.App.Events = null;
        Assert.Equal(-1, _rig.App.FreeMemoryBytes);
        _rig.App.Reboot();
        _rig.App.SetSipLog(true);
        _rig.StartRegistered();            // no event sink: nothing to see, nothing thrown
        Assert.Equal("free memory: unknown", Run("status")[3]);
    }

    [Fact]
    public void Calls_lists_the_call_log_newest_first()
    {
        _rig.StartRegistered();
        Assert.Equal(new[] { "(no calls)" }, Run("calls"));
        var first = new CallerScript();
        _rig.Deliver(first.Invite());
        _rig.Deliver(first.Cancel());
        _rig.Run(2_000);
        var second = new CallerScript { CallId = "call-2@graham.example", Branch = "z9hG4bKinv2" };
        _rig.Deliver(second.Invite());
        _rig.Deliver(second.Cancel("SIP;cause=200"));
        Assert.Equal(new[]
        {
            "(time not set, up 00:16:42) answered elsewhere " + CallerScript.Peer,
            "(time not set, up 00:16:40) missed " + CallerScript.Peer,
        }, Run("calls"));
    }

    [Fact]
    public void Register_sends_a_REGISTER_now()
    {
        _rig.StartRegistered();
        int before = _rig.Requests("REGISTER").Count;
        Assert.Equal(new[] { "registering" }, Run("register"));
        Assert.Equal(before + 1, _rig.Requests("REGISTER").Count);
    }

    [Fact]
    public void Register_before_start_starts_the_phone()
    {
        Run("register");
        Assert.True(_rig.App.IsRunning);
        Assert.Single(_rig.Requests("REGISTER"));
    }

    [Fact]
    public void Log_sip_and_reboot_go_to_the_platform()
    {
        Assert.Equal(new[] { "sip log on" }, Run("log sip on"));
        Assert.True(_rig.Platform.SipLog);
        Run("log sip off");
        Assert.False(_rig.Platform.SipLog);
        Run("reboot");
        Assert.Equal(1, _rig.Platform.Reboots);
    }

    [Fact]
    public void Set_on_the_console_re_registers_at_the_next_turn()
    {
        _rig.StartRegistered();
        Assert.Equal(new[] { "sip.expires=600" }, Run("set sip.expires 600"));
        _rig.Run(10);
        Assert.Contains("Expires: 0", _rig.Last("REGISTER").Text);
        Assert.Equal(new[] { "error: sip.q: must be a q-value from 0.0 to 1.0 with up to 3 decimals" }, Run("set sip.q 2"));
    }

    [Fact]
    public void Console_lines_posted_from_another_thread_run_on_the_loop()
    {
        var poller = new IdlePoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock);
        Assert.True(loop.Post(new ConsoleLineWork(_console, "set dnd on")));
        Assert.Empty(_output.Lines);
        loop.RunOnce();
        Assert.Equal(new[] { "dnd=on" }, _output.Lines);
        Assert.Contains("DND on", _rig.Events);
    }

    private sealed class IdlePoller : IDatagramPoller
    {
        public bool Poll(int timeoutMs, IDatagramReceiver receiver) => false;
    }
}
