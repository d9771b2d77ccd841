using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Transport;

/// <summary>
/// The agent's way out and in over every transport (RFC 3261 §18): UDP datagrams go straight to the
/// platform's socket; a message for TCP or TLS goes over the one connection to that server (opened
/// on first use, reused for registration, calls and the server's requests to us, RFC 5923 style),
/// queued while the connection is being made. What arrives on a connection is cut into messages by
/// a <see cref="StreamFramer"/> and handed to the agent like a datagram, with the connection's
/// endpoint (TCP or TLS) as the source, so responses go back on it (§18.2.2). RFC 5626 keep-alives:
/// <see cref="Ping"/> sends a double CRLF and expects the single-CRLF pong within
/// <see cref="PongTimeoutMs"/>; a server's ping is answered. A connection that fails — refused, a
/// certificate refused, reset, closed, framing broken (a huge Content-Length, garbage, a message
/// longer than the buffer), a pong missing — is closed; the transactions waiting on it fail at once
/// (so the request can go to the next server) and <see cref="IFlowEvents"/> hears why. Buffers are
/// fixed: one framer per connection slot (made on first use) and one queue for the connection
/// being opened. Loop thread only.
/// </summary>
public sealed class SipFlows : IDatagramSender, IStreamEvents, ITimerTarget
{
    /// <summary>RFC 5626 §4.4.1: a pong not received within 10 s means the flow has failed.</summary>
    public const int PongTimeoutMs = 10000;

