using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's date and time. Without <c>net.ntp.server</c> it is the PC's clock, set once at
/// start. With it, an SNTP client (<see cref="SntpPacket"/>) on its own thread asks that server every
/// <see cref="RetryMs"/> until it answers, then every <see cref="RefreshMs"/>; each answer is posted to
/// the loop, which syncs the app's WallClock. Until the first answer the phone shows "time not set".
/// Event lines: <c>TIME 2026-12-06 14:41:05 UTC from SOURCE</c>, <c>TIME not set: WHY</c> (once per
/// failure streak).
/// </summary>
public sealed class SimulatorTime
{
    public const int RetryMs = 10_000;
    public const int RefreshMs = 3_600_000;
    public const int AnswerWaitMs = 2_000;

    private readonly PhoneConfig _config;
    private readonly PhoneApp _app;
    private readonly Func<NanoPhone.App.Runtime.ILoopWork, bool> _post;
    private readonly NanoPhone.App.Console.IConsoleOutput _output;
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;

    public SimulatorTime(PhoneConfig config, PhoneApp app, Func<NanoPhone.App.Runtime.ILoopWork, bool> post, NanoPhone.App.Console.IConsoleOutput output)
    {
        _config = config;
        _app = app;
        _post = post;
        _output = output;
    }

    /// <summary>Before the loop thread starts: the PC's clock is taken at once (its TIME line comes before registering), or the SNTP thread starts.</summary>
    public void Start()
    {
        string? server = _config.Get(ConfigKeys.NtpServer);
        if (server == null)
        {
            new SyncWork(this, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "the PC's clock").Run();
            return;
        }
        _thread = new Thread(() => Run(server)) { IsBackground = true, Name = "sntp" };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
        _thread = null;
    }

    private void Run(string server)
    {
        bool failing = false;
        do
        {
            string? error = Ask(server, out long unixMs);
            if (error == null)
            {
                failing = false;
                _post(new SyncWork(this, unixMs, server + " (SNTP)"));
            }
            else if (!failing)
            {
                failing = true;
                _output.WriteLine("TIME " + (_app.WallClock.IsSet ? "sync failed" : "not set") + ": " + error + " (retrying every " + RetryMs / 1000 + " s)");
            }
        }
        while (!_stop.Wait(failing ? RetryMs : RefreshMs));
    }

    /// <summary>One SNTP exchange; null and the time, or why not.</summary>
    private static string? Ask(string server, out long unixMs)
    {
        unixMs = -1;
        var target = new Endpoint();
        if (!target.TryParse(server, SntpPacket.Port)) return "net.ntp.server is not host[:port]";
        try
        {
            string host = target.IsName ? target.HostName : target.ToString();
            IPAddress? address;
            if (target.IsName)
            {
                address = Array.Find(Dns.GetHostAddresses(target.HostName), a => a.AddressFamily == AddressFamily.InterNetwork);
                if (address == null) return "no IPv4 address for " + target.HostName;
            }
            else
            {
                var text = new byte[Endpoint.MaxAddressTextLength];
                int n = target.WriteHost(text, 0);
                address = IPAddress.Parse(System.Text.Encoding.ASCII.GetString(text, 0, n).Trim('[', ']'));
            }
            using var udp = new UdpClient(address.AddressFamily);
            udp.Client.ReceiveTimeout = AnswerWaitMs;
            var buf = new byte[SntpPacket.Length];
            ulong cookie = (ulong)Random.Shared.NextInt64();
            SntpPacket.WriteRequest(buf, cookie);
            var to = new IPEndPoint(address, target.Port);
            udp.Send(buf, buf.Length, to);
            IPEndPoint? from = null;
            byte[] reply = udp.Receive(ref from);
            unixMs = SntpPacket.ReadReply(reply, 0, reply.Length, cookie, out string? why);
            return unixMs < 0 ? why : null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.TimedOut ? "no answer from " + server : e.Message;
        }
    }

    private sealed class SyncWork : NanoPhone.App.Runtime.ILoopWork
    {
        private readonly SimulatorTime _owner;
        private readonly long _unixMs;
        private readonly string _source;

        public SyncWork(SimulatorTime owner, long unixMs, string source)
        {
            _owner = owner;
            _unixMs = unixMs;
            _source = source;
        }

        public void Run()
        {
            WallClock clock = _owner._app.WallClock;
            bool first = !clock.IsSet;
            if (!clock.Sync(_unixMs))
            {
                _owner._output.WriteLine("TIME not set: " + _source + " says a time before 2024");
                return;
            }
            if (first) _owner._output.WriteLine("TIME " + clock.Text(clock.SyncedAtMs) + " from " + _source);
        }
    }
}
