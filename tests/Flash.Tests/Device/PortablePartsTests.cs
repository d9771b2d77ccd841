using System.Collections.Generic;
using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Boards.Rules;
using NanoPhone.Device.Boot;
using NanoPhone.Device.Hardware;
using NanoPhone.Device.Net;
using NanoPhone.Device.Serial;
using NanoPhone.Device.Time;
using NanoPhone.Hal;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Flash.Tests.Device;

/// <summary>
/// The parts of firmware/Device that use no nanoFramework-only API, compiled here from the same files:
/// console pins, board choice, the phone without hardware, the SIP log, terminal lines, boot lines,
/// the clock.
/// </summary>
public class PortablePartsTests
{
    public static TheoryData<string> DeviceBoards()
    {
        var data = new TheoryData<string>();
        foreach (BoardPins b in BoardCatalog.All().Where(b => b.Chip != ChipFamily.Simulator)) data.Add(b.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(DeviceBoards))]
    public void Console_pins_are_free_usable_pins_of_the_board(string boardId)
    {
        BoardPins board = BoardCatalog.ById(boardId);
        ConsolePins pins = ConsolePins.For(board);
        int[] used = board.Uses().Select(u => u.Pin).ToArray();

        Assert.NotEqual(pins.Rx, pins.Tx);
        foreach (int pin in new[] { pins.Rx, pins.Tx })
        {
            Assert.DoesNotContain(pin, used);
            Assert.True(ChipPinRules.Exists(board.Chip, pin), boardId + ": GPIO" + pin + " does not exist");
            Assert.Null(ChipPinRules.ReservedFor(board.Chip, pin));
        }
        Assert.True(ChipPinRules.CanOutput(board.Chip, pins.Tx), boardId + ": TX on an input-only pin");
    }

    [Fact]
    public void An_unknown_board_gets_the_ESP32_console_pins()
    {
        ConsolePins pins = ConsolePins.For(null);
        Assert.Equal((16, 17), (pins.Rx, pins.Tx));
    }

    [Fact]
    public void The_board_is_the_DevKitC_unless_the_configuration_names_one()
    {
        var config = new PhoneConfig();
        Assert.Equal(Esp32DevKitC.Id, BoardChoice.IdFrom(config));
        if (ConfigKeys.IndexOf(BoardCatalog.ConfigKey) >= 0)
        {
            Assert.True(config.TrySet(BoardCatalog.ConfigKey, Esp32S3DevKitC1.Id, out string error), error);
            Assert.Equal(Esp32S3DevKitC1.Id, BoardChoice.IdFrom(config));
        }
    }

    [Fact]
    public void A_known_board_is_found_and_an_unknown_one_or_the_simulator_is_refused_naming_the_boards()
    {
        Assert.Equal(Esp32S3DevKitC1.Id, BoardChoice.Find(Esp32S3DevKitC1.Id, out string none).Id);
        Assert.Null(none);

        foreach (string id in new[] { "esp32-wroom-unknown", DesktopSimulator.Id, "" })
        {
            Assert.Null(BoardChoice.Find(id, out string error));
            Assert.Equal("board: not a known ESP32 board; known: esp32-devkitc, esp32-s3-devkitc-1", error);
        }
    }

    [Fact]
    public void Without_hardware_the_phone_app_runs_and_rings_silently()
    {
        var clock = new NanoPhone.Sip.Timing.ManualClock(1000);
        PhoneHardware hardware = NoHardware.Create(new HalClock(clock));
        var config = new PhoneConfig();
        var app = new PhoneApp(config, hardware, clock, new RecordingNetwork(), new Endpoint("192.0.2.20", 5060), 7);

        app.Start();
        hardware.Ringer.Start(RingPattern.Uk);
        clock.Advance(500);
        app.Poll();
        hardware.Ringer.Stop();
        hardware.Indicators.Set(Indicator.InCall, LampMode.FastBlink);
        app.Poll();

        Assert.Equal(LampMode.FastBlink, hardware.Indicators.Get(Indicator.InCall));
        Assert.Equal(HookState.OnHook, hardware.Hook.State);
    }

    [Fact]
    public void Terminal_lines_lose_the_LF_a_CR_LF_terminal_left_and_the_console_runs_them()
    {
        Assert.Equal("show sip", TerminalLine.Clean("\nshow sip"));
        Assert.Equal("show sip", TerminalLine.Clean("show sip"));
        Assert.Equal("", TerminalLine.Clean("\n"));
        Assert.Equal("", TerminalLine.Clean(null));

        var output = new Lines();
        var console = new SerialConsole(new PhoneConfig(), null, output);
        new ConsoleLineWork(console, TerminalLine.Clean("\nset sip.user alice")).Run();
        new ConsoleLineWork(console, TerminalLine.Clean("\nshow sip.user")).Run();
        Assert.DoesNotContain(output.All, l => l.StartsWith("error"));
        Assert.Contains(output.All, l => l.Contains("alice"));
    }

