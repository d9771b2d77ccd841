using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// RFC 3261 §17 with RFC 6026 over UDP: matches incoming messages to client and server
/// transactions or creates server transactions, runs their state machines and timers, and tells
/// the TU what happened (ITransactionUser). Owned by the one loop thread: no locks. Transactions
/// live in a fixed pool; retransmissions resend the bytes stored on the transaction. Matching a
/// message looks only at the transactions in its bucket of a hash index, and slots come off free
/// stacks, so a message costs the same with 16 transactions or 100,000. The timer queue must have
/// room for two timers per transaction besides whatever else uses it.
/// </summary>
public sealed class TransactionLayer : ITimerTarget
{
    private readonly IClock _clock;
    private readonly TimerQueue _timers;
    private readonly IDatagramSender _sender;
    private readonly ITransactionUser _user;
    private readonly TimerSettings _settings;
    private readonly TransactionPool _pool;
    private readonly BranchGenerator _branches;
    private readonly SipParser _parser;
    private readonly SipMessage _scratch;
    private readonly SipWriter _writer;

    public TransactionLayer(IClock clock, TimerQueue timers, IDatagramSender sender, ITransactionUser user,
        IRandom random, TimerSettings settings, int clientCapacity, int serverCapacity)
        : this(clock, timers, sender, user, random, settings, clientCapacity, serverCapacity, null, null, null)
    {
    }

    /// <summary>
    /// A layer that borrows its scratch objects (null: its own): the parser and message it parses a
    /// transaction's stored request or response into, and the writer of its 100 Trying and of the
    /// ACKs for 3xx–6xx. It uses them only inside one call (a 100 is sent, an ACK copied to its
    /// transaction before the TU hears of the response), so a TU that does the same with them on
    /// the same thread can share them (UserAgent does).
    /// </summary>
    public TransactionLayer(IClock clock, TimerQueue timers, IDatagramSender sender, ITransactionUser user,
        IRandom random, TimerSettings settings, int clientCapacity, int serverCapacity,
        SipParser parser, SipMessage scratch, SipWriter writer)
    {
        if (clock == null || timers == null || sender == null || user == null || random == null)
            throw new System.ArgumentNullException("clock, timers, sender, user and random are required");
        _clock = clock;
        _timers = timers;
        _sender = sender;
        _user = user;
        _settings = settings == null ? new TimerSettings() : settings;
        _pool = new TransactionPool(clientCapacity, serverCapacity);
        if (timers.Capacity < 2 * _pool.Size)
            throw new System.ArgumentException("the timer queue needs room for 2 timers per transaction");
        _branches = new BranchGenerator(random);
        _parser = parser != null ? parser : new SipParser();
        _scratch = scratch != null ? scratch : new SipMessage();
        _writer = writer != null ? writer : new SipWriter(512);
    }

    public TimerSettings Settings { get { return _settings; } }

    /// <summary>Writes branch IDs for the Via of new requests.</summary>
    public BranchGenerator Branches { get { return _branches; } }

    public int ClientCount { get { return _pool.ClientCount; } }

    public int ServerCount { get { return _pool.ServerCount; } }

    public int ServerCapacity { get { return _pool.ServerCapacity; } }

    public int ClientCapacity { get { return _pool.ClientCapacity; } }

    /// <summary>False when a new request would be Refused (pool or timer queue full): answer 503.</summary>
    public bool CanCreateServerTransaction { get { return _pool.HasFree(true) && _timers.FreeCount >= 2; } }

    public bool CanCreateClientTransaction { get { return _pool.HasFree(false) && _timers.FreeCount >= 2; } }

    /// <summary>Pool slots, clients first (for a debug dump).</summary>
    public int SlotCount { get { return _pool.Size; } }

    public SipTransaction SlotAt(int index) { return _pool.At(index); }

    // ---- From the transport --------------------------------------------------------------

