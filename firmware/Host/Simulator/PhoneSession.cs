using System;
using System.IO;
using System.Net;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Hal;
using NanoPhone.Host.Web;
using NanoPhone.App.Provisioning;
using NanoPhone.App.Logging;
using NanoPhone.Net;
using NanoPhone.Device.Provisioning;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// One boot of the simulated phone: the desktop-simulator board's HAL (PhoneHardware fed from the
/// terminal, buzzer and LEDs on the status line), a UDP socket, the PhoneApp and its loop thread,
/// and the serial console with the simulator's commands. <c>reboot</c> ends a session and the
/// host starts a new one.
/// </summary>
public sealed class PhoneSession : IPhonePlatform, IConfigListener, ISettingsInEffect
{
    private readonly PhoneConfig _config;
    private readonly EventOutput _output;
    private readonly TextWriter _errors;
    private readonly SystemClock _clock = new();
    private readonly PhoneHardware _hw;
    private readonly StatusPanel _panel;
    private readonly SimulatedInput _input;
    private readonly SipSocket _socket;
    private readonly PhoneLoop _loop;
    private readonly BoardPins _board;
    private readonly bool[] _boardKeys = new bool[PhoneKeys.Count];
    private readonly Action<StopReason> _stop;
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _shutdownDone;
    private volatile bool _inputIdle = true;
    private bool _shuttingDown;
    private long _giveUpAtMs;
    /// <summary>How much longer than the unregister wait Shutdown waits for the loop to end it.</summary>
    private const int GiveUpMarginMs = 1000;
    private int _localPort;
    private bool _rebindFailed;

