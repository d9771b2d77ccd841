using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// One call of the phone, pooled: its state (<see cref="CallState"/>), its INVITE transaction and
/// dialog, the INVITE and 2xx it keeps for the responses and retransmissions that come later, its
/// negotiated media, and its timers. Buffers are allocated once per pool slot. The machines that
/// move it are <see cref="IncomingCall"/>, <see cref="Dialer"/> and <see cref="InDialog"/>.
/// The INVITE and 2xx buffers are sized to the messages the slot has kept: each grows (in steps
/// of <see cref="BufferStep"/>) when a longer one comes and stays that size, so a slot of a phone
/// whose messages are short holds short buffers, and a steady phone allocates nothing per call.
/// </summary>
public sealed class SipCall
{
    public const int MaxMessage = 1500;
    /// <summary>The longest INVITE a call keeps (a longer one is answered 513, or not kept for its CANCEL).</summary>
    public const int MaxInvite = 2048;
    /// <summary>The INVITE and 2xx buffers grow in these steps: a little longer message next time needs no new one.</summary>
    public const int BufferStep = 256;
    public const int MaxRedirects = 5;
    public const int MaxCandidates = 4;

    internal readonly int Index;

    /// <summary>The phone's number for the call (1, 2, ...), not the SIP Call-ID.</summary>
    public int Number { get; internal set; }

    public CallState State { get; internal set; }

    /// <summary>The other party as people read it ("Name &lt;sip:...&gt;", or the URI).</summary>
    public string Peer { get; internal set; }

    /// <summary>
    /// This phone holds the call (its offers say sendonly). Orthogonal to the state: hold is the
    /// media direction of a call that stays confirmed, and it outlives re-INVITEs either way.
    /// </summary>
    public bool IsHolding { get; internal set; }

    /// <summary>When the call was answered (our 2xx sent, or the far end's received), on the agent's clock; -1 before.</summary>
    public long AnsweredAtMs { get; internal set; }

    /// <summary>
    /// Seconds after which this incoming call answers itself (an intercom call, or autoanswer.seconds),
    /// or <see cref="AutoAnswer.Never"/>: it rings until someone answers.
    /// </summary>
    public int AutoAnswerSeconds { get; internal set; }

    /// <summary>True once the call was answered by its auto-answer timer, not by a person (the app puts it on the speaker).</summary>
    public bool AutoAnswered { get; internal set; }

    /// <summary>The call's audio as offer and answer left it: ports, codec, direction, the far end's hold.</summary>
    public NegotiatedMedia Media { get; } = new NegotiatedMedia();

    internal SipTransaction InviteTx;
    internal int InviteTxId;
    internal readonly SipDialog Dialog = new SipDialog();
    internal readonly ByteField LocalTag = new ByteField(16);
    /// <summary>The INVITE's From tag, Call-ID, CSeq and branch: the merged-request key (§8.2.2.2).</summary>
    internal readonly ByteField CallId = new ByteField(128);
    internal readonly ByteField FromTag = new ByteField(64);
    internal readonly ByteField Branch = new ByteField(96);
    internal long InviteCSeq;

    /// <summary>
    /// The INVITE (or re-INVITE) being answered, kept for the responses that come later and for the
    /// offer they answer; for our own call the INVITE as sent, which its CANCEL copies. Sized by
    /// <see cref="KeepInvite"/>: empty until the slot's first call.
    /// </summary>
    internal byte[] Invite = NoBytes;
    internal int InviteLength;
    /// <summary>Where that INVITE came from (the received/rport of the responses' Via).</summary>
    internal readonly Endpoint InviteSource = new Endpoint();
    /// <summary>
    /// Once the 180 is sent: where its headers copied from the INVITE end (Via to CSeq, our tag
    /// with them), which the final response copies from the provisional its transaction keeps; 0 before.
    /// </summary>
    internal int ProvisionalCopiedEnd;

