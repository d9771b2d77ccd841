// tshark capture on the loopback interface and checks of the SIP in it.
#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace NanoPhone.Tests.Peers;

/// <summary>One frame of a capture, as tshark summarises it.</summary>
public sealed class CapturedFrame
{
    public int Number { get; }
    public string Source { get; }
    public string Destination { get; }
    public string Info { get; }
    public string Expert { get; }

    internal CapturedFrame(int number, string source, string destination, string info, string expert)
    {
        Number = number;
        Source = source;
        Destination = destination;
        Info = info;
        Expert = expert;
    }

    public override string ToString() =>
        $"#{Number} {Source} -> {Destination} {Info}{(Expert.Length > 0 ? " [" + Expert + "]" : "")}";
}

/// <summary>
/// "tshark -i lo" writing a pcap, limited by a capture filter to the given ports.
/// Stop() before reading the file: it proves (with a probe datagram) that everything sent
/// before it is in the file, then stops tshark with SIGINT and waits for it to exit.
/// </summary>
/// <remarks>
/// Why the probes: dumpcap (tshark's capture child) gets packets from the kernel in blocks
/// (TPACKET_V3, retired up to 250 ms late) and flushes the pcap only when it reports new packets
/// to tshark (every 100 ms). On SIGINT it stops at once, dropping whatever is still in the
/// kernel's ring: on a loaded machine that is the tail of the capture, or all of it. tshark -P
/// prints a packet only after dumpcap has flushed it to the file, so once tshark prints a probe
/// sent after the traffic of interest, that traffic is in the file. Start and stop probes go to
/// different ports from a known source port, so a late start probe can never pass for the stop one.
/// </remarks>
public sealed class Tshark : IDisposable
{
    private const string ProbePayload = "nanophone-capture-probe";

    /// <summary>A display filter that leaves out the probe datagrams.</summary>
    private const string NotAProbe = "not (udp contains \"" + ProbePayload + "\")";

    /// <summary>Time for loopback datagrams sent just before Stop to reach the capture socket
    /// (their softirq may be deferred to ksoftirqd on a loaded machine).</summary>
    private static readonly TimeSpan SettleBeforeStopProbe = TimeSpan.FromMilliseconds(150);

    /// <summary>How long Stop waits for its probe to show up (the machine may be very loaded).</summary>
    private static readonly TimeSpan StopProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long tshark gets to exit after SIGINT (it reads and prints the rest of the file first).</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(20);

    private readonly PeerProcess _process;
    private readonly bool _keepFiles;
    private readonly string _dir;
    private readonly int _startProbePort;
    private readonly int _stopProbePort;
    private bool _stopped;
    private string? _incomplete;

    public string PcapPath { get; }
    public IReadOnlyList<int> Ports { get; }
    public int Pid => _process.Pid;

    private Tshark(PeerProcess process, string pcapPath, IReadOnlyList<int> ports, string dir, bool keepFiles,
        int startProbePort, int stopProbePort)
    {
        _process = process;
        _startProbePort = startProbePort;
        _stopProbePort = stopProbePort;
        PcapPath = pcapPath;
        Ports = ports;
        _dir = dir;
        _keepFiles = keepFiles;
    }

    /// <summary>
    /// Starts capturing UDP and TCP on <paramref name="ports"/> (loopback only) to <paramref name="pcapPath"/>
    /// (default: a scratch file) and waits (bounded) until the capture is live: a probe datagram sent
    /// after the start has been captured.
    /// </summary>
    public static Tshark Start(IEnumerable<int> ports, string? pcapPath = null, TimeSpan? readyTimeout = null, bool keepFiles = false)
    {
        var portList = ports.Distinct().ToList();
        if (portList.Count == 0) throw new ArgumentException("at least one port", nameof(ports));
        string dir = PeerPaths.NewScratchDir("tshark");
        pcapPath ??= Path.Combine(dir, "capture.pcap");
        // Two extra UDP ports, not SIP ones: datagrams sent to the first prove the capture is live
        // (at start), to the second that it has everything sent before them (at stop).
        int startProbePort = PeerPorts.GetFree();
        int stopProbePort = PeerPorts.GetFree();
        string filter = string.Join(" or ", portList.Concat(new[] { startProbePort, stopProbePort })
            .Select(p => $"port {p.ToString(CultureInfo.InvariantCulture)}"));
        // -P -l: print a line per packet (flushed) while writing the pcap, so probes can be seen.
        // The probes are shown as plain data: a port another dissector claims (ENIP's 44818, say)
        // would print its own info instead of "src → dst" and hide them.
        var args = new List<string> { "-i", "lo", "-n", "-l", "-P", "-f", $"({filter})", "-w", pcapPath,
            "-d", $"udp.port=={startProbePort.ToString(CultureInfo.InvariantCulture)},data",
            "-d", $"udp.port=={stopProbePort.ToString(CultureInfo.InvariantCulture)},data" };
        var process = PeerProcess.Start("tshark", args,
            Path.Combine(dir, "tshark.stdout.log"), Path.Combine(dir, "tshark.log"), dir);
        var t = new Tshark(process, pcapPath, portList, dir, keepFiles, startProbePort, stopProbePort);
        try
        {
            t.WaitStarted(readyTimeout ?? TimeSpan.FromSeconds(20));
        }
        catch
        {
            t.Dispose();
            throw;
        }
        return t;
    }