    /// <param name="localPort">The UDP port to bind (0: any free port).</param>
    /// <param name="capacity">The agent's table sizes (the ESP32's, or a PC's for load tests).</param>
    /// <param name="stop">Called (on the loop thread) when the console asks to reboot or quit.</param>
    public PhoneSession(PhoneConfig config, ConfigStore? store, int localPort, AgentCapacity capacity, EventOutput output, TextWriter errors,
        Action<StopReason> stop)
    {
        _config = config;
        _output = output;
        _errors = errors;
        _stop = stop;
        _localPort = localPort;
        // Before the socket is bound: the first real call must not pay for the JIT.
        WarmUp.Run(config);
        _board = BoardCatalog.ById(DesktopSimulator.Id);
        foreach (string row in _board.KeyLayout) MarkKeys(row);
        MarkKeys(_board.DirectKeyLabels);

        // Listen on the address that routes to the first hop: the outbound proxy if set, else sip.server.
        var firstHop = new AgentSettings();
        PhoneSettings.ApplyAccount(config, firstHop);
        IPAddress address = firstHop.HasOutboundProxy
            ? LocalAddress.For(HostText(firstHop.OutboundProxy), firstHop.OutboundProxy.Port, out string? warning)
            : LocalAddress.For(config.Get(ConfigKeys.SipServer), config.GetInt(ConfigKeys.SipPort, 5060), out warning);
        if (warning != null) output.WriteLine("WARNING " + warning);
        _socket = new SipSocket(new IPEndPoint(address, localPort), output);

        _panel = new StatusPanel(output);
        _hw = new PhoneHardware(new HalClock(_clock), new HalSettings(), _panel, _panel, _panel);
        _panel.Hardware = _hw;
        _input = new SimulatedInput(_hw);

        uint seed = (uint)Environment.TickCount ^ (uint)Environment.ProcessId * 2654435761u ^ (uint)_socket.LocalIPEndPoint.Port;
        // SIP over TCP and TLS: tls.ca and tls.cert as they are at boot (a change applies at the next).
        TlsPolicy? tls = TlsPolicy.Load(config.Get(ConfigKeys.TlsCa), config.Get(ConfigKeys.TlsCert), out string? tlsError);
        if (tlsError != null) output.WriteLine("WARNING TLS: " + tlsError + "; TLS connections will be refused");
        _streams = new StreamSockets(tls ?? TlsPolicy.RefuseAll);
        // Each call's RTP and RTCP on sockets bound from media.port.min (the SDP names only ports that listen).
        MediaWarmUp.Run();
        _rtp = new RtpSockets(address, config.GetInt(ConfigKeys.MediaPortMin, 4000), config.GetInt(ConfigKeys.MediaPortMax, 4099), output);
        App = new PhoneApp(config, _hw, _clock, _socket, _socket.LocalEndpoint, seed, capacity, _rtp, _streams) { Platform = this };
        _audio = SimulatedAudio.Open(config.Get(ConfigKeys.AudioIn), config.Get(ConfigKeys.AudioOut), w => output.WriteLine("WARNING " + w));
        App.AudioFrames = _audio;
        ResolvConf.FirstServer(App.PlatformDns);
        _socket.Attach(_streams, App.Agent.Flows);
        // Event lines to stdout and, while log.syslog is set, to the syslog server.
        _syslogSocket = new UdpTransport(new IPEndPoint(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        Syslog = new SyslogSink(output, config, _syslogSocket, _clock) { WallClock = App.WallClock, HostName = _socket.LocalIPEndPoint.Address.ToString() };
        App.Events = Syslog;
        _loop = new PhoneLoop(App.Agent, _socket, _clock);
        config.AddListener(this);
        Web = new SimulatorWeb(config, store, App, _loop, _clock, _socket.LocalIPEndPoint.Address, Syslog);
        Web.App.Network = "SIP on UDP " + _socket.LocalEndpoint;
        _time = new SimulatorTime(config, App, _loop.Post, Syslog);
        Provisioning = new ProvisioningClient(config, store, _clock) { Mac = MacOf(address), WallClock = App.WallClock };
        _fetcher = new ProvisioningFetcher(Provisioning, _loop, Syslog, new DesktopTlsClient()) { Web = Web.App };
        config.AddListener(_fetcher);

        Console = new SerialConsole(config, store, output) { SettingsInEffect = this };
        App.AttachTo(Console);
        Console.Commands.Add("offhook", "offhook", "lift the handset (answers a ringing call)", new Command(args => Hook(args, true)));
        Console.Commands.Add("onhook", "onhook", "put the handset down (ends the call; a hands-free one too)", new Command(args => Hook(args, false)));
        Console.Commands.Add("key", "key K", "press a key: 0-9 * # answer hangup dnd forward redial speaker mute volup voldown", new Command(Key));
        Console.Commands.Add("quit", "quit", "unregister and exit (as end of input does)", new Command(Quit));
    }

    public PhoneApp App { get; }

    public SerialConsole Console { get; }

    /// <summary>The web page (listening while web.port is set).</summary>
    public SimulatorWeb Web { get; }

    private readonly RtpSockets _rtp;
    private readonly SimulatedAudio _audio;
    private readonly SimulatorTime _time;
    private readonly StreamSockets _streams;
    private readonly ProvisioningFetcher _fetcher;
    private readonly UdpTransport _syslogSocket;

    /// <summary>The event lines' way to stdout and to log.syslog.</summary>
    public SyslogSink Syslog { get; }

    /// <summary>provision.url's client (its outcome is on the status page).</summary>
    public ProvisioningClient Provisioning { get; }

    /// <summary>The address and port the phone listens on.</summary>
    public IPEndPoint Local => _socket.LocalIPEndPoint;

    /// <summary>True when the simulated hand has nothing left to do (read from any thread).</summary>
    public bool InputIdle => _inputIdle;

    /// <summary>Starts the loop thread; the phone starts registering on it.</summary>
    public void Start()
    {
        _output.WriteLine("LISTENING " + _socket.LocalEndpoint);
        Web.Start();
        _time.Start();
        _fetcher.Start();
        _rtp.Start(_clock);
        _thread = new Thread(Run) { IsBackground = true, Name = "phone loop" };
        _thread.Start();
    }

    /// <summary>Queues work for the loop thread; waits (a little) while the inbox is full. False once the loop is gone.</summary>
    public bool Post(ILoopWork work)
    {
        while (!_stopping)
        {
            if (_loop.Post(work)) return true;
            Thread.Sleep(5);
        }
        return false;
    }

    /// <summary>Runs a console line on the loop thread.</summary>
    public bool Execute(string line) => Post(new ConsoleLineWork(Console, line));

    /// <summary>
    /// Ends the call, unregisters (waiting for the registrar's answer at most <paramref name="timeoutMs"/>,
    /// then one REGISTRATION line says the phone quit without it), stops the loop and closes the socket.
    /// </summary>
    public void Shutdown(int timeoutMs)
    {
        Web.Close();
        _time.Stop();
        _config.RemoveListener(_fetcher);
        _fetcher.Stop();
        if (_thread == null) { _socket.Dispose(); _syslogSocket.Dispose(); _rtp.Dispose(); _audio.Dispose(); return; }
        // The loop gives up at timeoutMs and says so; this wait is only the bound should the loop hang.
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs + GiveUpMarginMs);
        if (Post(new Work(() => { App.Shutdown(); _giveUpAtMs = _clock.NowMs + timeoutMs; _shuttingDown = true; })))
        {
            while (!_shutdownDone && DateTime.UtcNow < deadline && _thread.IsAlive) Thread.Sleep(10);
        }
        _stopping = true;
        _thread.Join();
        _thread = null;
        _streams.Dispose();
        _config.RemoveListener(this);
        _config.RemoveListener(Syslog);
        _socket.Dispose();
        _syslogSocket.Dispose();
        _rtp.Dispose();
        _audio.Dispose();
        _output.ClearStatus();
    }

    private void Run()
    {
        App.Start();
        while (!_stopping)
        {
            try
            {
                _loop.RunOnce();
                _rtp.Drain(App);
                _input.Tick(_clock.NowMs);
                App.Poll();
                // The next turn ends by the next 20 ms audio frame: the frames go out on time.
                _loop.WaitLimitMs = App.LoopWaitLimitMs;
                _inputIdle = _input.IsIdle;
                _panel.Refresh();
                if (_shuttingDown)
                {
                    if (App.IsUnregistering && _clock.NowMs >= _giveUpAtMs) App.GiveUpUnregistering();
                    if (!App.IsUnregistering) _shutdownDone = true;
                }
            }
            catch (Exception e)
            {
                // A fault in one turn must not stop the phone: report it and go on.
                _errors.WriteLine("nanophone: internal error: " + e.GetType().Name + ": " + e.Message);
                _errors.Flush();
            }
        }
    }

    // ---- IPhonePlatform ------------------------------------------------------------------------

    public void Reboot() => _stop(StopReason.Reboot);

    public void SetSipLog(bool on) => _socket.Log = on;

    public long FreeMemoryBytes
    {
        get
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            long free = info.TotalAvailableMemoryBytes - GC.GetTotalMemory(false);
            return free < 0 ? -1 : free;
        }
    }

