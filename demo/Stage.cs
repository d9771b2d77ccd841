using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NanoPhone.Demo.Actors;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo;

/// <summary>How the demo runs.</summary>
public sealed class DemoOptions
{
    /// <summary>The desktop host, nanophone.dll (run as <c>dotnet nanophone.dll run ...</c>).</summary>
    public string HostDll { get; set; } = "";

    /// <summary>Keep logs, SIPp traces and Kamailio's run dir under $TMPDIR/nanophone-peers/demo-*.</summary>
    public bool KeepFiles { get; set; }

    /// <summary>
    /// The bound of every wait for something that takes milliseconds on loopback (an answer, an
    /// event, a registration): generous, because the machine may have 2 busy cores.
    /// </summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The whole run; past it, the scene that is playing fails and the clean-up starts.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(170);
}

/// <summary>
/// Everything the demo runs, on 127.0.0.1 only: the ports (all picked free at the start), the
/// capture, Kamailio, the desk phone, the second device and the SIPp runs. Every process is recorded
/// by PID in <see cref="Ledger"/>; <see cref="Dispose"/> stops them all, each wait bounded.
/// </summary>
public sealed class Stage : IDisposable
{
    public const string Voicemail = "sip:voicemail@nanophone.test";
    public static readonly string Linda = $"sip:{TestUsers.Linda}@{TestUsers.Domain}";
    public static readonly string GrahamAor = $"sip:{TestUsers.Graham}@{TestUsers.Domain}";

    private readonly TextWriter _console;
    private readonly List<SippRun> _sippRuns = new();
    private readonly List<string> _cleanupProblems = new();

    public Stage(DemoOptions options, TextWriter console, CancellationToken cancel)
    {
        Options = options;
        _console = console;
        Cancel = cancel;
    }

    public DemoOptions Options { get; }
    public CancellationToken Cancel { get; }
    public TimeSpan Wait => Options.Wait;
    public ProcessLedger Ledger { get; } = new();
    public Cast Cast { get; } = new();
    public string WorkDir { get; private set; } = "";

    public int KamailioPort { get; private set; }
    public int PhonePort { get; private set; }
    public int SecondDevicePort { get; private set; }
    public int SecondDeviceCtrlPort { get; private set; }
    public int GrahamPort { get; private set; }
    public int VoicemailPort { get; private set; }
    /// <summary>Graham's softphone (baresip) for the voice scene; SIP + 1 is its TLS port.</summary>
    public int GrahamPhonePort { get; private set; }
    public int GrahamPhoneCtrlPort { get; private set; }
    /// <summary>The desk phone's RTP ports: media.port.min .. + 9.</summary>
    public int PhoneMediaPort { get; private set; }

    /// <summary>What the desk phone plays (its audio.out) and where Graham's softphone records what it hears.</summary>
    public string PhoneHeardPath => Path.Combine(WorkDir, "desk-phone-heard.wav");
    public string GrahamRecordDir => Path.Combine(WorkDir, "graham-heard");

    public LiveCapture? Capture { get; private set; }
    public Kamailio? Kamailio { get; private set; }
    public DeskPhone? Phone { get; private set; }
    public Baresip? SecondDevice { get; private set; }

    /// <summary>What went wrong while stopping things (empty when all went well).</summary>
    public IReadOnlyList<string> CleanupProblems => _cleanupProblems;

    public DeskPhone RequirePhone() => Phone ?? throw new InvalidOperationException("the desk phone is not running");
    public Kamailio RequireKamailio() => Kamailio ?? throw new InvalidOperationException("Kamailio is not running");
    public Baresip RequireSecondDevice() => SecondDevice ?? throw new InvalidOperationException("the second device is not running");

    /// <summary>A line for the audience.</summary>
    public void Say(string line)
    {
        _console.WriteLine(line);
        _console.Flush();
    }

    /// <summary>Checks the tools, picks the ports and starts the capture on lo.</summary>
    public void Open()
    {
        foreach (string tool in new[] { "kamailio", "kamcmd", "sipp", "baresip", "tshark" })
            PeerProcess.ResolveTool(tool); // throws: "'x' is not installed; run tests/peers/install.sh first ..."
        if (!File.Exists(Options.HostDll))
            throw new FileNotFoundException($"the desktop host {Options.HostDll} is not built (./nanophone demo builds it)");

        WorkDir = PeerPaths.NewScratchDir("demo");
        KamailioPort = PeerPorts.GetFree();
        PhonePort = PeerPorts.GetFree();
        SecondDevicePort = PeerPorts.GetFree(2); // baresip takes SIP+1 for TLS too
        SecondDeviceCtrlPort = PeerPorts.GetFree();
        GrahamPort = PeerPorts.GetFree();
        VoicemailPort = PeerPorts.GetFree();
        GrahamPhonePort = PeerPorts.GetFree(2);
        GrahamPhoneCtrlPort = PeerPorts.GetFree();
        PhoneMediaPort = PeerPorts.GetFree(12);
        PhoneMediaPort += PhoneMediaPort & 1;
        Cast.Add(Cast.Graham, GrahamPort);
        Cast.Add(Cast.Graham, GrahamPhonePort);
        Cast.Add(Cast.Kamailio, KamailioPort);
        Cast.Add(Cast.DeskPhone, PhonePort);
        Cast.Add(Cast.SecondDevice, SecondDevicePort);
        Cast.Add(Cast.Voicemail, VoicemailPort);

        Capture = LiveCapture.Start(Cast.Ports, WorkDir, Wait + Wait, Cancel);
        Ledger.AddWithChildren("tshark", Capture.Pid, Capture.Children());
    }