    private static readonly byte[] Crlf = { (byte)'\r', (byte)'\n' };
    private static readonly byte[] DoubleCrlf = { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' };

    private readonly IDatagramSender _datagrams;
    private readonly IClock _clock;
    private readonly TimerQueue _timers;
    private readonly Connection[] _slots;
    private readonly int _maxMessage;
    private byte[] _pending;
    private int _pendingLength;
    private int _pendingSlot = -1;

    /// <param name="datagrams">The platform's UDP socket.</param>
    /// <param name="connections">Connection slots (the device: 2, one registration flow and one spare).</param>
    /// <param name="maxMessage">The longest message taken from a connection (and queued while connecting).</param>
    public SipFlows(IDatagramSender datagrams, IClock clock, TimerQueue timers, int connections, int maxMessage)
    {
        _datagrams = datagrams;
        _clock = clock;
        _timers = timers;
        _maxMessage = maxMessage;
        // A slot is made by the first connection that needs it and kept: a UDP-only phone makes none.
        _slots = new Connection[connections];
    }

    /// <summary>The platform's connections; null: no TCP or TLS (such sends fail).</summary>
    public IStreamSockets Streams { get; set; }

    /// <summary>Where framed messages go (the agent).</summary>
    public IDatagramReceiver Receiver { get; set; }

    /// <summary>Fails the transactions of a connection that failed.</summary>
    public TransactionLayer Layer { get; set; }

    /// <summary>Told when a connection opens or fails (registration).</summary>
    public IFlowEvents Events { get; set; }

    /// <summary>The TLS name to check for a server (the configured host); null: the address itself.</summary>
    public string TlsServerName { get; set; }

    public int ConnectionCapacity { get { return _slots.Length; } }

    public int MaxMessage { get { return _maxMessage; } }

    /// <summary>Connections open or being opened.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _slots.Length; i++) if (_slots[i] != null && _slots[i].State != ConnectionState.Free) n++;
            return n;
        }
    }

    /// <summary>The last connection failure, for the status ("connection refused by ...").</summary>
    public string LastFailure { get; private set; }

    // ---- Sending ----------------------------------------------------------------------------------

    /// <summary>
    /// One message to `to`: a datagram for UDP; otherwise over the connection to `to`, opened if
    /// there is none (the bytes wait until it is up). False when it cannot go: no connections on
    /// this platform, no slot free, the queue full, or the write failed.
    /// </summary>
    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        if (!TransportProtocols.IsReliable(to.Protocol)) return _datagrams.Send(buf, off, len, to);
        int i = Find(to);
        if (i < 0)
        {
            i = Open(to);
            if (i < 0) return false;
        }
        Connection c = _slots[i];
        if (c.State == ConnectionState.Open)
        {
            if (Streams.Write(c.Handle, buf, off, len)) return true;
            Fail(i, "write failed on the connection to " + c.Remote.ToString(), true);
            return false;
        }
        return Queue(i, buf, off, len);
    }

    /// <summary>Opens the connection to remote unless it is open or opening; false if it cannot be started.</summary>
    public bool Connect(Endpoint remote)
    {
        return Find(remote) >= 0 || Open(remote) >= 0;
    }

    /// <summary>True if the connection to remote is up.</summary>
    public bool IsOpen(Endpoint remote)
    {
        int i = Find(remote);
        return i >= 0 && _slots[i].State == ConnectionState.Open;
    }

    /// <summary>True if the connection to remote is being opened.</summary>
    public bool IsOpening(Endpoint remote)
    {
        int i = Find(remote);
        return i >= 0 && _slots[i].State == ConnectionState.Connecting;
    }

    /// <summary>This side's address of the open connection to remote into `into` (with its protocol); false if none is open.</summary>
    public bool LocalOf(Endpoint remote, Endpoint into)
    {
        int i = Find(remote);
        if (i < 0 || _slots[i].State != ConnectionState.Open) return false;
        into.CopyFrom(_slots[i].Local);
        return true;
    }

    /// <summary>Closes the connection to remote, if any, quietly (no events).</summary>
    public void Close(Endpoint remote)
    {
        int i = Find(remote);
        if (i < 0) return;
        Streams.Close(_slots[i].Handle);
        Release(i);
    }

    /// <summary>
    /// RFC 5626 §4.4.1 keep-alive on the connection to remote: a double CRLF, and the pong must come
    /// within <see cref="PongTimeoutMs"/> (else the connection is given up). False if it is not open.
    /// </summary>
    public bool Ping(Endpoint remote)
    {
        int i = Find(remote);
        if (i < 0 || _slots[i].State != ConnectionState.Open) return false;
        Connection c = _slots[i];
        if (!Streams.Write(c.Handle, DoubleCrlf, 0, DoubleCrlf.Length))
        {
            Fail(i, "write failed on the connection to " + c.Remote.ToString(), true);
            return false;
        }
        c.PingsSent++;
        if (c.PongTimer == TimerQueue.None) c.PongTimer = _timers.Schedule(_clock.NowMs + PongTimeoutMs, this, 0, i);
        return true;
    }

    /// <summary>Pongs received on the connection to remote (tests, the status); -1 if there is none.</summary>
    public int PongsOf(Endpoint remote)
    {
        int i = Find(remote);
        return i < 0 ? -1 : _slots[i].Pongs;
    }

    // ---- From the platform --------------------------------------------------------------------------

    public void OnOpened(int handle, Endpoint local)
    {
        int i = SlotOf(handle);
        if (i < 0) return;
        Connection c = _slots[i];
        c.State = ConnectionState.Open;
        c.Local.CopyFrom(local);
        c.Local.Protocol = c.Remote.Protocol;
        if (_pendingSlot == i)
        {
            _pendingSlot = -1;
            int n = _pendingLength;
            _pendingLength = 0;
            if (n > 0 && !Streams.Write(c.Handle, _pending, 0, n))
            {
                Fail(i, "write failed on the connection to " + c.Remote.ToString(), true);
                return;
            }
        }
        if (Events != null) Events.OnFlowOpened(c.Remote, c.Local);
    }

    public void OnData(int handle, byte[] buf, int off, int len)
    {
        int i = SlotOf(handle);
        if (i < 0) return;
        Connection c = _slots[i];
        int id = c.Handle;
        while (len > 0)
        {
            int taken = c.Framer.Write(buf, off, len);
            off += taken;
            len -= taken;
            while (true)
            {
                FrameResult r = c.Framer.Next();
                if (r == FrameResult.NeedMore) break;
                if (r == FrameResult.Error)
                {
                    Fail(i, "closed the connection to " + c.Remote.ToString() + ": " + c.Framer.Error, true);
                    return;
                }
                if (r == FrameResult.Ping)
                {
                    if (!Streams.Write(c.Handle, Crlf, 0, Crlf.Length))
                    {
                        Fail(i, "write failed on the connection to " + c.Remote.ToString(), true);
                        return;
                    }
                    continue;
                }
                if (r == FrameResult.Pong)
                {
                    c.Pongs++;
                    _timers.Cancel(ref c.PongTimer);
                    continue;
                }
                // A message: the agent may answer on this connection, or even close it, meanwhile.
                if (Receiver != null) Receiver.OnDatagram(c.Framer.Buffer, c.Framer.FrameOffset, c.Framer.FrameLength, c.Remote);
                if (c.Handle != id || c.State != ConnectionState.Open) return;
            }
            if (taken == 0 && len > 0)
            {
                Fail(i, "closed the connection to " + c.Remote.ToString() + ": message longer than " + _maxMessage + " bytes", true);
                return;
            }
        }
    }

    public void OnClosed(int handle, string why)
    {
        int i = SlotOf(handle);
        if (i < 0) return;
        Fail(i, why, false);
    }

    /// <summary>The pong timer of slot cookie.</summary>
    public void OnTimer(int timerKind, int cookie)
    {
        if (cookie < 0 || cookie >= _slots.Length || _slots[cookie] == null) return;
        Connection c = _slots[cookie];
        c.PongTimer = TimerQueue.None;
        if (c.State != ConnectionState.Open) return;
        Fail(cookie, "no answer to the keep-alive from " + c.Remote.ToString() + " within " + (PongTimeoutMs / 1000) + " s", true);
    }

    // ---- Internals ----------------------------------------------------------------------------------

    private int Find(Endpoint remote)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != null && _slots[i].State != ConnectionState.Free && _slots[i].Remote.SameFlow(remote)) return i;
        }
        return -1;
    }

    private int SlotOf(int handle)
    {
        if (handle <= 0) return -1;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != null && _slots[i].State != ConnectionState.Free && _slots[i].Handle == handle) return i;
        }
        return -1;
    }

    private int Open(Endpoint remote)
    {
        if (Streams == null)
        {
            LastFailure = "no " + TransportProtocols.ViaName(remote.Protocol) + " on this platform";
            return -1;
        }
        int i = -1;
        for (int k = 0; k < _slots.Length; k++)
        {
            if (_slots[k] == null) _slots[k] = new Connection();
            if (_slots[k].State == ConnectionState.Free) { i = k; break; }
        }
        if (i < 0)
        {
            LastFailure = "no free connection for " + remote.ToString();
            return -1;
        }
        int handle = Streams.Open(remote, TlsServerName);
        if (handle <= 0)
        {
            LastFailure = "cannot open a connection to " + remote.ToString();
            return -1;
        }
        Connection c = _slots[i];
        if (c.Framer == null) c.Framer = new StreamFramer(_maxMessage);
        c.Framer.Reset();
        c.Handle = handle;
        c.State = ConnectionState.Connecting;
        c.Remote.CopyFrom(remote);
        c.Local.Clear();
        c.Pongs = 0;
        c.PingsSent = 0;
        return i;
    }

    private bool Queue(int i, byte[] buf, int off, int len)
    {
        if (_pendingSlot >= 0 && _pendingSlot != i) return false;
        if (_pending == null) _pending = new byte[_maxMessage];
        if (_pendingLength + len > _pending.Length) return false;
        System.Array.Copy(buf, off, _pending, _pendingLength, len);
        _pendingLength += len;
        _pendingSlot = i;
        return true;
    }

    private void Fail(int i, string why, bool closeSocket)
    {
        Connection c = _slots[i];
        if (c.State == ConnectionState.Free) return;
        if (closeSocket && Streams != null) Streams.Close(c.Handle);
        LastFailure = why;
        // The remote outlives the slot's reuse by the events below.
        Endpoint remote = _failed;
        remote.CopyFrom(c.Remote);
        Release(i);
        if (Layer != null) Layer.ConnectionFailed(remote);
        if (Events != null) Events.OnFlowClosed(remote, why);
    }

    private readonly Endpoint _failed = new Endpoint();

    private void Release(int i)
    {
        Connection c = _slots[i];
        _timers.Cancel(ref c.PongTimer);
        c.State = ConnectionState.Free;
        c.Handle = 0;
        if (_pendingSlot == i)
        {
            _pendingSlot = -1;
            _pendingLength = 0;
        }
    }

    private enum ConnectionState : byte { Free, Connecting, Open }

    private sealed class Connection
    {
        public int Handle;
        public ConnectionState State;
        public readonly Endpoint Remote = new Endpoint();
        public readonly Endpoint Local = new Endpoint();
        public StreamFramer Framer;
        public int PongTimer = TimerQueue.None;
        public int Pongs;
        public int PingsSent;
    }
}