    // ---- sip.local.port: listen on the new port, move the registration there -------------------

    public void ConfigChanged(string key)
    {
        if (key != ConfigKeys.SipLocalPort) return;
        int port = _config.GetInt(ConfigKeys.SipLocalPort, 5060);
        if (port == _localPort) return;
        var local = new IPEndPoint(_socket.LocalIPEndPoint.Address, port);
        try
        {
            _socket.Rebind(local);
        }
        catch (Exception e)
        {
            Syslog.WriteLine("WARNING cannot listen on " + local + ": " + e.Message + "; still on " + _socket.LocalEndpoint);
            _rebindFailed = true;
            return;
        }
        _rebindFailed = false;
        _localPort = port;
        _output.WriteLine("LISTENING " + _socket.LocalEndpoint);
        App.SetLocalContact(_socket.LocalEndpoint);
        Web.App.Network = "SIP on UDP " + _socket.LocalEndpoint;
    }

    /// <summary>
    /// sip.local.port as bound: any free port (the session was started with --set sip.local.port=0),
    /// or the old port when a new one could not be bound. Loop thread (the console's show).
    /// </summary>
    public string? InEffect(string key)
    {
        if (key != ConfigKeys.SipLocalPort) return null;
        int bound = _socket.LocalIPEndPoint.Port;
        int configured = _config.GetInt(ConfigKeys.SipLocalPort, 5060);
        if (bound == configured) return null;
        return bound + (_rebindFailed ? " (" + configured + " could not be bound)" : " (any free port: --set sip.local.port=0)");
    }

