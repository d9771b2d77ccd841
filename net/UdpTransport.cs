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
/// thread (the receiver must then hand the datagram to the loop thread itself). Another thread
/// may cut a Poll's wait short with Wake. Receiving and sending allocate nothing (the source
/// address is read from a reused SocketAddress; the last destination's is kept).
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
    private readonly SocketAddress _from;         // the last datagram's source, filled by ReceiveFrom
    private readonly SocketAddress _self;         // where Wake sends its empty datagram: this socket
    private readonly int _fromSize;
    private readonly byte[] _empty = new byte[0];
    private SocketAddress? _lastToAddress;
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
        LocalEndpoint = new Endpoint();
        IPAddress bound = LocalIPEndPoint.Address;
        byte[] b = (bound.IsIPv4MappedToIPv6 ? bound.MapToIPv4() : bound).GetAddressBytes();
        LocalEndpoint.SetAddress(b, 0, b.Length, LocalIPEndPoint.Port);
        _from = new SocketAddress(_socket.AddressFamily);
        _fromSize = _from.Size;
        IPAddress selfAddress = bound.Equals(IPAddress.Any) ? IPAddress.Loopback
            : bound.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound;
        _self = new IPEndPoint(selfAddress, LocalIPEndPoint.Port).Serialize();
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
            SocketAddress? address = Resolve(to);
            if (address == null) return false;
            _socket.SendTo(new ReadOnlySpan<byte>(buf, off, len), SocketFlags.None, address);
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Waits up to timeoutMs for one datagram and hands it to receiver on the calling thread.
    /// False if none came (or the socket is closed). A Wake also ends the wait (true, but the
    /// receiver is not called).
    /// </summary>
    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        try
        {
            if (!_socket.Poll(timeoutMs * 1000L > int.MaxValue ? int.MaxValue : timeoutMs * 1000, SelectMode.SelectRead)) return false;
            _from.Size = _fromSize;                            // ReceiveFrom sets it to the source's size
            int n = _socket.ReceiveFrom(new Span<byte>(_rx), SocketFlags.None, _from);
            if (n == 0 && _from.Equals(_self)) return true;     // Wake's empty datagram
            if (!ToEndpoint(_from, _source)) return false;
            receiver.OnDatagram(_rx, 0, n, _source);
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>True if a datagram waits to be received (Poll would not wait).</summary>
    public bool HasDatagram
    {
        get
        {
            try { return _socket.Poll(0, SelectMode.SelectRead); }
            catch (SocketException) { return false; }
            catch (ObjectDisposedException) { return false; }
        }
    }

    /// <summary>
    /// Ends the current (or the next) Poll's wait from any thread: sends this socket an empty
    /// datagram, which Poll takes without calling the receiver.
    /// </summary>
    public void Wake()
    {
        try { _socket.SendTo(_empty, SocketFlags.None, _self); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
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

    private SocketAddress? Resolve(Endpoint to)
    {
        if (_lastToAddress != null && _lastTo.Equals(to)) return _lastToAddress;
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
        _lastToAddress = new IPEndPoint(address, to.Port).Serialize();
        return _lastToAddress;
    }

    /// <summary>
    /// A sockaddr_in / sockaddr_in6 as an Endpoint (an IPv4-mapped IPv6 address as IPv4). The port
    /// and address sit at the same offsets on every platform (2 and 4 for IPv4, 2 and 8 for IPv6).
    /// </summary>
    private bool ToEndpoint(SocketAddress from, Endpoint into)
    {
        Span<byte> sa = from.Buffer.Span;
        int port = (sa[2] << 8) | sa[3];
        if (from.Family == AddressFamily.InterNetwork)
        {
            sa.Slice(4, 4).CopyTo(_addr);
            into.SetAddress(_addr, 0, 4, port);
            return true;
        }
        if (from.Family != AddressFamily.InterNetworkV6) return false;
        Span<byte> a = sa.Slice(8, 16);
        bool mapped = a[10] == 0xFF && a[11] == 0xFF;
        for (int i = 0; i < 10 && mapped; i++) mapped = a[i] == 0;
        if (mapped)
        {
            a.Slice(12, 4).CopyTo(_addr);
            into.SetAddress(_addr, 0, 4, port);
        }
        else
        {
            a.CopyTo(_addr);
            into.SetAddress(_addr, 0, 16, port);
        }
        return true;
    }
}
