using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Device.Net;

/// <summary>
/// SIP over TCP and TLS on the ESP32 (IStreamSockets): a System.Net.Sockets Socket per connection,
/// wrapped for TLS in nanoFramework's SslStream (mbedTLS, TLS 1.2, SNI = the server name; the
/// server's certificate must chain to tls.ca, read from I:\, and carry that name, else the handshake
/// fails and nothing is sent). Each connection has a thread that connects, shakes hands and reads;
/// what it finds waits in a small queue until the loop thread polls (<see cref="Poll"/> wraps the
/// UDP poller and delivers first). Writes come from the loop thread. Device-only glue: the framing,
/// keep-alives and failover live in the portable SipFlows.
/// Bounds: nanoFramework's Socket.Connect has no timeout of its own and SslStream.AuthenticateAsClient
/// waits for the server with an infinite one (the thread waits, the others run), so the loop's poll
/// gives a connection <see cref="ConnectTimeoutMs"/> to connect and <see cref="HandshakeTimeoutMs"/>
/// for the handshake, then closes its socket (which ends the waiting call) and reports one line, as
/// the desktop does ("TLS host:port: TLS handshake not finished within 10 s").
/// </summary>
public sealed class DeviceStreamSockets : IStreamSockets, IDatagramPoller
{
    private const int Slots = 2;
    private const int QueueLength = 16;
    private const int ReadBuffer = 1024;
    /// <summary>The longest the UDP poll waits while a connection is open (its thread cannot wake the poll).</summary>
    private const int PollSliceMs = 20;
    public const int ConnectTimeoutMs = 5000;
    public const int HandshakeTimeoutMs = 10000;
    private const int Connecting = 1, Handshaking = 2, Up = 3;

    private readonly IDatagramPoller _udp;
    private readonly X509Certificate _ca;
    private readonly X509Certificate _client;
    private readonly object _gate = new object();
    private readonly Socket[] _sockets = new Socket[Slots];
    private readonly Stream[] _streams = new Stream[Slots];
    private readonly int[] _handles = new int[Slots];
    private readonly bool[] _tls = new bool[Slots];
    private readonly string[] _names = new string[Slots];
    private readonly Endpoint[] _remotes = new Endpoint[Slots];
    // What a connection's thread is doing (Connecting, Handshaking, Up) and since when (TickCount64).
    private readonly int[] _phase = new int[Slots];
    private readonly long[] _since = new long[Slots];
    // The queue: kind (1 opened, 2 data, 3 closed), handle, bytes, text.
    private readonly int[] _kinds = new int[QueueLength];
    private readonly int[] _qHandles = new int[QueueLength];
    private readonly byte[][] _data = new byte[QueueLength][];
    private readonly string[] _why = new string[QueueLength];
    private readonly Endpoint[] _local = new Endpoint[QueueLength];
    private int _head;
    private int _count;
    private int _nextHandle;

    /// <param name="udp">The SIP socket's poller.</param>
    /// <param name="ca">The CA of tls.ca (null: TLS connections are refused, nothing sent in clear).</param>
    /// <param name="client">The client certificate and key of tls.cert, or null.</param>
    public DeviceStreamSockets(IDatagramPoller udp, X509Certificate ca, X509Certificate client)
    {
        _udp = udp;
        _ca = ca;
        _client = client;
        for (int i = 0; i < Slots; i++) _remotes[i] = new Endpoint();
    }

    /// <summary>
    /// The CA of tls.ca: a PEM file on root (I:\); null and why when it is unset or unreadable (TLS is
    /// then refused, never replaced by clear text).
    /// </summary>
    public static X509Certificate ReadCa(string root, string file, out string error)
    {
        error = null;
        if (file == null || file.Length == 0)
        {
            error = "tls.ca is not set: TLS connections are refused";
            return null;
        }
        try
        {
            return new X509Certificate(File.ReadAllBytes(root + file));
        }
        catch (Exception e)
        {
            error = "tls.ca: cannot read " + file + ": " + e.Message + "; TLS connections are refused";
            return null;
        }
    }

    /// <summary>The DNS server DHCP gave the first interface (port 53), into dns; unset when there is none.</summary>
    public static void DhcpDns(Endpoint dns)
    {
        NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
        string[] servers = all.Length > 0 ? all[0].IPv4DnsAddresses : null;
        if (servers == null || servers.Length == 0 || !dns.TrySetHost(servers[0], 53) || dns.IsName) dns.Clear();
    }

