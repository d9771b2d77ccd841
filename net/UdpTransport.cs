using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Net;

/// <summary>
/// SIP over UDP on the desktop: one socket bound to a local address (port 0 lets the system
/// choose; LocalEndpoint tells which). IPv4, IPv6, or dual-stack when bound to IPv6Any (IPv4
/// peers then appear as IPv4 endpoints). Receiving: either the SIP loop thread calls Poll (no
/// locks needed anywhere), or Start runs a receive thread that calls the receiver on that
/// thread (the receiver must then hand the datagram to the loop thread itself).
/// </summary>
public sealed class UdpTransport : IDatagramSender, IDatagramPoller, IDisposable
{
    /// <summary>Largest UDP payload.</summary>
    public const int MaxDatagram = 65507;

    private readonly Socket _socket;
    private readonly byte[] _rx = new byte[MaxDatagram];
    private readonly byte[] _addr = new byte[16];
    private readonly Endpoint _source = new();
    private readonly Endpoint _lastTo = new();
    private IPEndPoint? _lastToIp;
    private EndPoint _remote;
    private Thread? _thread;
    private volatile bool _running;

    public UdpTransport(IPEndPoint local)
    {
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (local.AddressFamily == AddressFamily.InterNetworkV6 && local.Address.Equals(IPAddress.IPv6Any))
            _socket.DualMode = true;
        if (OperatingSystem.IsWindows())
        {
            // Do not let an ICMP "port unreachable" for an earlier send fail the next receive.
            const int SioUdpConnReset = -1744830452;
            _socket.IOControl(SioUdpConnReset, new byte[] { 0 }, null);
        }
        _socket.Bind(local);
        LocalIPEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        LocalEndpoint = ToEndpoint(LocalIPEndPoint, new Endpoint());
        _remote = new IPEndPoint(local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    public UdpTransport(string localAddress, int port) : this(new IPEndPoint(IPAddress.Parse(localAddress), port)) { }

    /// <summary>The bound address and port (the port the system chose when asked for 0).</summary>
    public IPEndPoint LocalIPEndPoint { get; }

    /// <summary>The bound address and port as a sipua Endpoint (for Via and Contact).</summary>
    public Endpoint LocalEndpoint { get; }

    /// <summary>Sends one datagram; false if the socket reports an error. DNS names are resolved here, blocking.</summary>
    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        try
        {
            IPEndPoint? ip = Resolve(to);
            if (ip == null) return false;
            _socket.SendTo(buf, off, len, SocketFlags.None, ip);
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Waits up to timeoutMs for one datagram and hands it to receiver on the calling thread.
    /// False if none came (or the socket is closed).
    /// </summary>
    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        try
        {
            if (!_socket.Poll(timeoutMs * 1000L > int.MaxValue ? int.MaxValue : timeoutMs * 1000, SelectMode.SelectRead)) return false;
            int n = _socket.ReceiveFrom(_rx, 0, _rx.Length, SocketFlags.None, ref _remote);
            receiver.OnDatagram(_rx, 0, n, ToEndpoint((IPEndPoint)_remote, _source));
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>Starts a background thread that delivers every datagram to receiver (on that thread).</summary>
    public void Start(IDatagramReceiver receiver)
    {
        if (_thread != null) throw new InvalidOperationException("already started");
        _running = true;
        _thread = new Thread(() =>
        {
            while (_running) Poll(100, receiver);
        })
        { IsBackground = true, Name = "udp " + LocalIPEndPoint };
        _thread.Start();
    }

    /// <summary>Stops the receive thread (waits for it) and closes the socket.</summary>
    public void Dispose()
    {
        _running = false;
        _thread?.Join();
        _socket.Dispose();
    }

    private IPEndPoint? Resolve(Endpoint to)
    {
        if (_lastToIp != null && _lastTo.Equals(to)) return _lastToIp;
        IPAddress? address = null;
        if (to.IsName)
        {
            foreach (IPAddress a in Dns.GetHostAddresses(to.HostName!))
            {
                if (a.AddressFamily == _socket.AddressFamily || _socket.DualMode) { address = a; break; }
            }
        }
        else if (to.AddressLength > 0)
        {
            byte[] b = new byte[to.AddressLength];
            to.CopyAddressTo(b, 0);
            address = new IPAddress(b);
        }
        if (address == null) return null;
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
            address = address.MapToIPv6();
        _lastTo.CopyFrom(to);
        _lastToIp = new IPEndPoint(address, to.Port);
        return _lastToIp;
    }

    private Endpoint ToEndpoint(IPEndPoint ip, Endpoint into)
    {
        IPAddress a = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        a.TryWriteBytes(_addr, out int written);
        into.SetAddress(_addr, 0, written, ip.Port);
        return into;
    }
}
