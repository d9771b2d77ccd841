using System;
using System.Net;
using System.Net.Sockets;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.App.Web;
using NanoPhone.Device.Web;
using NanoPhone.Host.Simulator;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Host.Web;

/// <summary>
/// The simulator's web page: the device's <see cref="WebServer"/> over the portable <see cref="WebApp"/>,
/// listening on <c>web.port</c> (off when unset; 0 = any free port) on the address the SIP socket
/// uses, HTTPS when <c>web.cert</c> names a PEM file. Prints <c>WEB http://ADDRESS:PORT/</c> (or
/// https) when it listens, and follows changes of web.port and web.cert.
/// </summary>
public sealed class SimulatorWeb : IConfigListener
{
    /// <summary>Connection threads in the simulator (the ESP32 has 2).</summary>
    public const int Connections = 4;

    private readonly PhoneConfig _config;
    private readonly PhoneLoop _loop;
    private readonly IClock _clock;
    private readonly IPAddress _address;
    private readonly NanoPhone.App.Console.IConsoleOutput _output;
    private WebServer? _server;

    public SimulatorWeb(PhoneConfig config, ConfigStore? store, PhoneApp app, PhoneLoop loop, IClock clock, IPAddress address, NanoPhone.App.Console.IConsoleOutput output)
    {
        _config = config;
        _loop = loop;
        _clock = clock;
        _address = address;
        _output = output;
        App = new WebApp(config, store, clock, new DesktopSecretRandom())
        {
            Status = app,
            Calls = app.CallLog,
            Actions = app,
            WallClock = app.WallClock,
            Firmware = "NanoPhone 0.1 (desktop simulator)",
        };
        config.AddListener(this);
    }

    public WebApp App { get; }

    /// <summary>The URL listened on, or null.</summary>
    public string? Url { get; private set; }

    public void Start()
    {
        string? port = _config.Get(ConfigKeys.WebPort);
        if (port == null) return;
        IWebSecurity security = new PlainWeb();
        string? cert = _config.Get(ConfigKeys.WebCert);
        if (cert != null)
        {
            DesktopTls? tls = DesktopTls.Load(cert, out string? error);
            if (tls == null)
            {
                _output.WriteLine("WARNING " + error + "; no web page");
                return;
            }
            security = tls;
        }
        var server = new WebServer(_loop, App, _clock, security, Connections);
        try
        {
            server.Start(_address, _config.GetInt(ConfigKeys.WebPort));
        }
        catch (SocketException e)
        {
            _output.WriteLine("WARNING cannot listen for the web page on " + _address + ":" + port + ": " + e.Message);
            return;
        }
        _server = server;
        Url = (security.Encrypted ? "https://" : "http://") + new IPEndPoint(_address, server.Port) + "/";
        _output.WriteLine("WEB " + Url + (_config.Get(ConfigKeys.WebPassword) == null ? " (off until web.password is set)" : ""));
    }

    public void Stop()
    {
        _server?.Stop();
        _server = null;
        Url = null;
    }

    /// <summary>Loop thread: a new port or certificate restarts the server.</summary>
    public void ConfigChanged(string key)
    {
        if (key != ConfigKeys.WebPort && key != ConfigKeys.WebCert) return;
        Stop();
        Start();
        if (_server == null && _config.Get(ConfigKeys.WebPort) == null) _output.WriteLine("WEB off");
    }

    /// <summary>Stops listening and following the settings (the session ends).</summary>
    public void Close()
    {
        _config.RemoveListener(this);
        _config.RemoveListener(App);
        Stop();
    }
}