    /// <summary>Where the connections' events go (the agent's flows).</summary>
    public IStreamEvents Events;

    public int Open(Endpoint remote, string serverName)
    {
        lock (_gate)
        {
            for (int i = 0; i < Slots; i++)
            {
                if (_handles[i] != 0) continue;
                _nextHandle++;
                _handles[i] = _nextHandle;
                _tls[i] = remote.Protocol == TransportProtocol.Tls;
                _names[i] = serverName;
                _remotes[i].CopyFrom(remote);
                _phase[i] = Connecting;
                _since[i] = Environment.TickCount64;
                int slot = i;
                new Thread(() => Run(slot)).Start();
                return _nextHandle;
            }
        }
        return 0;
    }

    public bool Write(int handle, byte[] buf, int off, int len)
    {
        Stream s = StreamOf(handle);
        if (s == null) return false;
        try
        {
            s.Write(buf, off, len);
            return true;
        }
        catch (Exception e)
        {
            Close(handle);
            // The loop thread: never wait for room (it is the one that makes it); SipFlows hears of it from false anyway.
            TryQueue(3, handle, null, "write failed: " + Describe(e), null);
            return false;
        }
    }

    public void Close(int handle)
    {
        lock (_gate)
        {
            for (int i = 0; i < Slots; i++)
            {
                if (_handles[i] != handle) continue;
                _handles[i] = 0;
                Stream s = _streams[i];
                Socket socket = _sockets[i];
                _streams[i] = null;
                _sockets[i] = null;
                try { if (s != null) s.Dispose(); else if (socket != null) socket.Close(); } catch (Exception) { }
            }
        }
    }

