// Kamailio registrar + forking proxy (tests/peers/kamailio/registrar.cfg) on 127.0.0.1.
#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace NanoPhone.Tests.Peers;

/// <summary>Optional knobs of the test registrar; each maps to a "-A" define of registrar.cfg.</summary>
public sealed class KamailioOptions
{
    /// <summary>ms a ringing branch may ring before it is cancelled (FR_INV_TIMER, cfg default 30000).</summary>
    public int? FrInvTimerMs { get; set; }

    /// <summary>ms to wait for any reply to a branch (FR_TIMER, cfg default 5000).</summary>
    public int? FrTimerMs { get; set; }

    /// <summary>false = never challenge INVITEs (NO_INVITE_AUTH). Default true: INVITEs from local users get 407.</summary>
    public bool InviteAuth { get; set; } = true;

    /// <summary>Next hop for sip:voicemail@nanophone.test, e.g. "sip:127.0.0.1:5095" (VOICEMAIL_DST).</summary>
    public string? VoicemailDestination { get; set; }

    /// <summary>Kamailio debug level (LOG_LEVEL): 2 info (default), 3 debug.</summary>
    public int? LogLevel { get; set; }

    /// <summary>Another config file instead of tests/peers/kamailio/registrar.cfg.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>Also listen for TLS (WITH_TLS) on this port, with the certificate and key files below.</summary>
    public int? TlsPort { get; set; }

    /// <summary>PEM files of the TLS server certificate (chain) and its private key.</summary>
    public string? TlsCertificate { get; set; }
    public string? TlsKey { get; set; }

    /// <summary>A second TLS listener with another certificate (an expired one, say): port, certificate, key.</summary>
    public (int Port, string Certificate, string Key)? SecondTls { get; set; }

    /// <summary>RFC 5626 edge proxy and registrar (WITH_OUTBOUND: outbound and path modules), with this Flow-Timer.</summary>
    public int? OutboundFlowTimer { get; set; }

    /// <summary>Extra "-A" defines, e.g. "NAME" or "NAME=value".</summary>
    public IList<string> ExtraDefines { get; } = new List<string>();

    /// <summary>How long Start waits for the OPTIONS probe to be answered (default 5 s).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep the run dir (config, logs) after Dispose.</summary>
    public bool KeepFiles { get; set; }
}

/// <summary>
/// A Kamailio started in the foreground (-DD -E) with its own run dir; stopped by PID.
/// Mode "parallel" rings every contact at once; "serial" forks by q (SERIAL_FORK).
/// </summary>
public sealed class Kamailio : IDisposable
{
    private readonly PeerProcess _process;
    private readonly bool _keepFiles;
    private bool _stopped;

    public int SipPort { get; }
    public string Mode { get; }
    public string RunDir { get; }
    public string ConfigPath { get; }
    public string CtlSocket { get; }
    public string LogPath => _process.StderrPath;
    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;

    /// <summary>The TLS port (WITH_TLS), 0 without TLS.</summary>
    public int TlsPort { get; private init; }

    /// <summary>Stops every Kamailio process (SIGSTOP): connections stay open, nothing is answered. <see cref="Thaw"/> resumes.</summary>
    public int Freeze() => _process.SignalTree(PeerProcess.SIGSTOP);

    public int Thaw() => _process.SignalTree(PeerProcess.SIGCONT);

    /// <summary>Kamailio's stderr log so far.</summary>
    public string Log => _process.Stderr;

    /// <summary>"sip:127.0.0.1:PORT" - the proxy address for outbound= / Route / SIPp remote.</summary>
    public string ProxyUri => $"sip:127.0.0.1:{SipPort}";

    /// <summary>"127.0.0.1:PORT".</summary>
    public string HostPort => $"127.0.0.1:{SipPort}";

    private Kamailio(PeerProcess process, int sipPort, string mode, string runDir, string configPath, string ctl, bool keepFiles)
    {
        _process = process;
        SipPort = sipPort;
        Mode = mode;
        RunDir = runDir;
        ConfigPath = configPath;
        CtlSocket = ctl;
        _keepFiles = keepFiles;
    }