    private void WaitStarted(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"tshark exited with {_process.ExitCode}:\n{_process.Stderr}");
            if (_process.Stderr.Contains("Capturing on")) break;
            Thread.Sleep(50);
        }
        if (!Probe(_startProbePort, timeout - sw.Elapsed))
            throw new TimeoutException($"tshark did not start capturing in {timeout.TotalSeconds:0.#} s:\n{_process.Stderr}\n{_process.Stdout}");
    }

    /// <summary>
    /// Sends probe datagrams to <paramref name="probePort"/> from a fresh socket until tshark prints
    /// one of them (bounded). Only probes from that socket count, so earlier ones cannot answer.
    /// </summary>
    private bool Probe(int probePort, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        byte[] payload = Encoding.ASCII.GetBytes(ProbePayload);
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            int from = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            string src = from.ToString(CultureInfo.InvariantCulture), dst = probePort.ToString(CultureInfo.InvariantCulture);
            // tshark -P: "... UDP 65 40284 \u2192 58744 Len=23" (ASCII arrow in case a build prints one).
            string[] markers = { $" {src} \u2192 {dst} ", $" {src} -> {dst} " };
            var to = new IPEndPoint(IPAddress.Loopback, probePort);
            while (!_process.HasExited)
            {
                udp.Send(payload, payload.Length, to);
                for (int i = 0; i < 10; i++)
                {
                    Thread.Sleep(20);
                    string stdout = _process.Stdout;
                    if (markers.Any(m => stdout.Contains(m, StringComparison.Ordinal))) return true;
                }
                if (sw.Elapsed >= timeout) break;
            }
        }
        return false;
    }

    /// <summary>
    /// Stops the capture by PID: first waits (bounded) until a probe sent now has been captured, so
    /// everything sent before is in the pcap; then SIGINT and a bounded wait for tshark to exit
    /// (SIGKILL if it does not). Throws if the probe never showed up, as the file may then lack
    /// frames that were sent: such a capture must not be checked.
    /// </summary>
    public void Stop()
    {
        StopCore();
        if (_incomplete != null) throw new InvalidOperationException(_incomplete);
    }

    private void StopCore()
    {
        if (_stopped) return;
        _stopped = true;
        bool confirmed = false;
        if (!_process.HasExited)
        {
            Thread.Sleep(SettleBeforeStopProbe);
            confirmed = Probe(_stopProbePort, StopProbeTimeout);
        }
        bool killed = _process.Stop(ExitGrace, PeerProcess.SIGINT);
        if (!confirmed)
            _incomplete = $"tshark capture {PcapPath} is not known to be complete: its stop probe was not captured in " +
                $"{StopProbeTimeout.TotalSeconds:0} s (tshark {(killed ? "killed" : $"exit code {_process.ExitCode}")}):\n" +
                PeerProcess.Tail(_process.Stderr) + "\n" + PeerProcess.Tail(_process.Stdout, 10);
    }

    /// <summary>SIP frames in this capture that tshark flags as malformed or with an expert error.</summary>
    public IReadOnlyList<CapturedFrame> MalformedSip()
    {
        Stop();
        return FindMalformedSip(PcapPath, Ports);
    }

    /// <summary>Every SIP frame of this capture.</summary>
    public IReadOnlyList<CapturedFrame> SipFrames()
    {
        Stop();
        return ReadSip(PcapPath, Ports, "sip");
    }

    /// <summary>
    /// SIP frames of a pcap that tshark flags as malformed (_ws.malformed) or with an expert message
    /// of severity warning or worse (only error when <paramref name="includeWarnings"/> is false), plus
    /// UDP datagrams to/from <paramref name="sipPorts"/> that do not dissect as SIP at all (e.g. a bad
    /// status line). Traffic on <paramref name="sipPorts"/> is decoded as SIP whatever tshark would guess.
    /// </summary>
    public static IReadOnlyList<CapturedFrame> FindMalformedSip(string pcapPath, IEnumerable<int>? sipPorts = null, bool includeWarnings = true)
    {
        var ports = (sipPorts ?? Enumerable.Empty<int>()).Distinct().ToList();
        string severity = includeWarnings ? "0x00600000" : "0x00800000";
        // The capture's own probes are left out: read back without the live capture's "decode as
        // data", a probe to a port another dissector claims would be flagged malformed.
        var frames = ReadSip(pcapPath, ports,
            $"(sip or sdp or _ws.malformed) and (_ws.malformed or _ws.expert.severity >= {severity}) and {NotAProbe}").ToList();
        if (ports.Count > 0)
        {
            string portSet = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            foreach (var f in ReadSip(pcapPath, ports, $"udp.port in {{{portSet}}} and not icmp and udp.length > 8 and not sip and {NotAProbe}"))
                if (!frames.Any(x => x.Number == f.Number))
                    frames.Add(new CapturedFrame(f.Number, f.Source, f.Destination, f.Info, "not parseable as SIP"));
        }
        return frames.OrderBy(f => f.Number).ToList();
    }

    /// <summary>Frames of a pcap matching a display filter, with SIP decoding forced on <paramref name="sipPorts"/>.</summary>
    public static IReadOnlyList<CapturedFrame> ReadSip(string pcapPath, IEnumerable<int>? sipPorts, string displayFilter)
    {
        var decodeAs = new List<string>();
        foreach (int p in (sipPorts ?? Enumerable.Empty<int>()).Distinct())
        {
            decodeAs.Add($"udp.port=={p.ToString(CultureInfo.InvariantCulture)},sip");
            decodeAs.Add($"tcp.port=={p.ToString(CultureInfo.InvariantCulture)},sip");
        }
        return Read(pcapPath, decodeAs, displayFilter);
    }

    /// <summary>
    /// One field of each SIP frame of a pcap matching a display filter (SIP decoding forced on
    /// <paramref name="sipPorts"/>), e.g. "sip.Path" of the REGISTERs; a field that occurs several
    /// times in a frame gives its values joined by ";" (empty when the frame has none).
    /// </summary>
    public static IReadOnlyList<string> ReadSipField(string pcapPath, IEnumerable<int> sipPorts, string displayFilter, string field)
    {
        if (!File.Exists(pcapPath)) throw new FileNotFoundException("capture not found", pcapPath);
        var args = new List<string> { "-r", pcapPath, "-n" };
        foreach (int p in sipPorts.Distinct())
        {
            args.AddRange(new[] { "-d", $"udp.port=={p.ToString(CultureInfo.InvariantCulture)},sip" });
            args.AddRange(new[] { "-d", $"tcp.port=={p.ToString(CultureInfo.InvariantCulture)},sip" });
        }
        args.AddRange(new[] { "-Y", displayFilter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=;", "-e", field });
        var (code, stdout, stderr) = PeerProcess.RunTool("tshark", args, TimeSpan.FromSeconds(30));
        if (code != 0) throw new InvalidOperationException($"tshark -r failed ({code}): {stderr}");
        // One line per frame, empty when the frame lacks the field.
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Frames of a pcap matching a display filter, with tshark's "-d" rules (e.g. "tcp.port==5061,tls").</summary>
    public static IReadOnlyList<CapturedFrame> Read(string pcapPath, IEnumerable<string> decodeAs, string displayFilter)
    {
        if (!File.Exists(pcapPath)) throw new FileNotFoundException("capture not found", pcapPath);
        var args = new List<string> { "-r", pcapPath, "-n" };
        foreach (string rule in decodeAs)
        {
            args.Add("-d");
            args.Add(rule);
        }
        args.AddRange(new[]
        {
            "-Y", displayFilter,
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;",
            "-e", "frame.number", "-e", "ip.src", "-e", "ip.dst", "-e", "_ws.col.Info", "-e", "_ws.expert.message",
        });
        var (code, stdout, stderr) = PeerProcess.RunTool("tshark", args, TimeSpan.FromSeconds(30));
        if (code != 0) throw new InvalidOperationException($"tshark -r failed ({code}): {stderr}");
        var frames = new List<CapturedFrame>();
        foreach (string line in stdout.Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            string[] f = line.TrimEnd('\r').Split('\t');
            int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int number);
            frames.Add(new CapturedFrame(number,
                f.Length > 1 ? f[1] : "", f.Length > 2 ? f[2] : "",
                f.Length > 3 ? f[3] : "", f.Length > 4 ? f[4] : ""));
        }
        return frames;
    }

    public void Dispose()
    {
        StopCore();
        _process.Dispose();
        PeerPaths.DeleteScratchDir(_dir, _keepFiles);
    }
}
