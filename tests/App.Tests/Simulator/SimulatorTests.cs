using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>
/// <c>nanophone run</c> as a user and a script see it: the real host process against a scripted
/// registrar on 127.0.0.1. Every wait is bounded; every process is stopped.
/// </summary>
public class SimulatorTests
{
    private static string[] Account(int registrarPort, params string[] more) => new[]
    {
        "run",
        "--set", "sip.server=127.0.0.1",
        "--set", "sip.port=" + registrarPort,
        "--set", "sip.user=linda",
        "--set", "sip.domain=nanophone.test",
        "--set", "sip.password=x",
        "--set", "sip.local.port=0",
    }.Concat(more).ToArray();

    private static string Invite(int registrarPort, int phonePort, string callId = "call-1@graham.example") =>
        "INVITE sip:linda@127.0.0.1:" + phonePort + " SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:" + registrarPort + ";branch=z9hG4bK-" + callId.GetHashCode().ToString("x") + "\r\n" +
        "Record-Route: <sip:127.0.0.1:" + registrarPort + ";lr>\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=86aee210\r\n" +
        "To: <sip:linda@nanophone.test>\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:graham@127.0.0.1:" + registrarPort + ">\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string InDialog(string method, int registrarPort, int phonePort, string toTag, int cseq, string branch) =>
        method + " sip:linda@127.0.0.1:" + phonePort + " SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:" + registrarPort + ";branch=" + branch + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=86aee210\r\n" +
        "To: <sip:linda@nanophone.test>;tag=" + toTag + "\r\n" +
        "Call-ID: call-1@graham.example\r\n" +
        "CSeq: " + cseq + " " + method + "\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Starts the simulator against the registrar, answers its REGISTER; returns the phone's port.</summary>
    private static int Register(SimulatorProcess phone, ScriptedRegistrar registrar)
    {
        int port = int.Parse(Regex.Match(phone.WaitFor("^LISTENING "), @"^LISTENING 127\.0\.0\.1:(\d+)$").Groups[1].Value);
        Assert.NotEqual(5060, port);
        string register = registrar.Receive("^REGISTER ");
        Assert.StartsWith("REGISTER sip:nanophone.test SIP/2.0\r\n", register);
        Assert.Equal(port, registrar.Phone!.Port);
        string contact = ScriptedRegistrar.Header(register, "Contact")!;
        Assert.Equal("<sip:linda@127.0.0.1:" + port + ">;expires=3600", contact);
        registrar.Reply(register, 200, "OK", "Contact: <sip:linda@127.0.0.1:" + port + ">;expires=3600");
        phone.WaitFor("^REGISTERED sip:linda@127\\.0\\.0\\.1:" + port + " 3600$");
        return port;
    }

    [Fact]
    public void Registers_rings_answers_on_offhook_hangs_up_on_onhook_and_unregisters_at_end_of_input()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        int port = Register(phone, registrar);
        var phoneAt = new IPEndPoint(IPAddress.Loopback, port);

        registrar.Send(Invite(registrar.Port, port), phoneAt);
        registrar.Receive("^SIP/2.0 100 Trying");
        string ringing = registrar.Receive("^SIP/2.0 180 Ringing");
        Assert.Equal("RINGING 1 Graham <sip:graham@nanophone.test>", phone.WaitFor("^RINGING "));
        phone.WaitFor("^RINGER ON us$");

        phone.Type("offhook");
        string ok = registrar.Receive("^SIP/2.0 200 OK");
        Assert.EndsWith(" INVITE", ScriptedRegistrar.Header(ok, "CSeq"));
        Assert.Contains("m=audio", ok);
        phone.WaitFor("^HOOK offhook$");
        phone.WaitFor("^RINGER OFF$");
        Assert.Equal("ANSWERED 1 Graham <sip:graham@nanophone.test>", phone.WaitFor("^ANSWERED "));
        string toTag = Regex.Match(ScriptedRegistrar.Header(ringing, "To")!, ";tag=([^;>]+)").Groups[1].Value;
        registrar.Send(InDialog("ACK", registrar.Port, port, toTag, 1, "z9hG4bKack1"), phoneAt);

        phone.Type("status");
        Assert.StartsWith("call: in call with Graham <sip:graham@nanophone.test> for ", phone.WaitFor("^call: "));