    /// <summary>
    /// Starts Kamailio on udp+tcp 127.0.0.1:<paramref name="sipPort"/> and waits (bounded) until it
    /// answers an OPTIONS. <paramref name="mode"/>: "parallel" (default) or "serial".
    /// </summary>
    public static Kamailio Start(int sipPort = 5070, string mode = "parallel", KamailioOptions? options = null)
    {
        options ??= new KamailioOptions();
        if (mode != "parallel" && mode != "serial")
            throw new ArgumentException("mode must be \"parallel\" or \"serial\"", nameof(mode));

        string cfg = options.ConfigPath ?? PeerPaths.KamailioConfig;
        string runDir = PeerPaths.NewScratchDir($"kam-{sipPort}");
        string ctl = Path.Combine(runDir, "kamailio_ctl");

        var args = new List<string>
        {
            "-DD", "-E",
            "-f", cfg,
            "-Y", runDir,
            "-w", runDir,
            "-A", $"SIP_PORT={sipPort}",
            "-A", $"CTLSOCK=\"unix:{ctl}\"",
        };
        if (mode == "serial") args.AddRange(new[] { "-A", "SERIAL_FORK" });
        if (options.FrInvTimerMs is int inv) args.AddRange(new[] { "-A", $"FR_INV_TIMER={inv}" });
        if (options.FrTimerMs is int fr) args.AddRange(new[] { "-A", $"FR_TIMER={fr}" });
        if (!options.InviteAuth) args.AddRange(new[] { "-A", "NO_INVITE_AUTH" });
        if (options.VoicemailDestination is string vm) args.AddRange(new[] { "-A", $"VOICEMAIL_DST=\"{vm}\"" });
        if (options.LogLevel is int lvl) args.AddRange(new[] { "-A", $"LOG_LEVEL={lvl}" });
        if (options.TlsPort is int tlsPort)
        {
            string tlsCfg = Path.Combine(runDir, "tls.cfg");
            File.WriteAllText(tlsCfg,
                "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n" +
                $"certificate = {options.TlsCertificate}\nprivate_key = {options.TlsKey}\n\n" +
                "[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n" +
                (options.SecondTls is { } second
                    ? $"\n[server:127.0.0.1:{second.Port}]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n" +
                      $"certificate = {second.Certificate}\nprivate_key = {second.Key}\n"
                    : ""));
            args.AddRange(new[] { "-A", "WITH_TLS", "-A", $"TLS_PORT={tlsPort}", "-A", $"TLS_CFG=\"{tlsCfg}\"" });
            if (options.SecondTls is { } s2) args.AddRange(new[] { "-A", $"TLS_PORT2={s2.Port}" });
        }
        if (options.OutboundFlowTimer is int flowTimer)
            args.AddRange(new[] { "-A", "WITH_OUTBOUND", "-A", $"FLOW_TIMER={flowTimer}" });
        foreach (string d in options.ExtraDefines) args.AddRange(new[] { "-A", d });

        var process = PeerProcess.Start("kamailio", args,
            Path.Combine(runDir, "kamailio.stdout.log"), Path.Combine(runDir, "kamailio.log"), runDir);
        var k = new Kamailio(process, sipPort, mode, runDir, cfg, ctl, options.KeepFiles) { TlsPort = options.TlsPort ?? 0 };
        try
        {
            k.WaitReady(options.ReadyTimeout);
        }
        catch
        {
            k.Dispose();
            throw;
        }
        return k;
    }

