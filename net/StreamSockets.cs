using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Net;

/// <summary>
/// SIP over TCP and TLS on the desktop (RFC 3261 §18, §26): the connections the pure core's
/// <see cref="SipFlows"/> asks for. Each connection has a thread that connects (at most
/// <see cref="ConnectTimeoutMs"/>), does the TLS handshake (.NET's SslStream, TLS 1.2 or 1.3, SNI and
/// the certificate checked by <see cref="TlsPolicy"/>, at most <see cref="HandshakeTimeoutMs"/>),
/// then reads. What happens is queued as events and handed to the loop thread by
/// <see cref="Deliver"/> (the loop's poll calls it; <see cref="Wake"/> cuts the poll's wait short
/// when an event comes). Writes come from the loop thread and go straight to the stream. A refused
/// certificate closes the connection before a byte of SIP is written.
/// </summary>
public sealed class StreamSockets : IStreamSockets, IDisposable
{
    public const int ConnectTimeoutMs = 5000;
    public const int HandshakeTimeoutMs = 10000;
    private const int ReadBuffer = 8192;

    private readonly TlsPolicy _tls;
    private readonly ConcurrentQueue<StreamEvent> _events = new();
    private readonly ConcurrentDictionary<int, Connection> _connections = new();
    private int _nextHandle;
    private volatile bool _disposed;

    public StreamSockets(TlsPolicy? tls)
    {
        _tls = tls ?? new TlsPolicy(null, null);
    }

    /// <summary>Called from a connection's thread when an event is queued (the loop's poll wakes).</summary>
    public Action? Wake { get; set; }

    /// <summary>Every connection event and write as one line ("TLS 127.0.0.1:5061 open from 127.0.0.1:40000"), for the SIP log; null: none.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>True when events wait for <see cref="Deliver"/>.</summary>
    public bool HasEvents => !_events.IsEmpty;

    /// <summary>Connections open or opening.</summary>
    public int Count => _connections.Count;

    public int Open(Endpoint remote, string? serverName)
    {
        if (_disposed) return 0;
        var target = ToIPEndPoint(remote);
        if (target == null) return 0;
        int handle = Interlocked.Increment(ref _nextHandle);
        var c = new Connection(handle, remote.Protocol == TransportProtocol.Tls, target, serverName ?? target.Address.ToString());
        _connections[handle] = c;
        c.Thread = new Thread(() => Run(c)) { IsBackground = true, Name = "sip " + (c.Tls ? "tls " : "tcp ") + target };
        c.Thread.Start();
        return handle;
    }

    public bool Write(int handle, byte[] buf, int off, int len)
    {
        if (!_connections.TryGetValue(handle, out Connection? c) || c.Stream == null) return false;
        try
        {
            lock (c.WriteGate) c.Stream.Write(buf, off, len);
            return true;
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException || e is InvalidOperationException)
        {
            Queue(new StreamEvent(handle, StreamEventKind.Closed, null, 0, "write failed on " + c.Target + ": " + e.Message));
            return false;
        }
    }

    public void Close(int handle)
    {
        if (!_connections.TryRemove(handle, out Connection? c)) return;
        c.ClosedHere = true;
        c.Dispose();
    }

    /// <summary>Loop thread: hands every queued event to events, in order. Returns how many.</summary>
    public int Deliver(IStreamEvents events)
    {
        int n = 0;
        while (_events.TryDequeue(out StreamEvent? e))
        {
            n++;
            switch (e.Kind)
            {
                case StreamEventKind.Opened:
                    events.OnOpened(e.Handle, e.Local!);
                    break;
                case StreamEventKind.Data:
                    events.OnData(e.Handle, e.Data!, 0, e.Length);
                    break;
                default:
                    // A connection closed here gets no event: the core has forgotten it.
                    if (!_connections.TryRemove(e.Handle, out Connection? c)) break;
                    c.Dispose();
                    events.OnClosed(e.Handle, e.Why!);
                    break;
            }
        }
        return n;
    }

    public void Dispose()
    {
        _disposed = true;
        var threads = new System.Collections.Generic.List<Thread>();
        foreach (var c in _connections.Values)
        {
            c.ClosedHere = true;
            c.Dispose();
            if (c.Thread != null) threads.Add(c.Thread);
        }
        _connections.Clear();
        // Each thread ends within its connect or handshake bound once its socket is closed.
        foreach (Thread t in threads) t.Join(HandshakeTimeoutMs);
    }

