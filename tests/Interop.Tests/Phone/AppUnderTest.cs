using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;
using NanoPhone.Hal;
using NanoPhone.Host;
using NanoPhone.Host.Simulator;
using NanoPhone.Net;
using NanoPhone.Sip.Agent;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Interop.Tests.Phone;

/// <summary>One event line the app printed ("DOOR opened", "MWI 2 new 8 old"...), stamped with the phone's clock.</summary>
public sealed record PhoneLine(long AtMs, string Text)
{
    public override string ToString() => $"{AtMs,8} ms {Text}";
}

/// <summary>
/// The whole phone application (PhoneApp: settings, call handling, message lamp, door opener)
/// as the firmware runs it, on the desktop: a real UDP socket through <see cref="PhoneNetwork"/>
/// (every datagram logged), the PhoneLoop, the real monotonic clock, and the HAL's own logic
/// (PhoneHardware) over recording outputs: the lamps, the ringer's tone and the door relay's coil.
/// The loop thread does what the device's does: PhoneLoop.RunOnce, then PhoneApp.Poll. The test
/// thread reads the app's state through <see cref="OnLoop{T}"/> and waits (bounded) for event lines.
/// <see cref="WithAudio"/> gives it the simulator's RTP sockets (media.port.min to media.port.max):
/// the audio path, its 20 ms frame clock and what the far end sends on RTP (RFC 4733 keys).
/// Dispose un-registers (bounded), so a shared registrar keeps no stale binding of it.
/// </summary>
public sealed class AppUnderTest : IDisposable, IPhoneOnTheWire, IPhoneEventSink, IRelayOutput, ILampOutput, IToneOutput
{
    private static int _seedCounter;

    private readonly PhoneLoop _loop;
    private readonly RtpSockets? _rtp;
    private readonly Thread _thread;
    private readonly object _gate = new object();
    private readonly List<PhoneLine> _lines = new List<PhoneLine>();
    private readonly List<(long AtMs, bool Energised)> _relay = new List<(long, bool)>();
    private readonly List<(long AtMs, Indicator Lamp, bool Lit)> _lamps = new List<(long, Indicator, bool)>();
    private volatile bool _stopping;
    private Exception? _fault;
    private bool _disposed;

    /// <param name="registrarPort">Kamailio's port on 127.0.0.1 (sip.server).</param>
    /// <param name="settings">key=value settings on top of linda's account, applied before the app exists.</param>
    public AppUnderTest(int registrarPort, params string[] settings)
        : this(registrarPort, false, settings)
    {
    }

    /// <summary>The app with an audio path: each call's RTP and RTCP on loopback sockets from media.port.min.</summary>
    public static AppUnderTest WithAudio(int registrarPort, params string[] settings) => new AppUnderTest(registrarPort, true, settings);