    /// <summary>The loop's poll: the connections' events first, then the UDP socket (briefly while connections are open).</summary>
    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        GiveUpSlowOnes();
        if (Deliver() > 0) timeoutMs = 0;
        else if (AnyOpen() && timeoutMs > PollSliceMs) timeoutMs = PollSliceMs;
        return _udp.Poll(timeoutMs, receiver);
    }

    /// <summary>Loop thread: a connection not connected or not through its handshake in time is closed, with why.</summary>
    private void GiveUpSlowOnes()
    {
        long now = Environment.TickCount64;
        for (int i = 0; i < Slots; i++)
        {
            int handle;
            string why;
            lock (_gate)
            {
                handle = _handles[i];
                // A full queue: next turn (Deliver below empties it; this thread must not wait for room).
                if (handle == 0 || _phase[i] == Up || _count == QueueLength) continue;
                long waited = now - _since[i];
                if (_phase[i] == Connecting && waited >= ConnectTimeoutMs)
                    why = "no connection within " + (ConnectTimeoutMs / 1000) + " s";
                else if (_phase[i] == Handshaking && waited >= HandshakeTimeoutMs)
                    why = "TLS handshake not finished within " + (HandshakeTimeoutMs / 1000) + " s";
                else continue;
                why = (_tls[i] ? "TLS " : "TCP ") + _remotes[i].ToString() + ": " + why;
            }
            // Closing the socket ends the thread's Connect or AuthenticateAsClient; it reports nothing more.
            Close(handle);
            TryQueue(3, handle, null, why, null);
        }
    }

    private int Deliver()
    {
        int n = 0;
        IStreamEvents events = Events;
        while (events != null)
        {
            int kind, handle;
            byte[] data;
            string why;
            Endpoint local;
            lock (_gate)
            {
                if (_count == 0) break;
                kind = _kinds[_head]; handle = _qHandles[_head]; data = _data[_head]; why = _why[_head]; local = _local[_head];
                _data[_head] = null; _local[_head] = null;
                _head = (_head + 1) % QueueLength;
                _count--;
            }
            n++;
            if (kind == 1) events.OnOpened(handle, local);
            else if (kind == 2) events.OnData(handle, data, 0, data.Length);
            else events.OnClosed(handle, why);
        }
        return n;
    }

    private void Run(int slot)
    {
        int handle;
        bool tls;
        string name;
        Endpoint remote = new Endpoint();
        lock (_gate)
        {
            handle = _handles[slot];
            tls = _tls[slot];
            name = _names[slot];
            remote.CopyFrom(_remotes[slot]);
        }
        string where = (tls ? "TLS " : "TCP ") + remote.ToString();
        try
        {
            if (tls && _ca == null) throw new IOException("no CA for the server's certificate (tls.ca); nothing sent");
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            lock (_gate) { if (_handles[slot] == handle) _sockets[slot] = socket; }
            socket.Connect(new IPEndPoint(AddressOf(remote), remote.Port));
            Stream stream;
            if (tls)
            {
                Entered(slot, handle, Handshaking);
                SslStream ssl = new SslStream(socket);
                ssl.SslVerification = SslVerification.CertificateRequired;
                try
                {
                    ssl.AuthenticateAsClient(name, _client, _ca, SslProtocols.Tls12);
                }
                catch (Exception e)
                {
                    ssl.Dispose();
                    throw new IOException("certificate of " + name + " refused or handshake failed (" + Describe(e) + "); nothing sent");
                }
                stream = ssl;
            }
            else
            {
                stream = new NetworkStream(socket, true);
            }
            lock (_gate)
            {
                if (_handles[slot] != handle) { stream.Dispose(); return; }
                _streams[slot] = stream;
                _phase[slot] = Up;
            }
            IPEndPoint mine = (IPEndPoint)socket.LocalEndPoint;
            Endpoint local = new Endpoint();
            byte[] a = mine.Address.GetAddressBytes();
            local.SetAddress(a, 0, a.Length, mine.Port);
            local.Protocol = tls ? TransportProtocol.Tls : TransportProtocol.Tcp;
            Queue(1, handle, null, null, local);
            byte[] buf = new byte[ReadBuffer];
            while (true)
            {
                int n = stream.Read(buf, 0, buf.Length);
                if (n <= 0)
                {
                    Ended(slot, handle, where + ": closed by the server");
                    return;
                }
                byte[] copy = new byte[n];
                Array.Copy(buf, copy, n);
                Queue(2, handle, copy, null, null);
            }
        }
        catch (Exception e)
        {
            Ended(slot, handle, where + ": " + Describe(e));
        }
    }

    private void Entered(int slot, int handle, int phase)
    {
        lock (_gate)
        {
            if (_handles[slot] != handle) return;
            _phase[slot] = phase;
            _since[slot] = Environment.TickCount64;
        }
    }

    /// <summary>One line for a failure: nanoFramework's SocketException has no message, only its code.</summary>
    private static string Describe(Exception e)
    {
        SocketException se = e as SocketException;
        if (se == null) return e.Message;
        switch (se.ErrorCode)
        {
            case (int)SocketError.ConnectionReset: return "connection reset";
            case (int)SocketError.ConnectionAborted: return "connection aborted";
            case (int)SocketError.ConnectionRefused: return "connection refused";
            case (int)SocketError.TimedOut: return "connection timed out";
            default: return "socket error " + se.ErrorCode;
        }
    }

    private void Ended(int slot, int handle, string why)
    {
        lock (_gate)
        {
            if (_handles[slot] != handle) return; // closed by the loop: no event
        }
        Close(handle);
        Queue(3, handle, null, why, null);
    }

    private void Queue(int kind, int handle, byte[] data, string why, Endpoint local)
    {
        // A connection's thread: a full queue waits for the loop's next turn, so no event is lost.
        while (!TryQueue(kind, handle, data, why, local)) Thread.Sleep(PollSliceMs);
    }

    private bool TryQueue(int kind, int handle, byte[] data, string why, Endpoint local)
    {
        lock (_gate)
        {
            if (_count == QueueLength) return false;
            int at = (_head + _count) % QueueLength;
            _kinds[at] = kind; _qHandles[at] = handle; _data[at] = data; _why[at] = why; _local[at] = local;
            _count++;
            return true;
        }
    }

    /// <summary>The server's IPv4 address (a name, which the resolver normally spares us, through the system's DNS).</summary>
    private static IPAddress AddressOf(Endpoint e)
    {
        if (e.IsName)
        {
            IPAddress[] found = Dns.GetHostEntry(e.HostName).AddressList;
            for (int i = 0; i < found.Length; i++) if (found[i].AddressFamily == AddressFamily.InterNetwork) return found[i];
            throw new IOException("no IPv4 address for " + e.HostName);
        }
        if (!e.IsIPv4) throw new IOException("no IPv6 connections on this device");
        byte[] bytes = new byte[4];
        e.CopyAddressTo(bytes, 0);
        return new IPAddress(bytes);
    }

    private Stream StreamOf(int handle)
    {
        lock (_gate)
        {
            for (int i = 0; i < Slots; i++) if (_handles[i] == handle) return _streams[i];
        }
        return null;
    }

    private bool AnyOpen()
    {
        lock (_gate)
        {
            for (int i = 0; i < Slots; i++) if (_handles[i] != 0) return true;
        }
        return false;
    }
}