    /// <summary>"sip:127.0.0.1:PORT" of the voicemail SIPp.</summary>
    public string VoicemailHop => $"sip:127.0.0.1:{VoicemailPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>(Re)starts Kamailio on the demo's port: "parallel" or "serial" (fork by q).</summary>
    public Kamailio StartKamailio(string mode, KamailioOptions options)
    {
        StopKamailio();
        options.ReadyTimeout = Wait;
        options.KeepFiles = Options.KeepFiles;
        Kamailio = Kamailio.Start(KamailioPort, mode, options);
        Ledger.AddWithChildren("kamailio", Kamailio.Pid);
        return Kamailio;
    }

    public void StopKamailio()
    {
        if (Kamailio == null) return;
        var k = Kamailio;
        Kamailio = null;
        k.Dispose();
    }

    /// <summary>
    /// Restarts Kamailio (its location table is in memory, so it starts empty), makes the desk phone
    /// register again (console: register) and waits until its contact is in the table; then starts the
    /// second device again with <paramref name="secondDeviceQ"/>, unless that is null.
    /// </summary>
    public Kamailio RestartKamailio(string mode, KamailioOptions options, string why, double? secondDeviceQ)
    {
        StopSecondDevice(); // un-REGISTERs while the old Kamailio still answers
        var k = StartKamailio(mode, options);
        Say($"  Kamailio restarted (pid {k.Pid}): {why}");
        var phone = RequirePhone();
        int mark = phone.Mark;
        Say("  desk phone console> register");
        phone.Type("register");
        phone.WaitFor(mark, l => l.StartsWith("registering", StringComparison.Ordinal), Wait, "registering", Cancel);
        string mine = ":" + PhonePort.ToString(CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow + Wait;
        IReadOnlyList<string> contacts = k.Contacts(TestUsers.Linda);
        while (!contacts.Any(c => c.Contains(mine)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the desk phone did not register again within {Wait.TotalSeconds:0} s");
            Pause(100);
            Cancel.ThrowIfCancellationRequested();
            contacts = k.Contacts(TestUsers.Linda);
        }
        if (secondDeviceQ is double q)
        {
            StartSecondDevice(q);
            contacts = k.WaitForContacts(TestUsers.Linda, 2, Wait);
        }
        Say("  registered again: " + string.Join(", ", contacts));
        return k;
    }

    /// <summary>Starts Linda's desk phone: the simulator, registering as linda with q=1.0.</summary>
    public DeskPhone StartDeskPhone()
    {
        var settings = new[]
        {
            "sip.server=127.0.0.1",
            "sip.port=" + KamailioPort.ToString(CultureInfo.InvariantCulture),
            "sip.user=" + TestUsers.Linda,
            "sip.password=" + TestUsers.LindaPassword,
            "sip.domain=" + TestUsers.Domain,
            "sip.q=1.0",
            "sip.local.port=" + PhonePort.ToString(CultureInfo.InvariantCulture),
            // The voice scene: the microphone hears a 1000 Hz tone, what the phone plays goes to a file.
            "media.port.min=" + PhoneMediaPort.ToString(CultureInfo.InvariantCulture),
            "media.port.max=" + (PhoneMediaPort + 9).ToString(CultureInfo.InvariantCulture),
            "audio.in=tone:1000",
            "audio.out=" + PhoneHeardPath,
        };
        Phone = DeskPhone.Start(Options.HostDll, settings, Path.Combine(WorkDir, "desk-phone.log"));
        Ledger.Add("desk phone (simulator)", Phone.Pid);
        return Phone;
    }

    /// <summary>Starts Linda's second device (baresip, registering as linda with <paramref name="q"/>) and waits until it is registered.</summary>
    public Baresip StartSecondDevice(double q)
    {
        StopSecondDevice();
        SecondDevice = Baresip.Start(new BaresipOptions
        {
            User = TestUsers.Linda,
            SipPort = SecondDevicePort,
            CtrlPort = SecondDeviceCtrlPort,
            ProxyPort = KamailioPort,
            RegisterQ = q,
            ReadyTimeout = Wait,
            KeepFiles = Options.KeepFiles,
        });
        Ledger.Add("baresip (second device)", SecondDevice.Pid);
        return SecondDevice;
    }

    /// <summary>Graham's softphone (baresip, registering as graham): it sends a 700 Hz tone and records what it hears.</summary>
    public Baresip StartGrahamPhone()
    {
        StopGrahamPhone();
        Directory.CreateDirectory(GrahamRecordDir);
        GrahamPhone = Baresip.Start(new BaresipOptions
        {
            User = TestUsers.Graham,
            SipPort = GrahamPhonePort,
            CtrlPort = GrahamPhoneCtrlPort,
            ProxyPort = KamailioPort,
            AudioSource = "ausine,700",
            RecordDir = GrahamRecordDir,
            ReadyTimeout = Wait,
            KeepFiles = Options.KeepFiles,
        });
        Ledger.Add("baresip (Graham's softphone)", GrahamPhone.Pid);
        return GrahamPhone;
    }

    public Baresip? GrahamPhone { get; private set; }

    public void StopGrahamPhone()
    {
        if (GrahamPhone == null) return;
        var b = GrahamPhone;
        GrahamPhone = null;
        b.Dispose();
    }

    /// <summary>Captures the desk phone's RTP and RTCP ports (a second tshark, for the voice scene).</summary>
    public Tshark StartMediaCapture()
    {
        var t = Tshark.Start(Enumerable.Range(PhoneMediaPort, 10), Path.Combine(WorkDir, "media.pcap"), Wait, keepFiles: true);
        Ledger.Add("tshark (media)", t.Pid);
        return t;
    }

    public void StopSecondDevice()
    {
        if (SecondDevice == null) return;
        var b = SecondDevice;
        SecondDevice = null;
        b.Dispose();
    }

    /// <summary>Starts SIPp in the background; it is stopped at the latest when the stage closes.</summary>
    public SippRun StartSipp(string role, SippOptions options)
    {
        options.WorkDir = Path.Combine(WorkDir, "sipp");
        options.Timeout = Wait + Wait;
        var run = Sipp.Start(options);
        _sippRuns.Add(run);
        Ledger.Add("sipp (" + role + ")", run.Pid);
        return run;
    }

    /// <summary>Graham (SIPp) calls sip:linda@nanophone.test through Kamailio and hangs up <paramref name="talkMs"/> after the answer.</summary>
    public SippRun StartGrahamCall(int talkMs)
    {
        var o = new SippOptions
        {
            Scenario = "demo_graham_calls.xml",
            LocalPort = GrahamPort,
            Remote = RequireKamailio().HostPort,
            Service = TestUsers.Linda,
            PauseMs = talkMs,
        };
        o.Keys["domain"] = TestUsers.Domain;
        return StartSipp("Graham calls", o);
    }

    /// <summary>The voicemail (SIPp): answers one call and waits for the BYE.</summary>
    public SippRun StartVoicemail() =>
        StartSipp("voicemail", new SippOptions { Scenario = "uas_answer.xml", LocalPort = VoicemailPort, Service = "voicemail" });

    /// <summary>Stops the SIPp runs still going (between scenes).</summary>
    public void StopSipps()
    {
        foreach (var run in _sippRuns) run.Dispose();
        _sippRuns.Clear();
    }

    /// <summary>Sleeps, unless the demo is being stopped.</summary>
    public void Pause(int ms) => Cancel.WaitHandle.WaitOne(ms);

    /// <summary>
    /// Keep the demo's own files (the desk phone's log, the capture's fields, SIPp's traces) after
    /// the clean-up, e.g. because a scene failed; <see cref="DemoOptions.KeepFiles"/> keeps everything.
    /// </summary>
    public bool KeepLogs { get; set; }

    /// <summary>Stops everything, newest first, by PID and with bounded waits; never throws.</summary>
    public void Dispose()
    {
        Try("sipp", StopSipps);
        Try("baresip", StopSecondDevice);
        Try("baresip (Graham)", StopGrahamPhone);
        Try("desk phone", () => { Phone?.Dispose(); });
        Try("kamailio", StopKamailio);
        Try("tshark", () => { Capture?.Dispose(); });
        if (WorkDir.Length > 0) PeerPaths.DeleteScratchDir(WorkDir, Options.KeepFiles || KeepLogs);
    }

    private void Try(string what, Action stop)
    {
        try { stop(); }
        catch (Exception e) { _cleanupProblems.Add($"stopping {what}: {e.Message}"); }
    }
}
