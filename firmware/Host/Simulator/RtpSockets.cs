using System;
using System.Net;
using System.Net.Sockets;
using NanoPhone.App.Audio;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's RTP and RTCP sockets (<see cref="IMediaSockets"/>): a call gets the next even
/// port of media.port.min to media.port.max (<see cref="MediaPortRange"/>, in turn) whose RTP and
/// RTCP (port + 1) both bind on the phone's address, so its SDP names a port that is listened on. At most <see cref="MaxPairs"/> pairs at once (one live
/// call and one ending). Sending
/// goes from the selected call's pair (symmetric RTP). A receive thread (<see cref="Start"/>) waits on
/// the sockets and queues each datagram with its time of arrival; the loop thread takes them
/// (<see cref="Drain"/>) and does everything else.
/// </summary>
public sealed class RtpSockets : IMediaSockets, IDisposable
{
    public const int MaxPairs = 4;

    private readonly IPAddress _address;
    private readonly MediaPortRange _range;
    private readonly Pair?[] _pairs = new Pair?[MaxPairs];
    private readonly byte[] _rx = new byte[2048];
    private readonly Endpoint _source = new();
    private readonly EventOutput _output;
    private Pair? _selected;
    private readonly Endpoint _lastTo = new();
    private IPEndPoint? _lastIp;

    /// <param name="min">media.port.min (made even).</param>
    /// <param name="max">media.port.max: the last RTP port is max - 1 when max is even (its RTCP needs max + 1).</param>
    public RtpSockets(IPAddress address, int min, int max, EventOutput output)
    {
        _address = address;
        _range = new MediaPortRange(min, max);
        _output = output;
        if (_range.Problem != null) output.WriteLine("WARNING " + _range.Problem);
    }

    /// <summary>RTP datagrams sent and received (all pairs), for the status and tests.</summary>
    public long Sent { get; private set; }

    public int Allocate()
    {
        int slot = Array.IndexOf(_pairs, null);
        if (slot < 0) return 0;
        for (int tried = 0; tried < _range.PairCount; tried++)
        {
            int port = _range.Next();
            if (InUse(port)) continue;
            Pair? pair = Pair.TryBind(_address, port);
            if (pair == null) continue;
            lock (_queue) _pairs[slot] = pair;
            return port;
        }
        _output.WriteLine("WARNING " + _range.NoFreePair());
        return 0;
    }

    public void Release(int port)
    {
        for (int i = 0; i < _pairs.Length; i++)
        {
            Pair? p = _pairs[i];
            if (p == null || p.Port != port) continue;
            if (_selected == p) _selected = null;
            lock (_queue) _pairs[i] = null;
            p.Dispose();
        }
    }

    public void Select(int rtpPort)
    {
        _selected = null;
        foreach (Pair? p in _pairs)
        {
            if (p != null && p.Port == rtpPort) _selected = p;
        }
    }

    public bool SendRtp(byte[] buf, int off, int len, Endpoint to) => Send(_selected?.Rtp, buf, off, len, to);

    public bool SendRtcp(byte[] buf, int off, int len, Endpoint to) => Send(_selected?.Rtcp, buf, off, len, to);