    /// <summary>
    /// A parsed request from the network (§18.2.1 as amended by RFC 6026 §8.10): a retransmission
    /// is absorbed by its transaction, an ACK for a non-2xx is absorbed, an ACK for a 2xx goes to
    /// the TU, anything else creates a server transaction and goes to the TU — or is Refused when
    /// the pool is full, so the UA can answer 503 statelessly.
    /// </summary>
    public RequestOutcome OnRequest(SipMessage m, Endpoint source)
    {
        if (m == null || source == null || !m.IsRequest || m.Status != ParseStatus.Ok || m.ViaCount == 0 || m.CSeq < 0)
            return RequestOutcome.Invalid;
        SipTransaction tx = FindServer(m, m.Method);
        if (tx != null)
        {
            if (m.Method == SipMethod.Ack) return InviteServer.OnAck(this, tx, m, source);
            if (tx.Kind == TransactionKind.InviteServer) InviteServer.OnRetransmission(this, tx);
            else NonInviteServer.OnRetransmission(this, tx);
            return RequestOutcome.Absorbed;
        }
        if (m.Method == SipMethod.Ack)
        {
            _user.OnAck(null, m, source);
            return RequestOutcome.PassedToTu;
        }
        if (!CanCreateServerTransaction) return RequestOutcome.Refused;
        tx = _pool.Acquire(true);
        tx.Key.SetServer(m);
        _pool.Servers.Add(tx.Index, TransactionIndex.RequestHash(m));
        ResponseTarget(m, source, tx.Peer);
        if (m.Method == SipMethod.Invite)
        {
            tx.Kind = TransactionKind.InviteServer;
            InviteServer.Start(tx);
        }
        else
        {
            tx.Kind = TransactionKind.NonInviteServer;
            NonInviteServer.Start(tx);
        }
        _user.OnRequest(tx, m, source);
        return RequestOutcome.Created;
    }

    /// <summary>
    /// A parsed response from the network, passed to its client transaction (§17.1.3). A response
    /// that matches none is dropped (RFC 6026 §8.9): returns false.
    /// </summary>
    public bool OnResponse(SipMessage m, Endpoint source)
    {
        if (m == null || m.IsRequest || m.Status != ParseStatus.Ok || m.ViaCount == 0) return false;
        SipTransaction tx = FindClient(m);
        if (tx == null) return false;
        if (tx.Kind == TransactionKind.InviteClient) InviteClient.OnResponse(this, tx, m);
        else NonInviteClient.OnResponse(this, tx, m);
        return true;
    }

    // ---- From the TU ---------------------------------------------------------------------

    /// <summary>
    /// Starts a client transaction for a request the TU encoded in buf, whose top Via carries
    /// branch (from Branches) and whose method is method (not ACK: an ACK for a 2xx has no
    /// transaction, send it with SendStateless). The bytes are copied. Returns null when the client
    /// pool is full (CanCreateClientTransaction is false) or the transport refused the first send.
    /// A slot is freed only after OnTerminated returns: a TU that retries at once from OnTimeout
    /// or OnTerminated needs a spare client slot (or retries from a timer of its own).
    /// </summary>
    public SipTransaction SendRequest(SipMethod method, byte[] branch, int branchOffset, int branchLength,
        byte[] buf, int off, int len, Endpoint destination)
    {
        if (method == SipMethod.Ack) throw new System.ArgumentException("ACK has no client transaction (RFC 3261 §17.1)");
        if (branch == null || branchLength <= 0 || buf == null || len <= 0 || destination == null)
            throw new System.ArgumentException("a request needs a branch, bytes and a destination");
        if (!CanCreateClientTransaction) return null;
        SipTransaction tx = _pool.Acquire(false);
        tx.Kind = method == SipMethod.Invite ? TransactionKind.InviteClient : TransactionKind.NonInviteClient;
        tx.Key.SetClient(method, branch, branchOffset, branchLength);
        _pool.Clients.Add(tx.Index, TransactionIndex.BranchHash(branch, branchOffset, branchLength));
        tx.Message.Set(buf, off, len);
        tx.Peer.CopyFrom(destination);
        bool sent = method == SipMethod.Invite ? InviteClient.Start(this, tx) : NonInviteClient.Start(this, tx);
        if (sent) return tx;
        CancelTimers(tx);
        _pool.Release(tx);
        return null;
    }