    private void Run(Connection c)
    {
        string where = (c.Tls ? "TLS " : "TCP ") + c.Target;
        try
        {
            var socket = new Socket(c.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            c.Socket = socket;
            using (var cts = new CancellationTokenSource(ConnectTimeoutMs))
            {
                try
                {
                    socket.ConnectAsync(c.Target, cts.Token).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    throw new IOException("no connection within " + ConnectTimeoutMs / 1000 + " s");
                }
            }
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (c.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, _tls.Validate(c.ServerName));
                using var cts = new CancellationTokenSource(HandshakeTimeoutMs);
                try
                {
                    ssl.AuthenticateAsClientAsync(_tls.Options(c.ServerName), cts.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    ssl.Dispose();
                    throw new IOException("TLS handshake not finished within " + HandshakeTimeoutMs / 1000 + " s");
                }
                catch (Exception e) when (e is AuthenticationException || e is IOException)
                {
                    string? refused = _tls.TakeRefusal(c.ServerName);
                    ssl.Dispose();
                    throw new IOException(refused ?? "TLS handshake failed: " + e.Message);
                }
                stream = ssl;
            }
            c.Stream = stream;
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var localEp = new Endpoint();
            byte[] a = (local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address).GetAddressBytes();
            localEp.SetAddress(a, 0, a.Length, local.Port);
            localEp.Protocol = c.Tls ? TransportProtocol.Tls : TransportProtocol.Tcp;
            Log?.Invoke(where + " open from " + localEp);
            Queue(new StreamEvent(c.Handle, StreamEventKind.Opened, null, 0, null) { Local = localEp });
            byte[] buf = new byte[ReadBuffer];
            while (true)
            {
                int n = stream.Read(buf, 0, buf.Length);
                if (n <= 0)
                {
                    Closed(c, where + ": closed by the server");
                    return;
                }
                byte[] copy = new byte[n];
                Buffer.BlockCopy(buf, 0, copy, 0, n);
                Queue(new StreamEvent(c.Handle, StreamEventKind.Data, copy, n, null));
            }
        }
        catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is AuthenticationException
            || e is InvalidOperationException)
        {
            Closed(c, where + ": " + Describe(e));
        }
    }

    private void Closed(Connection c, string why)
    {
        if (c.ClosedHere) return;
        Log?.Invoke(why);
        Queue(new StreamEvent(c.Handle, StreamEventKind.Closed, null, 0, why));
    }

    private static string Describe(Exception e)
    {
        if (e is SocketException se)
        {
            return se.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset => "connection reset",
                SocketError.TimedOut => "connection timed out",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                _ => se.Message,
            };
        }
        if (e.InnerException is SocketException inner) return Describe(inner);
        return e.Message;
    }

    private void Queue(StreamEvent e)
    {
        _events.Enqueue(e);
        Wake?.Invoke();
    }

    private static IPEndPoint? ToIPEndPoint(Endpoint e)
    {
        if (e.IsName)
        {
            try
            {
                foreach (IPAddress a in Dns.GetHostAddresses(e.HostName!))
                    if (a.AddressFamily == AddressFamily.InterNetwork || a.AddressFamily == AddressFamily.InterNetworkV6) return new IPEndPoint(a, e.Port);
            }
            catch (SocketException) { }
            return null;
        }
        if (e.AddressLength == 0) return null;
        byte[] b = new byte[e.AddressLength];
        e.CopyAddressTo(b, 0);
        return new IPEndPoint(new IPAddress(b), e.Port);
    }

    private sealed class Connection : IDisposable
    {
        public readonly int Handle;
        public readonly bool Tls;
        public readonly IPEndPoint Target;
        public readonly string ServerName;
        public readonly object WriteGate = new();
        public Socket? Socket;
        public volatile Stream? Stream;
        public Thread? Thread;
        public volatile bool ClosedHere;

        public Connection(int handle, bool tls, IPEndPoint target, string serverName)
        {
            Handle = handle;
            Tls = tls;
            Target = target;
            ServerName = serverName;
        }

        public void Dispose()
        {
            try { Socket?.Shutdown(SocketShutdown.Both); } catch (Exception) { }
            try { Stream?.Dispose(); } catch (Exception) { }
            try { Socket?.Dispose(); } catch (Exception) { }
        }
    }

    private enum StreamEventKind { Opened, Data, Closed }

    private sealed class StreamEvent
    {
        public readonly int Handle;
        public readonly StreamEventKind Kind;
        public readonly byte[]? Data;
        public readonly int Length;
        public readonly string? Why;
        public Endpoint? Local;

        public StreamEvent(int handle, StreamEventKind kind, byte[]? data, int length, string? why)
        {
            Handle = handle;
            Kind = kind;
            Data = data;
            Length = length;
            Why = why;
        }
    }
}
