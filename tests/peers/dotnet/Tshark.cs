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
/// Stop() (SIGINT, bounded) before reading the file.
/// </summary>
public sealed class Tshark : IDisposable
{
    private const string ProbePayload = "nanophone-capture-probe";

    private readonly PeerProcess _process;
    private readonly bool _keepFiles;
    private readonly string _dir;
    private readonly int _probePort;
    private int _probesSeen;
    private bool _stopped;

    public string PcapPath { get; }
    public IReadOnlyList<int> Ports { get; }
    public int Pid => _process.Pid;

    private Tshark(PeerProcess process, string pcapPath, IReadOnlyList<int> ports, string dir, bool keepFiles, int probePort)
    {
        _process = process;
        _probePort = probePort;
        PcapPath = pcapPath;
        Ports = ports;
        _dir = dir;
        _keepFiles = keepFiles;
    }

    /// <summary>
    /// Starts capturing UDP and TCP on <paramref name="ports"/> (loopback only) to <paramref name="pcapPath"/>
    /// (default: a scratch file) and waits (bounded) until the capture has started.
    /// </summary>
    public static Tshark Start(IEnumerable<int> ports, string? pcapPath = null, TimeSpan? readyTimeout = null, bool keepFiles = false)
    {
        var portList = ports.Distinct().ToList();
        if (portList.Count == 0) throw new ArgumentException("at least one port", nameof(ports));
        string dir = PeerPaths.NewScratchDir("tshark");
        pcapPath ??= Path.Combine(dir, "capture.pcap");
        // An extra UDP port, not a SIP one: datagrams sent there prove the capture is live
        // (at start) and has seen everything sent before them (at stop).
        int probePort = PeerPorts.GetFree();
        string filter = string.Join(" or ", portList.Concat(new[] { probePort })
            .Select(p => $"port {p.ToString(CultureInfo.InvariantCulture)}"));
        // -P -l: print a line per packet (flushed) while writing the pcap, so probes can be seen.
        var args = new List<string> { "-i", "lo", "-n", "-l", "-P", "-f", $"({filter})", "-w", pcapPath };
        var process = PeerProcess.Start("tshark", args,
            Path.Combine(dir, "tshark.stdout.log"), Path.Combine(dir, "tshark.log"), dir);
        var t = new Tshark(process, pcapPath, portList, dir, keepFiles, probePort);
        try
        {
            t.WaitStarted(readyTimeout ?? TimeSpan.FromSeconds(10));
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
        if (!Probe(timeout - sw.Elapsed))
            throw new TimeoutException($"tshark did not start capturing in {timeout.TotalSeconds:0.#} s:\n{_process.Stderr}\n{_process.Stdout}");
    }

    /// <summary>Sends probe datagrams until tshark reports one more of them (bounded).</summary>
    private bool Probe(TimeSpan timeout)
    {
        int want = _probesSeen + 1;
        var sw = Stopwatch.StartNew();
        byte[] payload = Encoding.ASCII.GetBytes(ProbePayload);
        string marker = $"\u2192 {_probePort.ToString(CultureInfo.InvariantCulture)} ";
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            while (sw.Elapsed < timeout && !_process.HasExited)
            {
                udp.Send(payload, payload.Length, new IPEndPoint(IPAddress.Loopback, _probePort));
                for (int i = 0; i < 10; i++)
                {
                    Thread.Sleep(20);
                    int seen = CountOccurrences(_process.Stdout, marker);
                    if (seen >= want)
                    {
                        _probesSeen = seen;
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int CountOccurrences(string text, string marker)
    {
        int n = 0;
        for (int i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + marker.Length, StringComparison.Ordinal))
            n++;
        return n;
    }

    /// <summary>
    /// Stops the capture by PID after a last probe has been captured (so everything sent before
    /// is in the pcap); SIGINT so the file is flushed, SIGKILL after 5 s.
    /// </summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        if (!_process.HasExited) Probe(TimeSpan.FromSeconds(3));
        _process.Stop(TimeSpan.FromSeconds(5), PeerProcess.SIGINT);
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
        var frames = ReadSip(pcapPath, ports,
            $"(sip or sdp or _ws.malformed) and (_ws.malformed or _ws.expert.severity >= {severity})").ToList();
        if (ports.Count > 0)
        {
            string portSet = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            foreach (var f in ReadSip(pcapPath, ports, $"udp.port in {{{portSet}}} and not icmp and udp.length > 8 and not sip"))
                if (!frames.Any(x => x.Number == f.Number))
                    frames.Add(new CapturedFrame(f.Number, f.Source, f.Destination, f.Info, "not parseable as SIP"));
        }
        return frames.OrderBy(f => f.Number).ToList();
    }

    /// <summary>Frames of a pcap matching a display filter, with SIP decoding forced on <paramref name="sipPorts"/>.</summary>
    public static IReadOnlyList<CapturedFrame> ReadSip(string pcapPath, IEnumerable<int>? sipPorts, string displayFilter)
    {
        if (!File.Exists(pcapPath)) throw new FileNotFoundException("capture not found", pcapPath);
        var args = new List<string> { "-r", pcapPath, "-n" };
        foreach (int p in (sipPorts ?? Enumerable.Empty<int>()).Distinct())
        {
            args.Add("-d");
            args.Add($"udp.port=={p.ToString(CultureInfo.InvariantCulture)},sip");
            args.Add("-d");
            args.Add($"tcp.port=={p.ToString(CultureInfo.InvariantCulture)},sip");
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
        Stop();
        _process.Dispose();
        PeerPaths.DeleteScratchDir(_dir, _keepFiles);
    }
}