    [Fact]
    public void The_sip_log_is_silent_when_off_and_prints_each_datagram_when_on()
    {
        var network = new RecordingNetwork();
        var output = new Lines();
        var log = new SipLogTransport(network, network, output);
        byte[] register = Ascii.Utf8Bytes("REGISTER sip:example.com SIP/2.0\r\nCSeq: 1 REGISTER\r\n\r\n");
        var registrar = new Endpoint("192.0.2.10", 5060);

        Assert.True(log.Send(register, 0, register.Length, registrar));
        Assert.Empty(output.All);

        log.Enabled = true;
        Assert.True(log.Send(register, 0, register.Length, registrar));
        network.Incoming = Ascii.Utf8Bytes("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\n\r\n");
        var received = new Received();
        Assert.True(log.Poll(20, received));

        Assert.Equal(new[]
        {
            "SIP > 192.0.2.10:5060 (54 bytes)", "REGISTER sip:example.com SIP/2.0", "CSeq: 1 REGISTER", "",
            "SIP < 192.0.2.10:5060 (36 bytes)", "SIP/2.0 200 OK", "CSeq: 1 REGISTER", "",
        }, output.All);
        Assert.Equal(2, network.Sent);
        Assert.Equal("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\n\r\n", received.Text);
        Assert.Equal("192.0.2.10:5060", received.From);
    }

    [Fact]
    public void The_sip_log_escapes_control_bytes_and_binary_instead_of_writing_them_to_the_terminal()
    {
        var network = new RecordingNetwork();
        var output = new Lines();
        var log = new SipLogTransport(network, network, output) { Enabled = true };
        byte[] garbage = { 0x1B, (byte)'[', (byte)'2', (byte)'J', 0x00, 0xFF, (byte)'\\', (byte)'\r', (byte)'\r', (byte)'\n', 0x07 };
        network.Incoming = garbage;

        Assert.True(log.Poll(20, new Received()));

        Assert.Equal(new[] { "SIP < 192.0.2.10:5060 (11 bytes)", "\\x1b[2J\\x00\\xff\\\\\\x0d", "\\x07" }, output.All);
        Assert.All(output.All, line => Assert.All(line, c => Assert.InRange(c, ' ', '~')));
    }

    [Fact]
    public void Boot_lines_say_where_the_settings_came_from_and_list_the_warnings()
    {
        var storage = new MemoryConfigStorage();
        var store = new ConfigStore(storage);
        var output = new Lines();

        BootLog.ConfigLoaded(store.Load(new PhoneConfig()), "I:\\nanophone.cfg", output);
        Assert.Equal("config: no I:\\nanophone.cfg, defaults in use: set net.wifi.ssid, sip.server and sip.user, then save and reboot",
            Assert.Single(output.All));

        storage.WriteAll(ConfigStore.DefaultFileName, Ascii.Utf8Bytes("sip.user=alice\nno.such.key=1\n"));
        output.All.Clear();
        BootLog.ConfigLoaded(store.Load(new PhoneConfig()), "I:\\nanophone.cfg", output);
        Assert.Equal("config: 1 settings from I:\\nanophone.cfg", output.All[0]);
        Assert.True(output.All.Count >= 2 && output.All.Skip(1).All(l => l.StartsWith("config: warning: ")), string.Join("\n", output.All));

        output.All.Clear();
        BootLog.Banner("esp32-devkitc", output);
        BootLog.Problem(null, output);
        BootLog.Problem("Wi-Fi: net.wifi.ssid is not set (set it, save, reboot)", output);
        Assert.Equal(new[] { "NanoPhone 0.1 on esp32-devkitc (type help)", "Wi-Fi: net.wifi.ssid is not set (set it, save, reboot)" }, output.All);
    }

    [Fact]
    public void Phone_events_go_to_the_console_as_they_are()
    {
        var output = new Lines();
        new ConsoleEventSink(output).PhoneEvent("RINGING 1 sip:bob@example.com");
        Assert.Equal(new[] { "RINGING 1 sip:bob@example.com" }, output.All);
    }