    /// <summary>
    /// Sends a response the TU encoded for server transaction tx (to tx.Peer) and moves its state
    /// machine. False if tx is not active or its state takes no such response (e.g. a second
    /// final response to a non-INVITE), the bytes are not a status line, or the transport failed.
    /// </summary>
    public bool SendResponse(SipTransaction tx, byte[] buf, int off, int len)
    {
        if (tx == null || !tx.IsServer || !tx.IsActive) return false;
        int code = StatusCodeOf(buf, off, len);
        if (code < 100) return false;
        return tx.Kind == TransactionKind.InviteServer
            ? InviteServer.SendResponse(this, tx, code, buf, off, len)
            : NonInviteServer.SendResponse(this, tx, code, buf, off, len);
    }

    /// <summary>
    /// Sends the INVITE server transaction's last provisional (180, 183) again, unchanged: the TU's
    /// minute refresh while it keeps the INVITE pending (§13.3.1.1). False if tx is not an INVITE
    /// server transaction in Proceeding with a non-100 provisional sent, or the transport failed.
    /// </summary>
    public bool RepeatProvisional(SipTransaction tx)
    {
        if (tx == null || !tx.IsActive || tx.Kind != TransactionKind.InviteServer) return false;
        return InviteServer.RepeatProvisional(this, tx);
    }

    /// <summary>
    /// The last provisional response (101–199) sent on an INVITE server transaction still
    /// Proceeding, as it keeps it for retransmission (shared: read it at once), or null.
    /// </summary>
    public byte[] LastProvisional(SipTransaction tx, out int length)
    {
        length = 0;
        if (tx == null || !tx.IsActive || tx.Kind != TransactionKind.InviteServer || tx.State != TransactionState.Proceeding
            || tx.LastStatusCode <= 100 || tx.LastStatusCode >= 200) return null;
        length = tx.Message.Length;
        return tx.Message.Data;
    }

    /// <summary>
    /// Sends 100 Trying for request (§8.2.6.1: no To tag added, Timestamp copied). The TU calls it
    /// when told of an INVITE, inside OnRequest, while request is still valid.
    /// </summary>
    public bool SendTrying(SipTransaction tx, SipMessage request)
    {
        if (tx == null || !tx.IsActive || !ResponseBuilder.CanAnswer(request)) return false;
        ResponseBuilder.Begin(_writer, request, StatusLine.Trying, null, 0, 0);
        int ts = request.IndexOf(HeaderId.Timestamp);
        if (ts >= 0) _writer.Header(HeaderId.Timestamp, request.Buffer, request.ValueOffsetAt(ts), request.ValueLengthAt(ts));
        ResponseBuilder.End(_writer);
        return SendResponse(tx, _writer.Buffer, 0, _writer.Length);
    }

    /// <summary>Sends bytes outside any transaction: an ACK for a 2xx, a stateless 503.</summary>
    public bool SendStateless(byte[] buf, int off, int len, Endpoint to)
    {
        return _sender.Send(buf, off, len, to);
    }

    /// <summary>
    /// Where responses to request go (§18.2.2 for UDP with RFC 3581): the source address (what
    /// "received" would say); the source port if the top Via has rport, else its sent-by port
    /// (5060 if none). Over TCP or TLS the connection the request came in on: the source as it is
    /// (§18.2.2, first rule). Server transactions use it; so can stateless answers (503, 400...).
    /// </summary>
    public static void ResponseTarget(SipMessage request, Endpoint source, Endpoint into)
    {
        into.CopyFrom(source);
        if (TransportProtocols.IsReliable(source.Protocol)) return;
        if (!request.TopVia.HasRport) into.Port = request.TopVia.Port != 0 ? request.TopVia.Port : Endpoint.DefaultSipPort;
    }

