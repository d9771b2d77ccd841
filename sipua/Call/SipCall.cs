using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// One call of the phone, pooled: its INVITE transaction, its dialog, the state the user sees, the
/// one final response it may send, and its timers. Buffers are allocated once per pool slot.
/// </summary>
public sealed class SipCall
{
    public const int MaxMessage = 1500;

    internal readonly int Index;
    public int Number;
    public bool InUse;
    public bool Incoming;
    public CallState State;
    public string Peer = "";

    internal SipTransaction InviteTx;
    internal int InviteTxId;
    internal readonly SipDialog Dialog = new SipDialog();
    internal readonly ByteField LocalTag = new ByteField(16);
    /// <summary>The INVITE's From tag, Call-ID, CSeq and branch: the merged-request key (§8.2.2.2).</summary>
    internal readonly ByteField CallId = new ByteField(128);
    internal readonly ByteField FromTag = new ByteField(64);
    internal readonly ByteField Branch = new ByteField(96);
    internal long InviteCSeq;

    /// <summary>Set once: the INVITE got its final response (2xx, 3xx, 4xx...). Decides every race.</summary>
    internal bool FinalSent;
    internal int FinalCode;
    internal bool Confirmed;
    internal bool OfferInInvite;
    internal bool LocalHold;

    /// <summary>The INVITE (or re-INVITE) being answered, kept for the responses that come later.</summary>
    internal readonly byte[] Invite = new byte[2048];
    internal int InviteLength;
    /// <summary>Where that INVITE came from (the received/rport of the responses' Via).</summary>
    internal readonly Endpoint InviteSource = new Endpoint();

    /// <summary>Our 2xx, resent (T1 doubling to T2) until its ACK (§13.3.1.4).</summary>
    internal readonly byte[] Ok = new byte[MaxMessage];
    internal int OkLength;
    internal int OkInterval;
    internal long OkSentAt;
    internal readonly Endpoint ResponseTarget = new Endpoint();

    // ---- Our own calls (UAC) ------------------------------------------------------------------
    public const int MaxRedirects = 5;
    public const int MaxCandidates = 4;

    /// <summary>
    /// The caller's state (targets, redirects, auth, the winning 2xx's tag) while this is the
    /// phone's own call: the Dialer's one <see cref="OutgoingCall"/>; null for an incoming call.
    /// </summary>
    internal OutgoingCall Outgoing;
    internal int CancelTimer = TimerQueue.None;
    internal SipTransaction ReInviteTx;
    internal int ReInviteTxId;
    internal long ReInviteCSeq;

    internal int NoAnswerTimer = TimerQueue.None;
    internal int RetransmitTimer = TimerQueue.None;
    /// <summary>While ringing: the next minute's provisional (§13.3.1.1).</summary>
    internal int ProvisionalTimer = TimerQueue.None;
    /// <summary>While ringing: the INVITE's Expires runs out (§13.3.1), if it had one.</summary>
    internal int ExpiresTimer = TimerQueue.None;

    internal SipCall(int index)
    {
        Index = index;
    }

    internal void Clear()
    {
        InUse = false;
        Incoming = false;
        State = CallState.Incoming;
        Peer = "";
        InviteTx = null;
        InviteTxId = 0;
        Dialog.Clear();
        LocalTag.Clear();
        CallId.Clear();
        FromTag.Clear();
        Branch.Clear();
        InviteCSeq = 0;
        FinalSent = false;
        FinalCode = 0;
        Confirmed = false;
        OfferInInvite = false;
        LocalHold = false;
        OkLength = 0;
        InviteLength = 0;
        Outgoing = null;
        CancelTimer = TimerQueue.None;
        ReInviteTx = null;
        ReInviteTxId = 0;
        ReInviteCSeq = 0;
        OkInterval = 0;
        NoAnswerTimer = TimerQueue.None;
        RetransmitTimer = TimerQueue.None;
        ProvisionalTimer = TimerQueue.None;
        ExpiresTimer = TimerQueue.None;
    }

    /// <summary>True while the INVITE transaction is the one this call started with and still runs.</summary>
    internal bool InviteActive
    {
        get { return InviteTx != null && InviteTx.Id == InviteTxId && InviteTx.IsActive; }
    }

    /// <summary>True from ringing until the call is over: the phone is busy.</summary>
    public bool IsLive
    {
        get { return InUse && !CallStates.IsFinal(State); }
    }
}