    /// <summary>
    /// Our 2xx, resent (T1 doubling to T2) until its ACK (§13.3.1.4); for our own call the ACK of its
    /// 2xx. Each call keeps its own (two may wait for their ACKs at once); sized by <see cref="KeepOk"/>.
    /// </summary>
    internal byte[] Ok = NoBytes;
    internal int OkLength;
    internal int OkInterval;
    internal long OkSentAt;
    internal readonly Endpoint ResponseTarget = new Endpoint();

    /// <summary>
    /// The caller's state (targets, redirects, auth, the winning 2xx's tag) while this is the
    /// phone's own call: the Dialer's one <see cref="OutgoingCall"/>; null for an incoming call.
    /// </summary>
    internal OutgoingCall Outgoing;
    /// <summary>Our re-INVITE (hold, resume) until its final response: its client transaction is its state machine.</summary>
    internal SipTransaction ReInviteTx;
    internal int ReInviteTxId;
    internal long ReInviteCSeq;

    /// <summary>While ringing: the no-answer forward (§13.3.1.1 ends it with a 302).</summary>
    internal int NoAnswerTimer = TimerQueue.None;
    /// <summary>While ringing: the next minute's provisional (§13.3.1.1).</summary>
    internal int ProvisionalTimer = TimerQueue.None;
    /// <summary>While ringing: the INVITE's Expires runs out (§13.3.1), if it had one.</summary>
    internal int ExpiresTimer = TimerQueue.None;
    /// <summary>IncomingAccepted, ReInviteAccepted: the 2xx's next retransmission.</summary>
    internal int RetransmitTimer = TimerQueue.None;
    /// <summary>OutgoingCancelling: giving up on the 487 (§9.1).</summary>
    internal int CancelTimer = TimerQueue.None;
    /// <summary>Intercom: answers the ringing call (<see cref="AutoAnswerSeconds"/>).</summary>
    internal int AutoAnswerTimer = TimerQueue.None;

    // ---- Transfer (RFC 3515, 3891), beside the call's state as hold is ----------------------------

    /// <summary>As transferor: where our REFER on this call stands.</summary>
    public TransferState Transfer { get; internal set; }
    internal SipTransaction ReferTx;
    internal int ReferTxId;
    /// <summary>As transferee: the CSeq of the REFER accepted on this call (the NOTIFYs' Event id), 0 when none is followed.</summary>
    internal long AcceptedRefer;
    /// <summary>As transferee, on the call placed for a REFER: the referring call's slot and number (-1: not referred).</summary>
    internal int ReferrerIndex = -1;
    internal int ReferrerNumber;

    // ---- Session timer (RFC 4028) ----------------------------------------------------------------

    /// <summary>The negotiated session interval, seconds; 0 when the call has none.</summary>
    public int SessionExpires { get; internal set; }
    /// <summary>True if this phone refreshes the session (else it expects the peer to).</summary>
    public bool RefreshesSession { get; internal set; }
    /// <summary>The peer listed timer in Supported (so our 2xx may Require it).</summary>
    internal bool PeerSupportsTimer;
    /// <summary>The peer's Allow lists UPDATE: refreshes go by UPDATE, not re-INVITE.</summary>
    internal bool PeerAllowsUpdate;
    /// <summary>Confirmed: the refresh due (refresher) or the session's end (the other side).</summary>
    internal int SessionTimer = TimerQueue.None;
    /// <summary>Our UPDATE refreshing the session, until its final response.</summary>
    internal SipTransaction UpdateTx;
    internal int UpdateTxId;

    private static readonly byte[] NoBytes = new byte[0];

    internal SipCall(int index)
    {
        Index = index;
        Peer = string.Empty;
        AnsweredAtMs = -1;
    }

    /// <summary>
    /// Where the call's signalling comes from: the INVITE's source for a call to the phone, the next
    /// hop of its requests for our own; media latching compares the SDP's address with it.
    /// </summary>
    public Endpoint SignalledFrom { get { return IsOutgoing ? ResponseTarget : InviteSource; } }

