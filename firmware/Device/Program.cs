using NanoPhone.App.Config;
using NanoPhone.App.Logging;
using NanoPhone.App.Web;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.Boards;
using NanoPhone.Device.Audio;
using NanoPhone.Device.Boot;
using NanoPhone.Device.Hardware;
using NanoPhone.Device.Net;
using NanoPhone.Device.Platform;
using NanoPhone.Device.Provisioning;
using NanoPhone.Device.Web;
using NanoPhone.Device.Serial;
using NanoPhone.Device.Storage;
using NanoPhone.Device.Time;
using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Transport;
using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;

namespace NanoPhone.Device;

/// <summary>
/// The device's entry point: puts the phone together from this folder's nanoFramework pieces and the
/// portable app, then runs the loop on this thread for ever. In order: the settings from I:\, the
/// console on COM2 (so every later problem shows there; if COM2 cannot be opened, one line says so on
/// the debug output, which then takes the console's lines), Wi-Fi, the UDP port, the board's hardware
/// (none when the board is unknown), the RTP sockets, the phone app, the I2S audio (none when the board
/// has no I2S pins), the loop, then SNTP, the web page and provisioning
/// (each on its own thread, posting to the loop). A step that fails prints one line and
/// the phone goes on, so the console can always put the configuration right.
/// </summary>
public static class Program
{
    public static void Main()
    {
        TickClock clock = new TickClock();
        PhoneConfig config = new PhoneConfig();
        ConfigStore store = new ConfigStore(new InternalStorage(InternalStorage.Drive));
        ConfigLoadReport loaded = store.Load(config);

        string boardId = BoardChoice.IdFrom(config);
        string boardError;
        BoardPins board = BoardChoice.Find(boardId, out boardError);

        IConsolePort port = ConsoleStart.Open(new SerialConsolePort.Opener(), ConsolePins.For(board), new DebugConsolePort());
        BootLog.Banner(boardId, port);
        BootLog.ConfigLoaded(loaded, InternalStorage.Drive + store.FileName, port);
        BootLog.Problem(boardError, port);
        BootLog.Problem(WifiLink.Connect(config), port);

        UdpSocketTransport udp = new UdpSocketTransport(config.GetInt(ConfigKeys.SipLocalPort, Endpoint.DefaultSipPort));
        SipLogTransport transport = new SipLogTransport(udp, udp, port);

        HalClock halClock = new HalClock(clock);
        string hardwareError = null;
        IPhoneHardware hardware = null;
        if (board != null) hardware = BoardHardware.Open(board, halClock, out hardwareError);
        BootLog.Problem(hardwareError, port);
        if (hardware == null) hardware = NoHardware.Create(halClock);

        // The phone: the user agent on the transport (Via and Contact from the interface's address),
        // the hardware's keys, hook and lamps, event lines and platform calls to the console's side.
        // SIP over TCP and TLS: tls.ca and tls.cert from I:\ as they are at boot.
        string tlsError;
        X509Certificate ca = DeviceStreamSockets.ReadCa(InternalStorage.Drive, config.Get(ConfigKeys.TlsCa), out tlsError);
        if (config.Get(ConfigKeys.SipTransport) == "tls") BootLog.Problem(tlsError, port);
        DeviceTls client = null;
        string certFile = config.Get(ConfigKeys.TlsCert);
        if (certFile != null && certFile.Length > 0)
        {
            client = DeviceTls.Load(InternalStorage.Drive, certFile, out tlsError);
            BootLog.Problem(tlsError, port);
        }
        DeviceStreamSockets streams = new DeviceStreamSockets(transport, ca, client != null ? client.Certificate : null);
        // Each call's RTP and RTCP on a socket pair bound from media.port.min/max (the SDP names only
        // ports that listen); the loop drains them each turn.
        DeviceMediaSockets media = new DeviceMediaSockets(config.GetInt(ConfigKeys.MediaPortMin, 4000),
            config.GetInt(ConfigKeys.MediaPortMax, 4099), clock);
        BootLog.Problem(media.RangeProblem, port);
        PhoneApp app = new PhoneApp(config, hardware, clock, transport, udp.LocalEndpoint(), DeviceSeed.Take(),
            AgentCapacity.Device(), media, streams);
        streams.Events = app.Agent.Flows;
        DeviceStreamSockets.DhcpDns(app.PlatformDns);
        // Event lines to the console and, while log.syslog is set, as syslog messages from the SIP socket.
        SyslogSink syslog = new SyslogSink(new ConsoleEventSink(port), config, udp, clock);
        syslog.WallClock = app.WallClock;
        syslog.HostName = udp.LocalEndpoint().ToString();
        app.Events = syslog;
        media.Events = syslog;
        // The handset's audio on the board's I2S bus; its read paces the 20 ms frames (the
        // microphone's clock is the media clock). Without it calls still connect, send silence and
        // carry DTMF.
        string audioError = null;
        I2sAudioFrames audio = board != null ? I2sAudioFrames.Open(board, new GpioController(), out audioError) : null;
        if (audio != null)
        {
            audio.Events = syslog;
            app.AudioFrames = audio;
            app.AudioPacedByMicrophone = true;
        }
        else
        {
            BootLog.Problem(audioError != null ? audioError + "; calls carry no sound"
                : "audio: board " + boardId + " has no I2S pins (BCLK, WS, data out, data in): calls connect and carry DTMF, without sound", port);
        }
        app.Platform = new DevicePlatform(transport);
        SerialConsole console = new SerialConsole(config, store, port);
        app.AttachTo(console);

        // The loop thread is this one: it owns the agent, the app and the console from here on;
        // the serial reader and the network watch only post to it.
        PhoneLoop loop = new PhoneLoop(app.Agent, streams, clock);
        AddressWatch.Start(app, udp, loop);
        ConsoleStart.StartReading(port, console, loop);
        // Managing the phone without a cable: the date (SNTP), the web page, provisioning. Their
        // threads do the network work and post to the loop.
        BootLog.Problem(SntpTime.Start(config, app, loop), port);
        WebApp web;
        BootLog.Problem(DeviceWeb.Start(config, store, app, loop, clock, InternalStorage.Drive, BootLog.Product, out web), port);
        DeviceProvisioning.Start(config, store, app, loop, clock, web);
        app.Start();
        while (true)
        {
            loop.RunOnce();
            media.Drain(app);
            app.Poll();
            loop.WaitLimitMs = app.LoopWaitLimitMs;
        }
    }
}