    private void WaitReady(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException(
                    $"kamailio exited with {_process.ExitCode} during start-up:\n{PeerProcess.Tail(Log)}");
            if (Ping(TimeSpan.FromMilliseconds(200))) return;
            Thread.Sleep(30);
        }
        throw new TimeoutException($"kamailio on {HostPort} not ready after {timeout.TotalSeconds:0.#} s:\n{PeerProcess.Tail(Log)}");
    }

    /// <summary>Sends one OPTIONS sip:127.0.0.1:PORT over UDP; true if a 200 comes back in time.</summary>
    public bool Ping(TimeSpan timeout)
    {
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            int local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            string branch = "z9hG4bK-np-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string callId = Guid.NewGuid().ToString("N") + "@127.0.0.1";
            string msg =
                $"OPTIONS sip:127.0.0.1:{SipPort} SIP/2.0\r\n" +
                $"Via: SIP/2.0/UDP 127.0.0.1:{local};branch={branch};rport\r\n" +
                "Max-Forwards: 70\r\n" +
                $"From: <sip:probe@127.0.0.1:{local}>;tag={branch.Substring(8)}\r\n" +
                $"To: <sip:127.0.0.1:{SipPort}>\r\n" +
                $"Call-ID: {callId}\r\n" +
                "CSeq: 1 OPTIONS\r\n" +
                "Content-Length: 0\r\n\r\n";
            byte[] bytes = Encoding.ASCII.GetBytes(msg);
            try
            {
                udp.Send(bytes, bytes.Length, new IPEndPoint(IPAddress.Loopback, SipPort));
                udp.Client.ReceiveTimeout = (int)Math.Max(1, timeout.TotalMilliseconds);
                var from = new IPEndPoint(IPAddress.Any, 0);
                byte[] reply = udp.Receive(ref from);
                return Encoding.ASCII.GetString(reply).StartsWith("SIP/2.0 200", StringComparison.Ordinal);
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>Runs "kamcmd -s &lt;ctl&gt; args..." (bounded 5 s) and returns its output; throws on error.</summary>
    public string Rpc(params string[] args)
    {
        var all = new List<string> { "-s", CtlSocket };
        all.AddRange(args);
        var (code, stdout, stderr) = PeerProcess.RunTool("kamcmd", all, TimeSpan.FromSeconds(5));
        if (code != 0)
            throw new InvalidOperationException($"kamcmd {string.Join(" ", args)} failed ({code}): {stdout}{stderr}");
        return stdout;
    }

    /// <summary>"kamcmd ul.dump": every binding in the location table, as text.</summary>
    public string Dump() => Rpc("ul.dump");

    /// <summary>Contact URIs currently bound to AoR <paramref name="aor"/> (user part only, e.g. "linda").</summary>
    public IReadOnlyList<string> Contacts(string aor)
    {
        var all = new List<string> { "-s", CtlSocket, "ul.lookup", "location", aor };
        var (code, stdout, stderr) = PeerProcess.RunTool("kamcmd", all, TimeSpan.FromSeconds(5));
        if (code != 0)
        {
            if ((stdout + stderr).Contains("404")) return Array.Empty<string>();
            throw new InvalidOperationException($"kamcmd ul.lookup location {aor} failed ({code}): {stdout}{stderr}");
        }
        return Regex.Matches(stdout, @"^\s*Address:\s*(\S+)\s*$", RegexOptions.Multiline)
            .Cast<Match>().Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>Waits (bounded) until <paramref name="aor"/> has at least <paramref name="count"/> contacts; returns them.</summary>
    public IReadOnlyList<string> WaitForContacts(string aor, int count, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        IReadOnlyList<string> now = Array.Empty<string>();
        while (sw.Elapsed < timeout)
        {
            now = Contacts(aor);
            if (now.Count >= count) return now;
            Thread.Sleep(100);
        }
        throw new TimeoutException(
            $"{aor} has {now.Count} contact(s) after {timeout.TotalSeconds:0.#} s, wanted {count}: {string.Join(", ", now)}");
    }

    /// <summary>Stops Kamailio by PID (SIGTERM, bounded wait, then SIGKILL of it and its workers).</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        Thaw();
        _process.Stop(TimeSpan.FromSeconds(5));
        PeerPorts.WaitUntilFree(SipPort, TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        PeerPaths.DeleteScratchDir(RunDir, _keepFiles);
    }
}