    // ---- The simulator's console commands --------------------------------------------------------

    /// <summary>
    /// offhook, onhook. The handset already down, <c>onhook</c> ends a hands-free call (one placed
    /// with <c>call</c> or the redial key without lifting the handset), as the hang-up key would, in
    /// turn with the keys and hook changes typed before it; a call ringing here is left alone.
    /// </summary>
    private void Hook(string args, bool offHook)
    {
        if (args.Length > 0) { Error(offHook ? "usage: offhook" : "usage: onhook"); return; }
        if (!offHook && !_input.HandsetUp) _input.Then(() => App.HangUp());
        else _input.Hook(offHook);
        _inputIdle = false;
    }

    private void Key(string args)
    {
        PhoneKey key = PhoneEventLines.KeyByName(args);
        if (key == PhoneKey.None) { Error("usage: key K (K: 0-9 * # answer hangup dnd forward redial speaker mute volup voldown)"); return; }
        // The simulated handset has the audio keys whatever the board's keypad.
        bool audioKey = key == PhoneKey.Speaker || key == PhoneKey.Mute || key == PhoneKey.VolumeUp || key == PhoneKey.VolumeDown;
        if (!audioKey && !_boardKeys[(int)key]) { Error("the " + _board.Id + " board has no " + PhoneEventLines.KeyName(key) + " key"); return; }
        _input.Press(key);
        _inputIdle = false;
    }

    private void Quit(string args)
    {
        if (args.Length > 0) { Error("usage: quit"); return; }
        _stop(StopReason.Quit);
    }

    private void Error(string message) => _output.WriteLine("error: " + message);

    private void MarkKeys(string labels)
    {
        foreach (char c in labels)
        {
            PhoneKey k = PhoneKeys.FromDialChar(c);
            if (k == PhoneKey.None)
            {
                k = c switch
                {
                    KeyLabels.Answer => PhoneKey.Answer,
                    KeyLabels.HangUp => PhoneKey.HangUp,
                    KeyLabels.Dnd => PhoneKey.Dnd,
                    KeyLabels.Forward => PhoneKey.Forward,
                    KeyLabels.Redial => PhoneKey.Redial,
                    KeyLabels.Transfer => PhoneKey.Transfer,
                    _ => PhoneKey.None,
                };
            }
            if (k != PhoneKey.None) _boardKeys[(int)k] = true;
        }
    }

    private sealed class Command : IConsoleCommand
    {
        private readonly Action<string> _run;

        public Command(Action<string> run) { _run = run; }

        public void Run(string args, IConsoleOutput output) => _run(args);
    }

    /// <summary>The host of an endpoint as text: its name, or its address without IPv6 brackets.</summary>
    private static string HostText(Endpoint e)
    {
        if (e.IsName) return e.HostName;
        byte[] text = new byte[Endpoint.MaxAddressTextLength];
        int n = e.WriteHost(text, 0);
        return System.Text.Encoding.ASCII.GetString(text, 0, n).Trim('[', ']');
    }

    /// <summary>{mac} in provision.url: the MAC address of the interface that has the SIP address, 12 lower-case hex digits; zeros for loopback.</summary>
    private static string MacOf(IPAddress address)
    {
        try
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                {
                    if (!a.Address.Equals(address)) continue;
                    string mac = nic.GetPhysicalAddress().ToString().ToLowerInvariant();
                    return mac.Length == 12 ? mac : "000000000000";
                }
            }
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
        }
        return "000000000000";
    }

    private sealed class Work : ILoopWork
    {
        private readonly Action _run;

        public Work(Action run) { _run = run; }

        public void Run() => _run();
    }
}

/// <summary>Why a session ends.</summary>
public enum StopReason
{
    /// <summary>End of input (Ctrl-D, the end of a piped script).</summary>
    EndOfInput,
    /// <summary>Ctrl-C or SIGTERM.</summary>
    Interrupt,
    /// <summary>The console's <c>quit</c>.</summary>
    Quit,
    /// <summary>The console's <c>reboot</c>: a new session follows.</summary>
    Reboot,
}
