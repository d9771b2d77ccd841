using System.Threading;
using nanoFramework.Networking;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.App.Time;

namespace NanoPhone.Device.Time;

/// <summary>
/// The date and time on the ESP32: nanoFramework's Sntp (the network stack's SNTP client) asks
/// net.ntp.server (pool.ntp.org if unset; its port must be 123, the client's only one) and sets the
/// system clock; a thread reads DateTime.UtcNow every <see cref="CheckMs"/> and posts it to the loop,
/// where the app's WallClock takes it (it ignores a clock that was never set: before 2024). This is
/// the only file that reads the wall clock; everything else runs on the loop's TickClock.
/// </summary>
public sealed class SntpTime : ILoopWork
{
    public const int CheckMs = 10000;
    public const string DefaultServer = "pool.ntp.org";
    private const long UnixEpochTicks = 621355968000000000L;

    private readonly PhoneApp _app;
    private readonly PhoneLoop _loop;
    private readonly AutoResetEvent _never = new AutoResetEvent(false);
    private long _unixMs;
    private bool _announced;

    private SntpTime(PhoneApp app, PhoneLoop loop)
    {
        _app = app;
        _loop = loop;
    }

    /// <summary>Starts SNTP with the configured server and the thread that hands its time to the loop; null, or why the server cannot be used.</summary>
    public static string Start(PhoneConfig config, PhoneApp app, PhoneLoop loop)
    {
        string server = config.Get(ConfigKeys.NtpServer);
        string problem = null;
        if (server == null) server = DefaultServer;
        NanoPhone.Sip.Transport.Endpoint e = new NanoPhone.Sip.Transport.Endpoint();
        if (e.TryParse(server, 123) && e.Port != 123) problem = "net.ntp.server: the device's SNTP client uses port 123 only";
        int colon = server.LastIndexOf(':');
        if (server[0] != '[' && colon > 0 && server.IndexOf(':') == colon) server = server.Substring(0, colon);
        Sntp.Server1 = server;
        Sntp.Start();
        SntpTime time = new SntpTime(app, loop);
        Thread t = new Thread(time.Watch);
        t.Start();
        return problem;
    }

    private void Watch()
    {
        while (true)
        {
            _unixMs = (System.DateTime.UtcNow.Ticks - UnixEpochTicks) / 10000;
            if (_unixMs >= WallClock.EarliestUnixMs) _loop.Post(this);
            _never.WaitOne(CheckMs, false);
        }
    }

    /// <summary>On the loop: the time SNTP set.</summary>
    public void Run()
    {
        WallClock clock = _app.WallClock;
        if (!clock.Sync(_unixMs) || _announced) return;
        _announced = true;
        if (_app.Events != null) _app.Events.PhoneEvent("TIME " + clock.Text(clock.SyncedAtMs) + " from SNTP");
    }
}