    private bool Send(Socket? socket, byte[] buf, int off, int len, Endpoint to)
    {
        if (socket == null || to.Kind == HostKind.None || to.IsName || to.Port == 0) return false;
        try
        {
            if (_lastIp == null || !_lastTo.Equals(to))
            {
                byte[] a = new byte[to.AddressLength];
                to.CopyAddressTo(a, 0);
                _lastIp = new IPEndPoint(new IPAddress(a), to.Port);
                _lastTo.CopyFrom(to);
            }
            socket.SendTo(buf, off, len, SocketFlags.None, _lastIp);
            Sent++;
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Starts the receive thread: it waits on every pair's sockets and queues each datagram with
    /// the clock's time of arrival (the jitter buffer measures real arrival times, not the loop's turns).
    /// </summary>
    public void Start(NanoPhone.Sip.Timing.IClock clock)
    {
        _clock = clock;
        _running = true;
        _thread = new System.Threading.Thread(ReceiveLoop) { IsBackground = true, Name = "rtp receive" };
        _thread.Start();
    }

    /// <summary>Hands every datagram received since the last call to the app, in order (loop thread).</summary>
    public void Drain(PhoneApp app)
    {
        while (true)
        {
            Arrival a;
            lock (_queue)
            {
                if (_count == 0) return;
                a = _ring[_head];
                _head = (_head + 1) % QueueSlots;
                _count--;
            }
            _source.SetAddress(a.Address, 0, a.AddressLength, a.FromPort);
            if (a.Rtcp) app.ReceiveRtcp(a.Data, 0, a.Length, _source, a.Port, a.AtMs);
            else app.ReceiveRtp(a.Data, 0, a.Length, _source, a.Port, a.AtMs);
            lock (_queue) _free.Push(a);
        }
    }

    /// <summary>Datagrams dropped because the loop did not take them in time (the queue was full).</summary>
    public long Overflows { get; private set; }

    private void ReceiveLoop()
    {
        var read = new System.Collections.Generic.List<Socket>();
        while (_running)
        {
            read.Clear();
            lock (_queue)
            {
                foreach (Pair? p in _pairs)
                {
                    if (p == null) continue;
                    read.Add(p.Rtp);
                    read.Add(p.Rtcp);
                }
            }
            if (read.Count == 0)
            {
                System.Threading.Thread.Sleep(10);
                continue;
            }
            try
            {
                Socket.Select(read, null, null, 50_000);
            }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { continue; }
            foreach (Socket socket in read) ReceiveAll(socket);
        }
    }

    private void ReceiveAll(Socket socket)
    {
        try
        {
            while (socket.Available > 0)
            {
                Arrival? a;
                lock (_queue) a = _free.Count > 0 ? _free.Pop() : null;
                if (a == null)
                {
                    Overflows++;
                    EndPoint dropped = new IPEndPoint(IPAddress.Any, 0);
                    socket.ReceiveFrom(_rx, ref dropped);
                    continue;
                }
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                a.Length = socket.ReceiveFrom(a.Data, ref from);
                a.AtMs = _clock!.NowMs;
                var ip = (IPEndPoint)from;
                IPAddress address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
                address.TryWriteBytes(a.Address, out a.AddressLength);
                a.FromPort = ip.Port;
                var local = (IPEndPoint)socket.LocalEndPoint!;
                a.Rtcp = (local.Port & 1) == 1;
                a.Port = local.Port & ~1;
                lock (_queue)
                {
                    _ring[(_head + _count) % QueueSlots] = a;
                    _count++;
                }
            }
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private const int QueueSlots = 128;
    private readonly object _queue = new();
    private readonly Arrival[] _ring = new Arrival[QueueSlots];
    private readonly System.Collections.Generic.Stack<Arrival> _free = NewFree();
    private int _head;
    private int _count;
    private NanoPhone.Sip.Timing.IClock? _clock;
    private System.Threading.Thread? _thread;
    private volatile bool _running;

    private static System.Collections.Generic.Stack<Arrival> NewFree()
    {
        var s = new System.Collections.Generic.Stack<Arrival>();
        for (int i = 0; i < QueueSlots; i++) s.Push(new Arrival());
        return s;
    }

    /// <summary>One datagram as received: its bytes, where from, on which pair, when.</summary>
    private sealed class Arrival
    {
        public readonly byte[] Data = new byte[2048];
        public int Length;
        public readonly byte[] Address = new byte[16];
        public int AddressLength;
        public int FromPort;
        public int Port;
        public bool Rtcp;
        public long AtMs;
    }

    private bool InUse(int port)
    {
        foreach (Pair? p in _pairs)
        {
            if (p != null && p.Port == port) return true;
        }
        return false;
    }

    public void Dispose()
    {
        _running = false;
        _thread?.Join(1000);
        for (int i = 0; i < _pairs.Length; i++)
        {
            _pairs[i]?.Dispose();
            _pairs[i] = null;
        }
    }

    private sealed class Pair : IDisposable
    {
        public readonly int Port;
        public readonly Socket Rtp;
        public readonly Socket Rtcp;

        private Pair(int port, Socket rtp, Socket rtcp)
        {
            Port = port;
            Rtp = rtp;
            Rtcp = rtcp;
        }

        public static Pair? TryBind(IPAddress address, int port)
        {
            Socket? rtp = null, rtcp = null;
            try
            {
                rtp = Bind(address, port);
                rtcp = Bind(address, port + 1);
                return new Pair(port, rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
                return null;
            }
        }

        private static Socket Bind(IPAddress address, int port)
        {
            var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    const int SioUdpConnReset = -1744830452;
                    s.IOControl(SioUdpConnReset, new byte[] { 0 }, null);
                }
                s.Bind(new IPEndPoint(address, port));
                s.Blocking = false;
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Rtp.Dispose();
            Rtcp.Dispose();
        }
    }
}