    /// <summary>
    /// A connection failed (refused, reset, closed, its keep-alive unanswered): every client
    /// transaction still waiting for an answer over it fails now instead of waiting for its timer
    /// (§17.1.4, RFC 3263 §4.3: the TU may try the next server at once). Returns how many.
    /// </summary>
    public int ConnectionFailed(Endpoint remote)
    {
        int n = 0;
        for (int i = 0; i < _pool.Size; i++)
        {
            SipTransaction tx = _pool.At(i);
            if (!tx.IsActive || tx.IsServer || !tx.IsReliable || !tx.Peer.SameFlow(remote)) continue;
            bool waiting = tx.State == TransactionState.Calling || tx.State == TransactionState.Trying
                || tx.State == TransactionState.Proceeding;
            if (!waiting) continue;
            TransportFailed(tx);
            n++;
        }
        return n;
    }

    /// <summary>True if a server transaction already holds this request (it would be absorbed).</summary>
    public bool IsRetransmission(SipMessage request)
    {
        return request != null && request.IsRequest && request.ViaCount > 0 && FindServer(request, request.Method) != null;
    }

    /// <summary>The INVITE server transaction a CANCEL refers to (§9.2: matched as if it were the INVITE), or null.</summary>
    public SipTransaction FindInviteServer(SipMessage cancel)
    {
        if (cancel == null || !cancel.IsRequest || cancel.ViaCount == 0) return null;
        return FindServer(cancel, SipMethod.Invite);
    }

    /// <summary>Ends tx at once, e.g. an INVITE whose CANCEL got no final response (§9.1). OnTerminated follows.</summary>
    public void Abandon(SipTransaction tx)
    {
        if (tx != null && tx.IsActive) Terminate(tx, TransactionEnd.Abandoned);
    }

    // ---- Timers ----------------------------------------------------------------------------

    /// <summary>Called by the TimerQueue; cookie is the transaction's pool index.</summary>
    public void OnTimer(int timerKind, int cookie)
    {
        if (cookie < 0 || cookie >= _pool.Size) return;
        SipTransaction tx = _pool.At(cookie);
        if (!tx.IsActive) return;
        if (TimerKind.IsRetransmit(timerKind)) tx.RetransmitTimer = TimerQueue.None;
        else tx.LifeTimer = TimerQueue.None;
        switch (tx.Kind)
        {
            case TransactionKind.InviteClient: InviteClient.OnTimer(this, tx, timerKind); break;
            case TransactionKind.NonInviteClient: NonInviteClient.OnTimer(this, tx, timerKind); break;
            case TransactionKind.InviteServer: InviteServer.OnTimer(this, tx, timerKind); break;
            default: NonInviteServer.OnTimer(this, tx, timerKind); break;
        }
    }

    // ---- Services for the state machines ------------------------------------------------------

    internal ITransactionUser User { get { return _user; } }

    internal bool Transmit(SipTransaction tx, ByteStore bytes)
    {
        return _sender.Send(bytes.Data, 0, bytes.Length, tx.Peer);
    }

    internal bool TransmitBytes(byte[] buf, int off, int len, Endpoint to)
    {
        return _sender.Send(buf, off, len, to);
    }

    internal void StartRetransmitTimer(SipTransaction tx, int kind, int delayMs)
    {
        _timers.Cancel(tx.RetransmitTimer);
        tx.RetransmitTimer = Schedule(tx, kind, delayMs);
    }

    internal void StartLifeTimer(SipTransaction tx, int kind, int delayMs)
    {
        _timers.Cancel(tx.LifeTimer);
        tx.LifeTimer = Schedule(tx, kind, delayMs);
    }

    internal void CancelTimers(SipTransaction tx)
    {
        _timers.Cancel(tx.RetransmitTimer);
        _timers.Cancel(tx.LifeTimer);
        tx.RetransmitTimer = TimerQueue.None;
        tx.LifeTimer = TimerQueue.None;
    }