        phone.Type("onhook");
        string bye = registrar.Receive("^BYE ");
        Assert.StartsWith("BYE sip:graham@127.0.0.1:" + registrar.Port + " SIP/2.0", bye);
        registrar.Reply(bye, 200, "OK");
        phone.WaitFor("^ENDED 1 hung up$");

        phone.Type("calls");
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC answered Graham <sip:graham@nanophone.test>, \d+ s$", phone.WaitFor(" answered "));

        phone.CloseInput();
        string removal = registrar.Receive("^REGISTER ");
        Assert.Equal("0", ScriptedRegistrar.Header(removal, "Expires"));
        registrar.Reply(removal, 200, "OK");
        phone.WaitFor("^REGISTRATION unregistered binding removed$");
        Assert.Equal(0, phone.WaitForExit());
        Assert.Empty(phone.Errors);
    }

    [Theory]
    [InlineData("device", 2)]
    [InlineData("desktop", 3)]
    public void The_capacity_option_sets_how_many_callers_ring_at_once(string capacity, int ringing)
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port, "--capacity", capacity));
        int port = Register(phone, registrar);
        var phoneAt = new IPEndPoint(IPAddress.Loopback, port);

        registrar.Send(Invite(registrar.Port, port, "call-1@graham.example"), phoneAt);
        registrar.Receive("^SIP/2.0 180 Ringing");
        registrar.Send(Invite(registrar.Port, port, "call-2@graham.example"), phoneAt);
        registrar.Receive("^SIP/2.0 180 Ringing");
        phone.WaitFor("^RINGING 2 ");
        // The device has two live calls; a third caller hears 486 there, rings on a PC.
        registrar.Send(Invite(registrar.Port, port, "call-3@graham.example"), phoneAt);
        string third = registrar.Receive("^SIP/2.0 (180|486) ");
        Assert.StartsWith(ringing == 3 ? "SIP/2.0 180 Ringing" : "SIP/2.0 486 Busy Here", third);
        phone.WaitFor(ringing == 3 ? "^RINGING 3 " : "^REJECTED 3 486 Busy Here$");
    }

    [Fact]
    public void Call_from_the_console_rings_back_is_answered_and_onhook_sends_BYE()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        Register(phone, registrar);
        string far = "Contact: <sip:1234@127.0.0.1:" + registrar.Port + ">";

        phone.Type("call 1234");
        string invite = registrar.Receive("^INVITE ");
        Assert.StartsWith("INVITE sip:1234@nanophone.test SIP/2.0\r\n", invite);
        Assert.Equal("<sip:1234@nanophone.test>", ScriptedRegistrar.Header(invite, "To"));
        Assert.Contains("m=audio", invite);
        Assert.Equal("DIALING 1 sip:1234@nanophone.test", phone.WaitFor("^DIALING "));
        phone.WaitFor("^LAMP incall on$");

        registrar.Reply(invite, 180, "Ringing", far);
        phone.WaitFor("^RINGBACK 1$");
        phone.WaitFor("^LAMP incall slow$");

        registrar.Reply(invite, 200, "OK", far);
        string ack = registrar.Receive("^ACK ");
        Assert.StartsWith("ACK sip:1234@127.0.0.1:" + registrar.Port + " SIP/2.0\r\n", ack);
        Assert.Equal("ANSWERED 1 sip:1234@nanophone.test", phone.WaitFor("^ANSWERED "));
        phone.WaitFor("^LAMP incall on$");
        phone.Type("status");
        Assert.StartsWith("call: in call with sip:1234@nanophone.test for ", phone.WaitFor("^call: "));

        phone.Type("onhook");                  // the handset never went up: ends the hands-free call
        string bye = registrar.Receive("^BYE ");
        Assert.StartsWith("BYE sip:1234@127.0.0.1:" + registrar.Port + " SIP/2.0\r\n", bye);
        Assert.Equal(ScriptedRegistrar.Header(invite, "Call-ID"), ScriptedRegistrar.Header(bye, "Call-ID"));
        registrar.Reply(bye, 200, "OK");
        phone.WaitFor("^ENDED 1 hung up$");
        phone.WaitFor("^LAMP incall off$");

        phone.Type("calls");
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC dialled sip:1234@nanophone.test, \d+ s$", phone.WaitFor(" dialled "));

        phone.CloseInput();
        registrar.Reply(registrar.Receive("^REGISTER "), 200, "OK");
        Assert.Equal(0, phone.WaitForExit());
        Assert.Empty(phone.Errors);
    }

    [Fact]
    public void Keypad_dialling_busy_redial_and_a_CANCEL_when_the_handset_goes_down()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        Register(phone, registrar);

        phone.Type("offhook");
        phone.Type("key 4");
        phone.Type("key 2");
        phone.WaitFor("^DIGITS 42$");
        phone.Type("key #");
        string invite = registrar.Receive("^INVITE ");
        Assert.StartsWith("INVITE sip:42@nanophone.test SIP/2.0\r\n", invite);
        registrar.Reply(invite, 486, "Busy Here");
        Assert.Equal("FAILED 1 486 Busy Here", phone.WaitFor("^FAILED "));
        registrar.Receive("^ACK ");             // the transaction's own ACK for the 486

        phone.Type("key redial");
        string again = registrar.Receive("^INVITE ");
        Assert.StartsWith("INVITE sip:42@nanophone.test SIP/2.0\r\n", again);
        Assert.NotEqual(ScriptedRegistrar.Header(invite, "Call-ID"), ScriptedRegistrar.Header(again, "Call-ID"));
        phone.WaitFor("^DIALING 2 sip:42@nanophone.test$");
        registrar.Reply(again, 180, "Ringing");
        phone.WaitFor("^RINGBACK 2$");
        phone.Type("onhook");
        string cancel = registrar.Receive("^CANCEL ");
        Assert.StartsWith("CANCEL sip:42@nanophone.test SIP/2.0\r\n", cancel);
        Assert.Equal(ScriptedRegistrar.Header(again, "Via"), ScriptedRegistrar.Header(cancel, "Via"));
        registrar.Reply(cancel, 200, "OK");
        registrar.Reply(again, 487, "Request Terminated");
        phone.WaitFor("^ENDED 2 cancelled$");

        phone.CloseInput();
        registrar.Reply(registrar.Receive("^REGISTER "), 200, "OK");
        Assert.Equal(0, phone.WaitForExit());
    }

    [Fact]
    public void Keys_from_the_script_DND_rejects_and_the_SIP_log_shows_the_datagrams()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        int port = Register(phone, registrar);

        phone.Type("key 5");
        phone.WaitFor("^KEY 5$");
        phone.Type("key bogus");
        Assert.Equal("error: usage: key K (K: 0-9 * # answer hangup dnd forward redial speaker mute volup voldown)", phone.WaitFor("^error: "));
        phone.Type("key dnd");
        phone.WaitFor("^DND on$");
        phone.WaitFor("^LAMP dnd on$");

        phone.Type("log sip on");
        phone.WaitFor("^sip log on$");
        registrar.Send(Invite(registrar.Port, port), new IPEndPoint(IPAddress.Loopback, port));
        registrar.Receive("^SIP/2.0 486 Busy Here");
        Assert.Equal("SIP< 127.0.0.1:" + registrar.Port + " INVITE sip:linda@127.0.0.1:" + port + " SIP/2.0", phone.WaitFor("^SIP< "));
        phone.WaitFor("^SIP> 127\\.0\\.0\\.1:" + registrar.Port + " SIP/2\\.0 100 Trying$");
        phone.WaitFor("^SIP> 127\\.0\\.0\\.1:" + registrar.Port + " SIP/2\\.0 486 Busy Here$");
        phone.WaitFor("^REJECTED 1 486 Busy Here$");

        // Garbage with a terminal escape sequence (clear screen, set title, bell) and a NUL.
        registrar.Send("\u001b[2J\u001b]0;pwned\u0007\0 SIP/2.0\r\n\r\n", new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal("SIP< 127.0.0.1:" + registrar.Port + " \\x1b[2J\\x1b]0;pwned\\x07\\x00 SIP/2.0", phone.WaitFor("^SIP< .*pwned"));
        Assert.All(phone.Output, line => Assert.All(line, c => Assert.InRange(c, ' ', '~')));

        phone.Type("quit");
        string removal = registrar.Receive("^REGISTER ");
        registrar.Reply(removal, 200, "OK");
        Assert.Equal(0, phone.WaitForExit());
    }

    [Fact]
    public void With_nothing_listening_it_says_it_is_retrying_answers_the_console_and_exits_at_end_of_input()
    {
        using var silent = new ScriptedRegistrar();      // takes the port, never answers
        using var phone = new SimulatorProcess(Account(silent.Port, "--set", "sip.t1.ms=100"));
        phone.WaitFor("^REGISTRATION registering$");
        phone.WaitFor("^REGISTRATION retrying no response from registrar$", TimeSpan.FromSeconds(15));
        phone.WaitFor("^LAMP registered fast$");
        phone.Type("status");
        Assert.StartsWith("registration: not registered, retrying after 1 failure: no response from registrar", phone.WaitFor("^registration: "));
        phone.Type("set sip.q 2");
        Assert.Equal("error: sip.q: must be a q-value from 0.0 to 1.0 with up to 3 decimals", phone.WaitFor("^error: "));
        phone.Type("this is no command");
        Assert.Equal("error: unknown command (help lists them)", phone.WaitFor("^error: "));
        phone.Type("help");
        phone.WaitFor("^  key K ");
        phone.CloseInput();
        Assert.Equal(0, phone.WaitForExit(TimeSpan.FromSeconds(8)));
        Assert.Equal("REGISTRATION unregistered quit before the registrar answered the removal (the binding lapses within 3600 s)",
            phone.Output[^1]);
    }

    [Fact]
    public void Quitting_while_the_first_REGISTER_is_unanswered_ends_with_one_line_that_says_so()
    {
        using var silent = new ScriptedRegistrar();      // takes the port, never answers
        using var phone = new SimulatorProcess(Account(silent.Port));
        phone.WaitFor("^REGISTRATION registering$");
        silent.Receive("^REGISTER ");

        phone.Type("quit");

        Assert.Equal(0, phone.WaitForExit(TimeSpan.FromSeconds(5)));
        int from = phone.Output.IndexOf("REGISTRATION registering") + 1;
        Assert.Equal(new[] { "REGISTRATION unregistered quit before the registrar answered (a binding it still makes lapses within 3600 s)" },
            phone.Output.Skip(from).Where(l => !l.StartsWith("LAMP ")).ToArray());
        Assert.Equal(phone.Output[^1], phone.Output.Skip(from).Last(l => l.StartsWith("REGISTRATION ")));
        Assert.Empty(phone.Errors);
    }

    [Fact]
    public void Reboot_starts_the_phone_again_and_it_registers_anew()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        Register(phone, registrar);
        phone.Type("reboot");
        phone.WaitFor("^rebooting");
        registrar.Reply(registrar.Receive("^REGISTER "), 200, "OK");     // the removal
        Register(phone, registrar);
        phone.CloseInput();
        registrar.Reply(registrar.Receive("^REGISTER "), 200, "OK");
        Assert.Equal(0, phone.WaitForExit());
    }

    [Fact]
    public void A_new_local_port_moves_the_registration_there()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        int oldPort = Register(phone, registrar);
        int newPort;
        using (var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            newPort = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        phone.Type("set sip.local.port " + newPort);
        phone.WaitFor("^LISTENING 127\\.0\\.0\\.1:" + newPort + "$");
        string move = registrar.Receive("^REGISTER ");
        Assert.Equal(newPort, registrar.Phone!.Port);
        Assert.Contains("Contact: <sip:linda@127.0.0.1:" + oldPort + ">;expires=0", move);
        Assert.Contains("Contact: <sip:linda@127.0.0.1:" + newPort + ">;expires=3600", move);
        registrar.Reply(move, 200, "OK", "Contact: <sip:linda@127.0.0.1:" + newPort + ">;expires=3600");
        phone.Type("status");
        Assert.Equal("registration: registered as sip:linda@127.0.0.1:" + newPort + " (3600 s, renewed before it lapses)", phone.WaitFor("^registration: "));
    }

    [Fact]
    public void Show_names_the_port_bound_for_sip_local_port_0_and_a_port_that_could_not_be_bound()
    {
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        int port = Register(phone, registrar);

        phone.Type("show sip.local.port");
        Assert.Equal("sip.local.port=" + port + " (any free port: --set sip.local.port=0)", phone.WaitFor("^sip\\.local\\.port="));
        phone.Type("help sip.local.port");
        Assert.Equal("  now: " + port + " (any free port: --set sip.local.port=0)", phone.WaitFor("^  now: "));

        using var taken = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int busy = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;
        phone.Type("set sip.local.port " + busy);
        phone.WaitFor("^WARNING cannot listen on 127\\.0\\.0\\.1:" + busy + ": ");
        Assert.Equal("sip.local.port=" + port + " (" + busy + " could not be bound)", phone.WaitFor("^sip\\.local\\.port="));
    }

    [Fact]
    public void SIGTERM_unregisters_and_exits_0()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var registrar = new ScriptedRegistrar();
        using var phone = new SimulatorProcess(Account(registrar.Port));
        Register(phone, registrar);
        Assert.Equal(0, kill(phone.Id, 15));
        registrar.Reply(registrar.Receive("^REGISTER "), 200, "OK");
        Assert.Equal(0, phone.WaitForExit());
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [Theory]
    [InlineData("--bogus", "nanophone run: unknown option '--bogus'")]
    [InlineData("--set|sip.q=2", "nanophone run: --set sip.q: must be a q-value from 0.0 to 1.0 with up to 3 decimals")]
    [InlineData("--set|sip.pasword=hunter2", "nanophone run: --set sip.pasword: unknown key (did you mean sip.password?)")]
    [InlineData("--set|no.such.key=1", "nanophone run: --set no.such.key: unknown key (no key is near it; the nearest is sip.auth.user; the console's help keys lists every key)")]
    [InlineData("--set|Hunter2 wrong place!=1", "nanophone run: --set unknown key (no key is near it; the nearest is intercom.allow; the console's help keys lists every key)")]
    [InlineData("--set", "nanophone run: --set needs KEY=VALUE")]
    [InlineData("--set|novalue", "nanophone run: --set needs KEY=VALUE")]
    [InlineData("sip.password=hunter2", "nanophone run: unexpected argument (settings go after --set)")]
    [InlineData("--config", "nanophone run: --config needs a file name")]
    [InlineData("--config|/nonexistent/nanophone.cfg", "nanophone run: cannot read config file /nonexistent/nanophone.cfg: no such file")]
    [InlineData("--config|/", "nanophone run: cannot read config file /: it is a folder")]
    [InlineData("--capacity|huge", "nanophone run: --capacity is device or desktop")]
    [InlineData("--capacity=desktop|--capacity|device", "nanophone run: --capacity given twice")]
    public void A_bad_command_line_is_one_line_on_stderr_and_exit_2(string args, string error)
    {
        using var phone = new SimulatorProcess(new[] { "run" }.Concat(args.Split('|')).ToArray());
        Assert.Equal(2, phone.WaitForExit());
        Assert.Equal(new[] { error }, phone.Errors);
        Assert.Empty(phone.Output);
    }

    [Fact]
    public void A_config_file_with_bad_lines_loads_the_rest_and_warns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nanophone-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "phone.cfg");
            File.WriteAllText(file, "sip.user=linda\nthis line is bad\nsip.q=7\nsip.domain=nanophone.test\n");
            using var phone = new SimulatorProcess("run", "--config", file, "--set", "sip.local.port=0");
            phone.Type("show sip.user");
            phone.Type("show sip.domain");
            phone.Type("show sip.q");
            phone.CloseInput();
            Assert.Equal(0, phone.WaitForExit());
            Assert.Contains("sip.user=linda", phone.Output);
            Assert.Contains("sip.domain=nanophone.test", phone.Output);
            Assert.Contains("sip.q=(unset)", phone.Output);
            Assert.Equal(2, phone.Errors.Count);
            Assert.All(phone.Errors, e => Assert.StartsWith("nanophone: warning: " + file + ": line ", e));
            Assert.Contains(phone.Output, l => l.StartsWith("REGISTRATION unregistered account not configured"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Save_writes_the_config_file_back()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nanophone-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "phone.cfg");
            File.WriteAllText(file, "sip.user=linda\n");
            using (var phone = new SimulatorProcess("run", "--config", file, "--set", "sip.local.port=0"))
            {
                phone.Type("key dnd");
                phone.WaitFor("^DND on$");
                phone.Type("save");
                phone.WaitFor("^saved$");
                phone.CloseInput();
                Assert.Equal(0, phone.WaitForExit());
            }
            string saved = File.ReadAllText(file);
            Assert.Contains("sip.user=linda\n", saved);
            Assert.Contains("dnd=on\n", saved);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
