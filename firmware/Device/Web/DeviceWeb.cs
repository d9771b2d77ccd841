using System.Net;
using System.Net.Sockets;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.App.Web;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Device.Web;

/// <summary>
/// The web page on the ESP32: the portable WebApp behind <see cref="WebServer"/> with
/// <see cref="Connections"/> connection threads, on web.port (80, or 443 with web.cert, when unset),
/// HTTPS when web.cert names a PEM file on I:\. A change of web.port or web.cert takes effect at the
/// next start (reboot).
/// </summary>
public static class DeviceWeb
{
    /// <summary>Connection threads, each with a request buffer and an answer buffer.</summary>
    public const int Connections = 2;

    /// <summary>Starts the page; the line to print (where it listens, or why it does not).</summary>
    public static string Start(PhoneConfig config, ConfigStore store, PhoneApp app, PhoneLoop loop, IClock clock, string root, string firmware,
        out WebApp web)
    {
        web = new WebApp(config, store, clock, new DeviceSecretRandom());
        web.Status = app;
        web.Calls = app.CallLog;
        web.Actions = app;
        web.WallClock = app.WallClock;
        web.Firmware = firmware;
        IWebSecurity security = new PlainWeb();
        string cert = config.Get(ConfigKeys.WebCert);
        if (cert != null)
        {
            string error;
            DeviceTls tls = DeviceTls.Load(root, cert, out error);
            if (tls == null) return error + "; no web page";
            security = tls;
        }
        int port = config.GetInt(ConfigKeys.WebPort, security.Encrypted ? 443 : 80);
        WebServer server = new WebServer(loop, web, clock, security, Connections);
        try
        {
            server.Start(IPAddress.Any, port);
        }
        catch (SocketException e)
        {
            return "web: cannot listen on port " + port.ToString() + " (" + e.ErrorCode.ToString() + ")";
        }
        string address = IPAddress.GetDefaultLocalAddress().ToString();
        web.Network = address;
        return "WEB " + (security.Encrypted ? "https://" : "http://") + address + ":" + server.Port.ToString() + "/"
            + (config.Get(ConfigKeys.WebPassword) == null ? " (off until web.password is set)" : "");
    }
}