    private AppUnderTest(int registrarPort, bool audio, params string[] settings)
    {
        Config = new PhoneConfig();
        Set(ConfigKeys.SipServer, "127.0.0.1");
        Set(ConfigKeys.SipPort, registrarPort.ToString());
        Set(ConfigKeys.SipUser, TestUsers.Linda);
        Set(ConfigKeys.SipPassword, TestUsers.LindaPassword);
        Set(ConfigKeys.SipDomain, TestUsers.Domain);
        foreach (string s in settings)
        {
            int eq = s.IndexOf('=');
            Set(s.Substring(0, eq), s.Substring(eq + 1));
        }

        Clock = new SystemClock();
        var socket = new UdpTransport("127.0.0.1", 0);
        Network = new PhoneNetwork(socket, Clock);
        Hardware = new PhoneHardware(new HalClock(Clock), new HalSettings(), this, this, this);
        uint seed = (uint)Environment.TickCount ^ (uint)Interlocked.Increment(ref _seedCounter) * 2654435761u;
        if (audio)
            _rtp = new RtpSockets(IPAddress.Loopback, Config.GetInt(ConfigKeys.MediaPortMin, 4000), Config.GetInt(ConfigKeys.MediaPortMax, 4099),
                new EventOutput(TextWriter.Null, null));
        App = new PhoneApp(Config, Hardware, Clock, Network, socket.LocalEndpoint, seed, AgentCapacity.Device(), _rtp) { Events = this };
        _loop = new PhoneLoop(App.Agent, Network, Clock);
        _rtp?.Start(Clock);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "app loop " + socket.LocalEndpoint };
        _thread.Start();
    }

    public PhoneConfig Config { get; }

    public SystemClock Clock { get; }

    public PhoneNetwork Network { get; }

    public PhoneHardware Hardware { get; }

    /// <summary>The app; its state belongs to the loop thread: read it through OnLoop.</summary>
    public PhoneApp App { get; }

    public int LocalPort => Network.Current.LocalEndpoint.Port;

    /// <summary>Every event line so far, oldest first.</summary>
    public IReadOnlyList<PhoneLine> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }

    /// <summary>Every change of the door relay's coil so far (phone clock, energised or not).</summary>
    public IReadOnlyList<(long AtMs, bool Energised)> RelayChanges
    {
        get { lock (_gate) return _relay.ToList(); }
    }

    /// <summary>Every time the HAL switched <paramref name="lamp"/> on or off (blinking included), phone clock.</summary>
    public IReadOnlyList<(long AtMs, bool Lit)> LampChanges(Indicator lamp)
    {
        lock (_gate) return _lamps.Where(l => l.Lamp == lamp).Select(l => (l.AtMs, l.Lit)).ToList();
    }

    /// <summary>How the message-waiting lamp is driven now (off, on, blinking).</summary>
    public LampMode MessageLamp => OnLoop(() => Hardware.Indicators.Get(Indicator.MessageWaiting));

    private void Set(string key, string value)
    {
        if (!Config.TrySet(key, value, out string? error)) throw new ArgumentException(key + "=" + value + ": " + error);
    }

    /// <summary>Waits (bounded) for the first line at index &gt;= <paramref name="after"/> that <paramref name="match"/> accepts.</summary>
    public PhoneLine WaitForLine(Func<string, bool> match, TimeSpan timeout, int after = 0, string what = "line")
    {
        var sw = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                for (int i = after; i < _lines.Count; i++) if (match(_lines[i].Text)) return _lines[i];
                if (_fault != null) throw new InvalidOperationException("the phone's loop thread failed", _fault);
                TimeSpan left = timeout - sw.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; lines:\n{string.Join("\n", _lines)}\n-- datagrams\n{Network.Describe()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    public PhoneLine WaitForLine(string exact, TimeSpan timeout, int after = 0) =>
        WaitForLine(l => l == exact, timeout, after, "'" + exact + "'");

    /// <summary>How many lines so far: pass it as "after" to wait only for newer ones.</summary>
    public int Mark
    {
        get { lock (_gate) return _lines.Count; }
    }

    /// <summary>Runs f on the loop thread and returns its result; bounded by PhoneUnderTest.LoopTimeout.</summary>
    public T OnLoop<T>(Func<T> f)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(AppUnderTest));
        T result = default!;
        Exception? error = null;
        var done = new ManualResetEventSlim();
        if (!_loop.Post(new Work(() => { try { result = f(); } catch (Exception e) { error = e; } finally { done.Set(); } })))
            throw new InvalidOperationException("the phone loop's inbox is full");
        if (!done.Wait(PhoneUnderTest.LoopTimeout)) throw new TimeoutException("the phone loop did not run posted work in time", _fault);
        if (error != null) throw new InvalidOperationException("posted work failed on the loop thread", error);
        return result;
    }

    /// <summary>Lines, relay and datagrams, for the test output.</summary>
    public string Describe()
    {
        lock (_gate)
            return $"app {Network.Current.LocalEndpoint}\n-- lines\n{string.Join("\n", _lines)}\n-- relay\n"
                + string.Join("\n", _relay.Select(r => $"{r.AtMs,8} ms {(r.Energised ? "energised" : "released")}"))
                + $"\n-- datagrams\n{Network.Describe()}";
    }

    // ---- the app's outputs (loop thread) ---------------------------------------------------------

    public void PhoneEvent(string line)
    {
        lock (_gate)
        {
            _lines.Add(new PhoneLine(Clock.NowMs, line));
            Monitor.PulseAll(_gate);
        }
    }

    public void SetRelay(bool energised)
    {
        lock (_gate) _relay.Add((Clock.NowMs, energised));
    }

    public void SetLamp(Indicator which, bool lit)
    {
        lock (_gate) _lamps.Add((Clock.NowMs, which, lit));
    }

    public void ToneOn(int frequencyHz) { }

    public void ToneOff() { }

    // ---- loop ------------------------------------------------------------------------------------

    private void RunLoop()
    {
        try
        {
            App.Start();
            while (!_stopping)
            {
                _loop.RunOnce();
                _rtp?.Drain(App);
                App.Poll();
                if (_rtp != null)
                {
                    // As the simulator: the next turn ends by the next 20 ms audio frame.
                    long frameIn = App.NextAudioFrameMs - Clock.NowMs;
                    _loop.WaitLimitMs = App.NextAudioFrameMs < 0 ? PhoneLoop.MaxWaitMs : frameIn < 0 ? 0 : frameIn > PhoneLoop.MaxWaitMs ? PhoneLoop.MaxWaitMs : (int)frameIn;
                }
            }
            // Un-REGISTER (and end the subscription) before the socket closes, bounded.
            long giveUpAt = Clock.NowMs + 2000;
            if (App.Shutdown())
            {
                while (App.IsUnregistering && Clock.NowMs < giveUpAt) _loop.RunOnce();
                if (App.IsUnregistering) App.GiveUpUnregistering();
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _fault = e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        Network.Dispose();
        _rtp?.Dispose();
    }

    private sealed class Work : ILoopWork
    {
        private readonly Action _action;
        public Work(Action action) { _action = action; }
        public void Run() => _action();
    }
}
