// dnsmasq (Debian dnsmasq-base) as an authoritative-enough DNS server on loopback for the RFC 3263
// tests: the records come from the command line (--naptr-record, --srv-host, --host-record), no
// upstream, no hosts file, no DHCP, in the foreground.
#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NanoPhone.Tests.Peers;

/// <summary>
/// One dnsmasq on 127.0.0.1:<see cref="Port"/> (UDP) answering from its records only. Started in the
/// foreground, ready when it answers a query (bounded), stopped by PID.
/// </summary>
public sealed class Dnsmasq : IDisposable
{
    private readonly PeerProcess _process;
    private readonly string _dir;

    public int Port { get; }
    public int Pid => _process.Pid;
    public string Log => _process.Stderr;

    private Dnsmasq(PeerProcess process, int port, string dir)
    {
        _process = process;
        Port = port;
        _dir = dir;
    }

    /// <summary>
    /// Starts dnsmasq with these record options, e.g. "--srv-host=_sip._tcp.example.test,sip1.example.test,5070,10,100",
    /// "--naptr-record=example.test,10,10,S,SIP+D2T,,_sip._tcp.example.test", "--host-record=sip1.example.test,127.0.0.1".
    /// </summary>
    public static Dnsmasq Start(IEnumerable<string> records, int port = 0, TimeSpan? readyTimeout = null)
    {
        if (port == 0) port = PeerPorts.GetFree();
        string dir = PeerPaths.NewScratchDir($"dns-{port}");
        var args = new List<string>
        {
            "--keep-in-foreground", "--log-facility=-", "--log-queries",
            "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port,
            "--pid-file=" + Path.Combine(dir, "dnsmasq.pid"),
            "--user=root", "--cache-size=0", "--local-ttl=30",
        };
        args.AddRange(records);
        var process = PeerProcess.Start("dnsmasq", args, Path.Combine(dir, "stdout.log"), Path.Combine(dir, "stderr.log"), dir);
        var d = new Dnsmasq(process, port, dir);
        try
        {
            d.WaitReady(readyTimeout ?? TimeSpan.FromSeconds(10));
        }
        catch
        {
            d.Dispose();
            throw;
        }
        return d;
    }

    private void WaitReady(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"dnsmasq exited with {_process.ExitCode} during start-up:\n{PeerProcess.Tail(Log)}");
            if (Answers(TimeSpan.FromMilliseconds(200))) return;
            Thread.Sleep(30);
        }
        throw new TimeoutException($"dnsmasq on 127.0.0.1:{Port} not ready after {timeout.TotalSeconds:0.#} s:\n{PeerProcess.Tail(Log)}");
    }

    /// <summary>Sends one query (A for "ready.invalid") and says whether any reply came in time.</summary>
    public bool Answers(TimeSpan timeout)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] q =
        {
            0x4e, 0x50, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            5, (byte)'r', (byte)'e', (byte)'a', (byte)'d', (byte)'y', 7, (byte)'i', (byte)'n', (byte)'v', (byte)'a', (byte)'l', (byte)'i', (byte)'d', 0,
            0, 1, 0, 1,
        };
        udp.Send(q, q.Length, new IPEndPoint(IPAddress.Loopback, Port));
        udp.Client.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            IPEndPoint? from = null;
            byte[] reply = udp.Receive(ref from);
            return reply.Length >= 12 && reply[0] == 0x4e && reply[1] == 0x50;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _process.Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
        PeerPaths.DeleteScratchDir(_dir, false);
    }
}