    /// <summary>True if this is the phone's own call (it sent the INVITE).</summary>
    public bool IsOutgoing { get { return Outgoing != null; } }

    /// <summary>True from ringing (or dialing) until the call is over: the phone is busy.</summary>
    public bool IsLive { get { return State != CallState.Idle && State != CallState.Terminated; } }

    public string StateName { get { return CallStates.Name(State); } }

    /// <summary>"call 2 confirmed Graham &lt;sip:...&gt;" (allocates; logs and a debug dump).</summary>
    public override string ToString()
    {
        return "call " + Number + " " + StateName + (IsHolding ? " holding " : " ")
            + (Transfer != TransferState.None ? TransferStates.Name(Transfer) + " " : "") + Peer;
    }

    internal bool InUse { get { return State != CallState.Idle; } }

    /// <summary>True while the INVITE transaction is the one this call started with and still runs.</summary>
    internal bool InviteActive
    {
        get { return InviteTx != null && InviteTx.Id == InviteTxId && InviteTx.IsActive; }
    }

    /// <summary>Copies an INVITE (at most <see cref="MaxInvite"/> bytes, else false) into <see cref="Invite"/>, grown if it is too short.</summary>
    internal bool KeepInvite(byte[] b, int off, int length)
    {
        if (length > MaxInvite) return false;
        Invite = Fit(Invite, length, MaxInvite);
        System.Array.Copy(b, off, Invite, 0, length);
        InviteLength = length;
        return true;
    }

    /// <summary>Copies our 2xx (or our ACK), cut at <see cref="MaxMessage"/> as before, into <see cref="Ok"/>, grown if it is too short.</summary>
    internal void KeepOk(byte[] b, int length)
    {
        int n = length > MaxMessage ? MaxMessage : length;
        Ok = Fit(Ok, n, MaxMessage);
        System.Array.Copy(b, 0, Ok, 0, n);
        OkLength = n;
    }

    /// <summary>buffer if length fits it, else a new one: length rounded up to a step, at most max.</summary>
    private static byte[] Fit(byte[] buffer, int length, int max)
    {
        if (length <= buffer.Length) return buffer;
        int size = (length + BufferStep - 1) / BufferStep * BufferStep;
        return new byte[size > max ? max : size];
    }

    internal void Clear()
    {
        State = CallState.Idle;
        Peer = string.Empty;
        IsHolding = false;
        AnsweredAtMs = -1;
        Media.Clear();
        InviteTx = null;
        InviteTxId = 0;
        Dialog.Clear();
        LocalTag.Clear();
        CallId.Clear();
        FromTag.Clear();
        Branch.Clear();
        InviteCSeq = 0;
        OkLength = 0;
        InviteLength = 0;
        ProvisionalCopiedEnd = 0;
        Outgoing = null;
        ReInviteTx = null;
        ReInviteTxId = 0;
        ReInviteCSeq = 0;
        OkInterval = 0;
        NoAnswerTimer = TimerQueue.None;
        ProvisionalTimer = TimerQueue.None;
        ExpiresTimer = TimerQueue.None;
        RetransmitTimer = TimerQueue.None;
        CancelTimer = TimerQueue.None;
        Transfer = TransferState.None;
        ReferTx = null;
        ReferTxId = 0;
        AcceptedRefer = 0;
        ReferrerIndex = -1;
        ReferrerNumber = 0;
        SessionExpires = 0;
        RefreshesSession = false;
        PeerSupportsTimer = false;
        PeerAllowsUpdate = false;
        SessionTimer = TimerQueue.None;
        UpdateTx = null;
        UpdateTxId = 0;
        AutoAnswerTimer = TimerQueue.None;
        AutoAnswerSeconds = AutoAnswer.Never;
        AutoAnswered = false;
    }
}
