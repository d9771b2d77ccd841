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
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Actors;

/// <summary>
/// tshark on lo for the whole demo, printing one line of fields per SIP datagram as it happens
/// (-l -T fields), so each scene's ladder is drawn right after the scene. A probe datagram to an
/// extra port marks "everything sent before now has been printed" (<see cref="Sync"/>). Each Sync
/// sends from a socket of its own and waits for a probe from that socket's port, so a late probe of
/// an earlier Sync (tshark may print one long after it was sent) never passes for the current one.
/// </summary>
public sealed class LiveCapture : IDisposable
{
    private readonly PeerProcess _process;
    private readonly int _probePort;
    private readonly object _gate = new();
    private readonly List<SipFrame> _frames = new();
    private int _consumed;
    private readonly HashSet<int> _probeSources = new();
    private bool _stopped;

    public int Pid => _process.Pid;

    private LiveCapture(PeerProcess process, int probePort)
    {
        _process = process;
        _probePort = probePort;
    }

    /// <summary>Starts capturing UDP on <paramref name="sipPorts"/> (decoded as SIP) and waits, bounded, until it runs.</summary>
    public static LiveCapture Start(IEnumerable<int> sipPorts, string dir, TimeSpan readyTimeout, CancellationToken cancel)
    {
        var ports = sipPorts.Distinct().ToList();
        int probe = PeerPorts.GetFree();
        string bpf = "udp and (" + string.Join(" or ", ports.Append(probe).Select(p => "port " + Num(p))) + ")";
        var args = new List<string> { "-i", "lo", "-n", "-l", "-f", bpf };
        foreach (int p in ports) { args.Add("-d"); args.Add($"udp.port=={Num(p)},sip"); }
        args.AddRange(new[] { "-Y", $"not icmp and (sip or udp.dstport == {Num(probe)})", "-T", "fields",
            "-E", "separator=/t", "-E", "occurrence=f" });
        foreach (string f in SipFrame.TsharkFields) { args.Add("-e"); args.Add(f); }
        var process = PeerProcess.Start("tshark", args,
            Path.Combine(dir, "tshark.fields.log"), Path.Combine(dir, "tshark.log"), dir);
        var capture = new LiveCapture(process, probe);
        try
        {
            var sw = Stopwatch.StartNew();
            while (!process.Stderr.Contains("Capturing on") && sw.Elapsed < readyTimeout)
            {
                if (process.HasExited) throw new InvalidOperationException($"tshark exited with {process.ExitCode}:\n{process.Stderr}");
                cancel.ThrowIfCancellationRequested();
                Thread.Sleep(50);
            }
            if (!capture.Sync(readyTimeout - sw.Elapsed, cancel))
                throw new TimeoutException($"tshark did not start capturing on lo in {readyTimeout.TotalSeconds:0} s:\n{process.Stderr}");
        }
        catch
        {
            capture.Dispose();
            throw;
        }
        return capture;
    }

    /// <summary>Direct children (dumpcap), for the record of started processes.</summary>
    public IReadOnlyCollection<int> Children() => _process.SnapshotChildren();

    /// <summary>
    /// Sends probe datagrams until tshark prints one more of them: every datagram sent before the
    /// call is then among <see cref="Frames"/>. False if that did not happen in time.
    /// </summary>
    public bool Sync(TimeSpan timeout, CancellationToken cancel)
    {
        var sw = Stopwatch.StartNew();
        byte[] payload = Encoding.ASCII.GetBytes("nanophone-demo-probe");
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int source = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        lock (_gate) _probeSources.Remove(source);
        while (sw.Elapsed < timeout && !_process.HasExited)
        {
            udp.Send(payload, payload.Length, new IPEndPoint(IPAddress.Loopback, _probePort));
            for (int i = 0; i < 25 && sw.Elapsed < timeout; i++)
            {
                cancel.ThrowIfCancellationRequested();
                Thread.Sleep(20);
                lock (_gate)
                {
                    Pump();
                    if (_probeSources.Contains(source)) return true;
                }
            }
        }
        return false;
    }

    /// <summary>Every SIP frame printed so far, oldest first.</summary>
    public IReadOnlyList<SipFrame> Frames
    {
        get { lock (_gate) { Pump(); return _frames.ToList(); } }
    }

    // Parses the lines tshark printed since the last call.
    private void Pump()
    {
        string text = _process.Stdout;
        int end = text.LastIndexOf('\n');
        if (end < _consumed) return;
        foreach (string line in text.Substring(_consumed, end + 1 - _consumed).Split('\n'))
        {
            if (line.Length == 0) continue;
            SipFrame? f = SipFrame.Parse(line);
            if (f != null) _frames.Add(f);
            else if (ProbeSource(line) is int source) _probeSources.Add(source);
        }
        _consumed = end + 1;
    }

    /// <summary>The UDP source port of a probe line (fields: time, source port, destination port, ...), or null.</summary>
    private int? ProbeSource(string line)
    {
        string[] f = line.Split('\t');
        if (f.Length <= 2 || f[2] != Num(_probePort)) return null;
        return int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : null;
    }

    /// <summary>Stops tshark by PID (SIGINT so it removes its temporary file, SIGKILL after 5 s).</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        _process.Stop(TimeSpan.FromSeconds(5), PeerProcess.SIGINT);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private static string Num(int p) => p.ToString(CultureInfo.InvariantCulture);
}