    [Fact]
    public void A_console_that_cannot_be_opened_is_one_line_on_the_debug_output_and_the_phone_goes_on()
    {
        var debug = new Lines();
        var fallback = new RecordingPort(debug);
        ConsolePins pins = ConsolePins.For(BoardCatalog.ById(Esp32DevKitC.Id));

        IConsolePort port = ConsoleStart.Open(new FailingOpener(new System.InvalidOperationException("UART2 is in use")), pins, fallback);

        Assert.Same(fallback, port);
        Assert.Equal(new[] { "console: COM2 (RX GPIO16, TX GPIO17) could not be opened: UART2 is in use; "
            + "the phone goes on without a console, its lines go to the debug output" }, debug.All);

        // The rest of Program's start, on the fallback: boot lines, the phone app, the console, its reading.
        var clock = new NanoPhone.Sip.Timing.ManualClock(1000);
        var config = new PhoneConfig();
        Assert.True(config.TryAssign("sip.server=192.0.2.10", out _));
        Assert.True(config.TryAssign("sip.user=alice", out _));
        var network = new RecordingNetwork();
        var transport = new SipLogTransport(network, network, port) { Enabled = true };
        BootLog.Banner(Esp32DevKitC.Id, port);
        var app = new PhoneApp(config, NoHardware.Create(new HalClock(clock)), clock, transport, new Endpoint("192.0.2.20", 5060), 7)
        {
            Events = new ConsoleEventSink(port),
        };
        var console = new SerialConsole(config, null, port);
        app.AttachTo(console);
        var loop = new PhoneLoop(app.Agent, transport, clock);
        Assert.True(ConsoleStart.StartReading(port, console, loop));
        app.Start();
        loop.RunOnce();

        Assert.True(network.Sent >= 1, "the phone registers without its console");
        Assert.Contains(debug.All, l => l.StartsWith("SIP > 192.0.2.10:5060 "));
        Assert.Contains(debug.All, l => l == "REGISTRATION registering");
    }

    [Fact]
    public void An_opener_that_gives_no_port_or_an_exception_without_a_message_still_says_why()
    {
        var debug = new Lines();
        var fallback = new RecordingPort(debug);
        ConsolePins pins = ConsolePins.For(BoardCatalog.ById(Esp32S3DevKitC1.Id));

        Assert.Same(fallback, ConsoleStart.Open(new FailingOpener(null), pins, fallback));
        Assert.Same(fallback, ConsoleStart.Open(new FailingOpener(new System.IO.IOException("")), pins, fallback));

        Assert.StartsWith("console: COM2 (RX GPIO1, TX GPIO2) could not be opened: no port; ", debug.All[0]);
        Assert.StartsWith("console: COM2 (RX GPIO1, TX GPIO2) could not be opened: System.IO.IOException; ", debug.All[1]);
    }

    [Fact]
    public void An_opened_console_is_used_and_a_reader_that_fails_to_start_is_one_line()
    {
        var lines = new Lines();
        var opened = new RecordingPort(lines) { FailReading = true };
        IConsolePort port = ConsoleStart.Open(new FailingOpener(null, opened), ConsolePins.For(null), new RecordingPort(new Lines()));
        Assert.Same(opened, port);

        Assert.False(ConsoleStart.StartReading(port, new SerialConsole(new PhoneConfig(), null, port), null));
        Assert.Equal(new[] { "console: cannot read typed lines: no thread; the phone goes on without console input" }, lines.All);
    }

    [Fact]
    public void The_debug_console_takes_lines_and_no_input()
    {
        var port = new DebugConsolePort();
        port.WriteLine("NanoPhone 0.1 on esp32-devkitc (type help)");
        port.StartReading(new SerialConsole(new PhoneConfig(), null, port), null);
    }

    /// <summary>An opener that throws <c>error</c>, or (without one) hands out <c>port</c>, which may be null.</summary>
    private sealed class FailingOpener : IConsolePortOpener
    {
        private readonly System.Exception _error;
        private readonly IConsolePort _port;

        public FailingOpener(System.Exception error, IConsolePort port = null)
        {
            _error = error;
            _port = port;
        }

        public IConsolePort Open(ConsolePins pins)
        {
            if (_error != null) throw _error;
            return _port;
        }
    }

    private sealed class RecordingPort : IConsolePort
    {
        private readonly Lines _lines;

        public RecordingPort(Lines lines) { _lines = lines; }

        public bool FailReading;

        public void WriteLine(string line) => _lines.WriteLine(line);

        public void StartReading(SerialConsole console, PhoneLoop loop)
        {
            if (FailReading) throw new System.InvalidOperationException("no thread");
        }
    }

    [Fact]
    public void The_tick_clock_never_goes_back()
    {
        IClock clock = new TickClock();
        long previous = clock.NowMs;
        for (int i = 0; i < 1000; i++)
        {
            long now = clock.NowMs;
            Assert.True(now >= previous);
            previous = now;
        }
    }

    private sealed class Lines : IConsoleOutput
    {
        public List<string> All { get; } = new();

        public void WriteLine(string line) => All.Add(line);
    }

    /// <summary>Counts sends; a poll hands over <see cref="Incoming"/> once, from 192.0.2.10:5060.</summary>
    private sealed class RecordingNetwork : IDatagramSender, IDatagramPoller
    {
        public int Sent;
        public byte[] Incoming;

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            Sent++;
            return true;
        }

        public bool Poll(int timeoutMs, IDatagramReceiver receiver)
        {
            if (Incoming == null) return false;
            byte[] d = Incoming;
            Incoming = null;
            receiver.OnDatagram(d, 0, d.Length, new Endpoint("192.0.2.10", 5060));
            return true;
        }
    }

    private sealed class Received : IDatagramReceiver
    {
        public string Text;
        public string From;

        public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
        {
            Text = Ascii.ToString(buf, off, len);
            From = source.ToString();
        }
    }
}
