using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// One client or server transaction: a pooled, reusable record with an explicit state. The TU holds
/// it between the layer's callbacks; once OnTerminated has been called the same object serves a
/// later transaction, which the TU can tell by Id. Its buffers keep their arrays across uses.
/// </summary>
public sealed class SipTransaction
{
    internal readonly int Index;
    internal readonly TransactionKey Key = new TransactionKey();
    /// <summary>Client: the request, for retransmission. Server: the last response sent.</summary>
    internal readonly ByteStore Message = new ByteStore();
    /// <summary>INVITE client: the ACK for the non-2xx final response, resent on its retransmissions.</summary>
    internal readonly ByteStore Ack = new ByteStore();
    internal int RetransmitTimer = TimerQueue.None;
    internal int LifeTimer = TimerQueue.None;
    internal int RetransmitInterval;

    internal SipTransaction(int index, bool server)
    {
        Index = index;
        IsServer = server;
    }

    /// <summary>Unique per use of this object (0 when free): keep it with the reference to detect reuse.</summary>
    public int Id { get; internal set; }

    public TransactionKind Kind { get; internal set; }

    public TransactionState State { get; internal set; }

    public string StateName { get { return TransactionStates.Name(State); } }

    /// <summary>Why it ended; None while it runs.</summary>
    public TransactionEnd End { get; internal set; }

    /// <summary>The request's method (the CSeq method).</summary>
    public SipMethod Method { get { return Key.Method; } }

    public bool IsServer { get; }

    public bool IsClient { get { return !IsServer; } }

    public bool IsInvite { get { return Kind == TransactionKind.InviteClient || Kind == TransactionKind.InviteServer; } }

    /// <summary>RFC 2543 peer: the request had no magic-cookie branch (server only).</summary>
    public bool IsRfc2543 { get { return Key.Rfc2543; } }

    /// <summary>Last status code received (client) or sent (server); 0 before any.</summary>
    public int LastStatusCode { get; internal set; }

    /// <summary>
    /// Client: where the request (and a non-2xx ACK) goes. Server: where responses go
    /// (§18.2.2 with RFC 3581: the source address; the source port if rport, else the Via port).
    /// </summary>
    public Endpoint Peer { get; } = new Endpoint();

    /// <summary>For the TU: e.g. the dialog or call this transaction belongs to. Cleared on reuse.</summary>
    public object UserData;

    /// <summary>Its messages go over TCP or TLS (Peer's protocol): no retransmissions, Timers D, I, J, K zero (RFC 3261 §17).</summary>
    public bool IsReliable { get { return Peer.Protocol != NanoPhone.Sip.Transport.TransportProtocol.Udp; } }

    /// <summary>True while it is running (not free, not terminated).</summary>
    public bool IsActive { get { return State != TransactionState.Free && State != TransactionState.Terminated; } }

    /// <summary>The branch (allocates; for logs).</summary>
    public string BranchText { get { return Ascii.ToString(Key.Bytes, Key.BranchOffset, Key.BranchLength); } }

    /// <summary>True if this object still is the transaction the TU saw with this id.</summary>
    public bool Is(int id) { return id != 0 && Id == id && IsActive; }

    /// <summary>"INVITE client z9hG4bK... Calling" (allocates; for logs and a debug dump).</summary>
    public override string ToString()
    {
        if (State == TransactionState.Free) return "(free transaction)";
        return SipMethods.Name(Method) + (IsServer ? " server " : " client ") + BranchText + " " + StateName;
    }

    internal void Reset()
    {
        Id = 0;
        State = TransactionState.Free;
        End = TransactionEnd.None;
        LastStatusCode = 0;
        UserData = null;
        Key.Clear();
        Message.Clear();
        Ack.Clear();
        Peer.Clear();
        RetransmitTimer = TimerQueue.None;
        LifeTimer = TimerQueue.None;
        RetransmitInterval = 0;
    }
}
