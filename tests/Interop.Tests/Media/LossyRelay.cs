using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NanoPhone.Interop.Tests.Media;

/// <summary>
/// A bad network between a test's RTP source and the phone, on loopback: it listens on the ports the
/// caller's SDP names (one at a time: <see cref="Use"/>), forwards what the source sends to it to the
/// phone from that port (so the phone hears the SDP's address), dropping a share of the packets and
/// delaying each by its own random 0..max ms (so packets overtake each other), and counts what the
/// phone sends to each of its ports. Seeded: the same losses and delays every run.
/// </summary>
public sealed class LossyRelay : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly IPEndPoint _phone;
    private readonly double _loss;
    private readonly int _maxDelayMs;
    private readonly Random _random;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly PriorityQueue<byte[], double> _due = new();
    private readonly Thread _receiver;
    private readonly Thread _sender;
    private volatile bool _running = true;
    private volatile int _current;

    public LossyRelay(int[] ports, IPEndPoint phone, double loss, int maxDelayMs, int seed)
    {
        _phone = phone;
        _loss = loss;
        _maxDelayMs = maxDelayMs;
        _random = new Random(seed);
        _sockets = new Socket[ports.Length];
        FromPhone = new int[ports.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            _sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, ports[i]));
        }
        _receiver = new Thread(Receive) { IsBackground = true, Name = "relay receive" };
        _sender = new Thread(Send) { IsBackground = true, Name = "relay send" };
        _receiver.Start();
        _sender.Start();
    }

    /// <summary>Packets from the source that were dropped, delayed, and sent on.</summary>
    public int Dropped, Forwarded, Reordered;

    /// <summary>RTP packets the phone sent to each port.</summary>
    public int[] FromPhone { get; }

    /// <summary>Forward through the port of index i from now on (the caller moved there).</summary>
    public void Use(int i) => _current = i;

    /// <summary>Where the test's source sends: the relay's current port.</summary>
    public IPEndPoint Entry(int i) => (IPEndPoint)_sockets[i].LocalEndPoint!;

    private void Receive()
    {
        var buf = new byte[2048];
        var read = new List<Socket>();
        double lastDue = 0;
        while (_running)
        {
            read.Clear();
            read.AddRange(_sockets);
            try { Socket.Select(read, null, null, 50_000); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            foreach (Socket s in read)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n;
                try { n = s.ReceiveFrom(buf, ref from); }
                catch (SocketException) { continue; }
                catch (ObjectDisposedException) { return; }
                int index = Array.IndexOf(_sockets, s);
                if (((IPEndPoint)from).Port == _phone.Port)
                {
                    Interlocked.Increment(ref FromPhone[index]);
                    continue;
                }
                lock (_gate)
                {
                    if (_random.NextDouble() < _loss)
                    {
                        Dropped++;
                        continue;
                    }
                    double due = _clock.Elapsed.TotalMilliseconds + _random.NextDouble() * _maxDelayMs;
                    if (due < lastDue) Reordered++;
                    else lastDue = due;
                    var copy = new byte[n];
                    Array.Copy(buf, copy, n);
                    _due.Enqueue(copy, due);
                    Monitor.Pulse(_gate);
                }
            }
        }
    }

    private void Send()
    {
        while (_running)
        {
            byte[]? packet = null;
            lock (_gate)
            {
                if (_due.TryPeek(out _, out double due))
                {
                    double wait = due - _clock.Elapsed.TotalMilliseconds;
                    if (wait <= 0) packet = _due.Dequeue();
                    else Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(wait, 20)));
                }
                else Monitor.Wait(_gate, 20);
            }
            if (packet == null) continue;
            try
            {
                _sockets[_current].SendTo(packet, _phone);
                Interlocked.Increment(ref Forwarded);
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { return; }
        }
    }

    public void Dispose()
    {
        _running = false;
        lock (_gate) Monitor.PulseAll(_gate);
        _receiver.Join(1000);
        _sender.Join(1000);
        foreach (Socket s in _sockets) s.Dispose();
    }
}

/// <summary>A sine sent as PCMU RTP every 20 ms from one socket to one address, on its own thread.</summary>
public sealed class RtpTone : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private volatile bool _running = true;
    private volatile IPEndPoint _to;
    private readonly double _hz;
    private readonly uint _ssrc;

    public RtpTone(double hz, IPEndPoint to, uint ssrc)
    {
        _hz = hz;
        _to = to;
        _ssrc = ssrc;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(Run) { IsBackground = true, Name = "rtp tone " + hz };
        _thread.Start();
    }

    public int Sent;

    public IPEndPoint Local => (IPEndPoint)_socket.LocalEndPoint!;

    public IPEndPoint To { set => _to = value; }

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        var p = new byte[172];
        double phase = 0;
        ushort seq = (ushort)_ssrc;
        uint ts = _ssrc * 7;
        for (long frame = 0; _running; frame++)
        {
            long due = frame * 20;
            while (clock.ElapsedMilliseconds < due && _running) Thread.Sleep(1);
            p[0] = 0x80; p[1] = 0;
            p[2] = (byte)(seq >> 8); p[3] = (byte)seq;
            p[4] = (byte)(ts >> 24); p[5] = (byte)(ts >> 16); p[6] = (byte)(ts >> 8); p[7] = (byte)ts;
            p[8] = (byte)(_ssrc >> 24); p[9] = (byte)(_ssrc >> 16); p[10] = (byte)(_ssrc >> 8); p[11] = (byte)_ssrc;
            for (int i = 0; i < 160; i++)
            {
                p[12 + i] = NanoPhone.Media.Codec.MuLaw.Encode((int)(8000 * Math.Sin(phase)));
                phase += 2 * Math.PI * _hz / 8000;
            }
            try { _socket.SendTo(p, _to); Sent++; }
            catch (SocketException) { }
            catch (ObjectDisposedException) { return; }
            seq++;
            ts += 160;
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join(1000);
        _socket.Dispose();
    }
}
