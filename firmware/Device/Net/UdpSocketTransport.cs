using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Device.Net;

/// <summary>
/// SIP over UDP on nanoFramework (System.Net.Sockets): one IPv4 socket bound to the local SIP port,
/// polled by the loop thread (Socket.Poll, then ReceiveFrom), so the thread that owns the SIP state
/// also receives. Maps System.Net's IPEndPoint to and from sipua's <see cref="Endpoint"/>; a DNS
/// name is resolved (blocking, Dns.GetHostEntry) on the first send to it and the answer kept for the
/// sends that follow. Datagrams longer than <see cref="MaxDatagram"/> are dropped by the socket.
/// </summary>
public sealed class UdpSocketTransport : IDatagramSender, IDatagramPoller
{
    /// <summary>The receive buffer: SIP over UDP stays under the path MTU (RFC 3261 §18.1.1), with room to spare.</summary>
    public const int MaxDatagram = 4096;

    private readonly Socket _socket;
    private readonly byte[] _rx = new byte[MaxDatagram];
    private readonly Endpoint _source = new Endpoint();
    private readonly Endpoint _lastTo = new Endpoint();
    private IPEndPoint _lastToIp;
    private EndPoint _remote = new IPEndPoint(IPAddress.Any, 0);

    /// <summary>Binds to <paramref name="localPort"/> on every interface; throws SocketException if the port is taken.</summary>
    public UdpSocketTransport(int localPort)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Any, localPort));
        LocalPort = localPort;
    }

    public int LocalPort { get; }

    /// <summary>The phone's IPv4 address (from the network interface, after DHCP) and the SIP port, for Via and Contact.</summary>
    public Endpoint LocalEndpoint()
    {
        return ToEndpoint(new IPEndPoint(IPAddress.GetDefaultLocalAddress(), LocalPort), new Endpoint());
    }

    /// <summary>Sends one datagram; false when the socket reports an error or the name does not resolve.</summary>
    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        try
        {
            IPEndPoint ip = Resolve(to);
            if (ip == null) return false;
            _socket.SendTo(buf, off, len, SocketFlags.None, ip);
            return true;
        }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Waits up to timeoutMs for one datagram and hands it to receiver on the calling thread.
    /// False if none came. When the socket fails (no network yet), it still waits out timeoutMs, so
    /// the loop calling it does not spin.
    /// </summary>
    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        int n;
        try
        {
            if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return false;
            n = _socket.ReceiveFrom(_rx, 0, _rx.Length, SocketFlags.None, ref _remote);
        }
        catch (SocketException)
        {
            Thread.Sleep(timeoutMs);
            return false;
        }
        receiver.OnDatagram(_rx, 0, n, ToEndpoint((IPEndPoint)_remote, _source));
        return true;
    }

    /// <summary>Closes the socket.</summary>
    public void Close()
    {
        _socket.Close();
    }

    private IPEndPoint Resolve(Endpoint to)
    {
        if (_lastToIp != null && _lastTo.Equals(to)) return _lastToIp;
        IPAddress address = null;
        if (to.IsName)
        {
            IPAddress[] found = Dns.GetHostEntry(to.HostName).AddressList;
            for (int i = 0; i < found.Length && address == null; i++)
            {
                if (found[i].AddressFamily == AddressFamily.InterNetwork) address = found[i];
            }
        }
        else if (to.IsIPv4)
        {
            byte[] bytes = new byte[4];
            to.CopyAddressTo(bytes, 0);
            address = new IPAddress(bytes);
        }
        if (address == null) return null;
        _lastTo.CopyFrom(to);
        _lastToIp = new IPEndPoint(address, to.Port);
        return _lastToIp;
    }

    private static Endpoint ToEndpoint(IPEndPoint ip, Endpoint into)
    {
        byte[] bytes = ip.Address.GetAddressBytes();
        into.SetAddress(bytes, 0, bytes.Length, ip.Port);
        return into;
    }
}