    /// <summary>Timer B, F or H: tell the TU, then terminate.</summary>
    internal void TimedOut(SipTransaction tx, TransactionEnd end)
    {
        CancelTimers(tx);
        tx.End = end;
        _user.OnTimeout(tx);
        Terminate(tx, end);
    }

    /// <summary>§17.1.4: a client transaction tells the TU and terminates; RFC 6026 §8.8: a server one stays.</summary>
    internal void TransportFailed(SipTransaction tx)
    {
        if (tx.IsServer)
        {
            _user.OnTransportError(tx);
            return;
        }
        CancelTimers(tx);
        tx.End = TransactionEnd.TransportError;
        _user.OnTransportError(tx);
        Terminate(tx, TransactionEnd.TransportError);
    }

    internal void Terminate(SipTransaction tx, TransactionEnd end)
    {
        if (!tx.IsActive) return;
        CancelTimers(tx);
        tx.State = TransactionState.Terminated;
        if (tx.End == TransactionEnd.None) tx.End = end;
        _user.OnTerminated(tx);
        _pool.Release(tx);
    }

    /// <summary>Builds the §17.1.1.3 ACK for a 3xx–6xx response into tx.Ack.</summary>
    internal bool BuildAck(SipTransaction tx, SipMessage response)
    {
        tx.Ack.Clear();
        if (_parser.Parse(tx.Message.Data, 0, tx.Message.Length, _scratch) != ParseStatus.Ok) return false;
        if (!AckBuilder.Build(_writer, _scratch, response)) return false;
        tx.Ack.Set(_writer.Buffer, 0, _writer.Length);
        return true;
    }

    /// <summary>RFC 2543 ACK matching needs the To tag of the final response sent (§17.2.3).</summary>
    internal void NoteFinalResponse(SipTransaction tx)
    {
        if (!tx.Key.Rfc2543 || tx.Key.HasResponseToTag) return;
        if (_parser.Parse(tx.Message.Data, 0, tx.Message.Length, _scratch) != ParseStatus.Ok) return;
        tx.Key.SetResponseToTag(_scratch.Buffer, _scratch.ToTagOffset, _scratch.ToTagLength);
    }

    // ---- Internals -------------------------------------------------------------------------

    private int Schedule(SipTransaction tx, int kind, int delayMs)
    {
        int h = _timers.Schedule(_clock.NowMs + delayMs, this, kind, tx.Index);
        if (h == TimerQueue.None) throw new System.InvalidOperationException("timer queue full: size it for 2 timers per transaction");
        return h;
    }

    /// <summary>§17.2.3 over the server transactions in m's bucket of the index (pool order).</summary>
    private SipTransaction FindServer(SipMessage m, SipMethod asMethod)
    {
        TransactionIndex index = _pool.Servers;
        int hash = TransactionIndex.RequestHash(m);
        for (int i = index.First(hash); i >= 0; i = index.Next(i, hash))
        {
            SipTransaction tx = _pool.At(i);
            if (tx.IsActive && tx.Key.MatchesRequest(m, asMethod)) return tx;
        }
        return null;
    }

    /// <summary>§17.1.3 over the client transactions in m's bucket of the index (pool order).</summary>
    private SipTransaction FindClient(SipMessage m)
    {
        TransactionIndex index = _pool.Clients;
        int hash = TransactionIndex.ResponseHash(m);
        for (int i = index.First(hash); i >= 0; i = index.Next(i, hash))
        {
            SipTransaction tx = _pool.At(i);
            if (tx.IsActive && tx.Key.MatchesResponse(m)) return tx;
        }
        return null;
    }

    /// <summary>The status code of "SIP/2.0 NNN ...", or -1.</summary>
    private static int StatusCodeOf(byte[] b, int off, int len)
    {
        if (b == null || len < 12 || b[off + 7] != (byte)' ') return -1;
        int code = 0;
        for (int i = 8; i < 11; i++)
        {
            byte c = b[off + i];
            if (c < (byte)'0' || c > (byte)'9') return -1;
            code = code * 10 + (c - '0');
        }
        return code <= 699 ? code : -1;
    }
}
