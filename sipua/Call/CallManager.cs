using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone's calls: a fixed table of <see cref="SipCall"/> slots, what the user does to them
/// (dial, answer, reject, hang up, hold), and the requests, responses and timers of the transaction
/// layer routed to the machine that owns the call's state: <see cref="IncomingCall"/> (the phone is
/// called, RFC 3261 §13.3), <see cref="Dialer"/> (the phone calls, §13.2) and <see cref="InDialog"/>
/// (the confirmed call: ACK, BYE, re-INVITE). Everything runs on the agent's loop thread, and each
/// decision about an INVITE's final response is taken once, by the state it moves the call out of,
/// so answer, no-answer timer and CANCEL cannot both win. The app hears every change as a
/// <see cref="CallEvent"/>.
/// </summary>
public sealed class CallManager : ITimerTarget, IClientOwner, ILiveCalls
{
    internal const int TimerNoAnswer = 1;
    internal const int TimerRetransmit2xx = 2;
    internal const int TimerCancelGiveUp = 3;
    internal const int TimerProvisional = 4;
    internal const int TimerInviteExpires = 5;
    internal const int TimerSession = 6;
    internal const int TimerAutoAnswer = 7;

    /// <summary>
    /// While an INVITE rings, its provisional is sent again this often: RFC 3261 §13.3.1.1 asks for
    /// a non-100 provisional at least every minute, as proxies may cancel a branch silent for three.
    /// </summary>
    public const int ProvisionalRepeatMs = 60000;

    private readonly UaContext _ctx;
    private readonly CallSettings _settings;
    private readonly ICallEvents _events;
    private readonly IMediaPorts _ports;
    /// <summary>The slots, made on first need and kept (a slot is ~8.4 KB on the device: its INVITE, 2xx and dialog buffers).</summary>
    private readonly SipCall[] _calls;
    /// <summary>Slots made so far: _calls[0.._made) exist, the rest are made when a call finds every one of those taken.</summary>
    private int _made;
    private readonly int _liveCalls;
    private readonly Dialer _dialer;
    private int _nextNumber;

    // Scratch of the call machines, each used from start to finish before the next use (one loop thread).
    /// <summary>SDP bodies, written just before the message that carries them.</summary>
    internal readonly SipWriter Sdp = new SipWriter(512);
    /// <summary>The SDP of the message being handled (an offer, an answer): parsed, used, forgotten.</summary>
    internal readonly SessionDescription Received = new SessionDescription();
    /// <summary>A To tag for a response outside any call (486, 482, 481...).</summary>
    internal readonly ByteField Tag = new ByteField(16);
    internal readonly byte[] Branch = new byte[BranchGenerator.Length];
    internal readonly Endpoint Hop = new Endpoint();
    /// <summary>A target typed for a transfer, checked before it goes into a Refer-To.</summary>
    internal readonly SipUri Scratch = new SipUri();
    /// <summary>The Refer-To of the REFER being handled.</summary>
    internal readonly NanoPhone.Sip.Refer.ReferTarget ReferTarget = new NanoPhone.Sip.Refer.ReferTarget();
    /// <summary>The Referred-By for the call a REFER places (kept by its OutgoingCall after).</summary>
    internal readonly ByteField ReferredBy = new ByteField(256);

    /// <param name="slots">Call slots: slots - 1 calls may be live (ringing, dialing, talking) at
    /// once, the last slot is for a call that is ending meanwhile; more callers get 486 without a slot.</param>
    /// <param name="ports">Where each call receives RTP; <see cref="ConfiguredMediaPort"/> gives every call the configured port.</param>
    public CallManager(UaContext context, CallSettings settings, ICallEvents events, IMediaPorts ports, int slots)
    {
        if (slots < 2) throw new System.ArgumentException("a phone needs at least 2 call slots");
        _ctx = context;
        _settings = settings;
        _events = events;
        _ports = ports;
        _calls = new SipCall[slots];
        _liveCalls = slots - 1;
        _dialer = new Dialer(this);
    }

    public CallSettings Settings { get { return _settings; } }

    internal UaContext Context { get { return _ctx; } }

    internal IMediaPorts Ports { get { return _ports; } }

    /// <summary>INVITEs dropped (or 403'd) by the ghost-call filter.</summary>
    public int GhostCalls { get; internal set; }

    // ---- The user ----------------------------------------------------------------------------

    /// <summary>Places a call to a number (sip:number@domain) or a SIP URI. Returns its number, or 0 and why not.</summary>
    public int Dial(string target, out string error)
    {
        return _dialer.Dial(target, out error);
    }

    /// <summary>Off-hook or the answer key: 200 OK with our SDP. False if the call can no longer be answered.</summary>
    public bool Answer(int number)
    {
        SipCall call = ByNumber(number);
        return call != null && IncomingCall.Answer(this, call);
    }

    /// <summary>The reject key: 603 Decline, or the busy forward target.</summary>
    public bool Reject(int number)
    {
        SipCall call = ByNumber(number);
        return call != null && IncomingCall.Decline(this, call);
    }

    /// <summary>On-hook: BYE for an answered call, CANCEL for ours before its answer; a ringing call is declined.</summary>
    public bool HangUp(int number)
    {
        SipCall call = ByNumber(number);
        if (call == null || !call.IsLive) return false;
        if (CallStates.IsOutgoing(call.State))
        {
            _dialer.HangUp(call);
            return true;
        }
        if (CallStates.IsUnanswered(call.State)) return IncomingCall.Decline(this, call);
        InDialog.HangUp(this, call);
        return true;
    }

    /// <summary>
    /// Puts a confirmed call on hold (a=sendonly) or resumes it (a=sendrecv) by re-INVITE. Resuming
    /// one call while another is talked on holds that one first (the swap of call waiting).
    /// </summary>
    public bool Hold(int number, bool hold)
    {
        SipCall call = ByNumber(number);
        if (call == null) return false;
        if (!hold && call.State == CallState.Confirmed && call.IsHolding) HoldActive(call);
        return InDialog.Hold(this, call, hold);
    }

    /// <summary>
    /// A 3-way conference: takes a call this phone holds off hold (re-INVITE a=sendrecv) and leaves
    /// the other calls talking (Hold(number, false) would hold them). False when the call is not
    /// held by us, not confirmed, or a re-INVITE is under way.
    /// </summary>
    public bool Join(int number)
    {
        SipCall call = ByNumber(number);
        return call != null && call.IsHolding && InDialog.Hold(this, call, false);
    }

    /// <summary>
    /// Blind transfer (RFC 3515): asks the peer of a confirmed call to call target (a number or SIP
    /// URI) by REFER. Null, or why not. The NOTIFYs that follow say how it goes; on a 2xx the phone
    /// hangs up (Ended, Transferred).
    /// </summary>
    public string Transfer(int number, string target)
    {
        SipCall call = ByNumber(number);
        if (call == null) return "no such call";
        return CallTransfer.Blind(this, call, target);
    }

    /// <summary>
    /// Attended transfer (RFC 5589 §7, RFC 3891): asks the peer of call number to call the peer of
    /// call consult, replacing our dialog with it (REFER with Replaces in Refer-To). Null, or why not.
    /// </summary>
    public string TransferTo(int number, int consult)
    {
        SipCall call = ByNumber(number);
        SipCall other = ByNumber(consult);
        if (call == null || other == null || call == other) return "no such pair of calls";
        return CallTransfer.Attended(this, call, other);
    }

    /// <summary>
    /// Sends an INFO in the answered call's dialog (RFC 6086), e.g. a key press when telephone-event
    /// was not negotiated. False when the call is not answered or the request could not be sent.
    /// </summary>
    public bool SendInfo(int number, string contentType, byte[] body, int off, int len)
    {
        SipCall call = ByNumber(number);
        return call != null && InDialog.SendInfo(this, call, contentType, body, off, len);
    }

    /// <summary>Decides on the INFOs received in a call (their body); null: every INFO in a dialog gets 200.</summary>
    public ICallInfo Info { get; set; }

    // ---- The calls ---------------------------------------------------------------------------

    /// <summary>The live call (ringing, dialing or answered) in the first slot that has one, or null.</summary>
    /// <summary>True while a call is live (ringing, being placed, talking).</summary>
    public bool HasLive { get { return Current != null; } }

    public SipCall Current
    {
        get
        {
            for (int i = 0; i < _made; i++)
            {
                if (_calls[i].IsLive) return _calls[i];
            }
            return null;
        }
    }

    /// <summary>The incoming call that has rung longest and is still unanswered, or null.</summary>
    public SipCall RingingCall()
    {
        SipCall oldest = null;
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (CallStates.IsUnanswered(c.State) && (oldest == null || c.Number < oldest.Number)) oldest = c;
        }
        return oldest;
    }

    /// <summary>The call with this number while it has its slot (also while its last event is handled), or null.</summary>
    public SipCall ByNumber(int number)
    {
        for (int i = 0; i < _made; i++)
        {
            if (_calls[i].InUse && _calls[i].Number == number) return _calls[i];
        }
        return null;
    }

    /// <summary>
    /// The call slots made so far, live or not (for a status page or a debug dump: read their state,
    /// do not keep them). A slot is made when a call first finds the others taken, up to the capacity.
    /// </summary>
    public int SlotCount { get { return _made; } }

    public SipCall SlotAt(int index) { return _calls[index]; }

    /// <summary>True if m (with a To tag) belongs to one of our dialogs.</summary>
    public bool HasDialog(SipMessage m)
    {
        return FindDialog(m) != null;
    }

    // ---- From the agent: requests -------------------------------------------------------------

    /// <summary>A new INVITE server transaction: a new call, a re-INVITE, or a merged copy.</summary>
    internal void OnInvite(SipTransaction tx, SipMessage m, Endpoint source)
    {
        if (!m.HasToTag)
        {
            IncomingCall.Admit(this, tx, m, source);
            return;
        }
        SipCall call = FindDialog(m);
        if (call == null) Respond(tx, m, 481, "Call/Transaction Does Not Exist");
        else InDialog.OnReInvite(this, call, tx, m);
    }

    /// <summary>CANCEL (§9.2): 200 for the CANCEL; 487 for the INVITE unless it already has its final response.</summary>
    internal void OnCancel(SipTransaction tx, SipMessage m)
    {
        SipTransaction invite = _ctx.Layer.FindInviteServer(m);
        if (invite == null)
        {
            Respond(tx, m, 481, "Call/Transaction Does Not Exist");
            return;
        }
        IncomingCall.OnCancel(this, ByInvite(invite), tx, m);
    }

    /// <summary>BYE (§15.1.2): 200 and the call is over; 481 for a dialog we do not have.</summary>
    internal void OnBye(SipTransaction tx, SipMessage m)
    {
        SipCall call = FindDialog(m);
        if (call == null) Respond(tx, m, 481, "Call/Transaction Does Not Exist");
        else InDialog.OnBye(this, call, tx, m);
    }

    /// <summary>REFER (RFC 3515): only within one of our confirmed calls (the peer transferring us); outside a dialog 403.</summary>
    internal void OnRefer(SipTransaction tx, SipMessage m)
    {
        SipCall call = m.HasToTag ? FindDialog(m) : null;
        if (!m.HasToTag) Respond(tx, m, 403, "Forbidden (REFER outside a call)");
        else if (call == null) Respond(tx, m, 481, "Call/Transaction Does Not Exist");
        else CallTransfer.OnRefer(this, call, tx, m);
    }

    /// <summary>NOTIFY (RFC 3515 §2.4.4): the progress of our REFER on one of our calls; anything else 481.</summary>
    internal void OnNotify(SipTransaction tx, SipMessage m)
    {
        SipCall call = m.HasToTag ? FindDialog(m) : null;
        if (call == null) Respond(tx, m, 481, "Subscription Does Not Exist");
        else CallTransfer.OnNotify(this, call, tx, m);
    }

    /// <summary>UPDATE (RFC 3311) within one of our calls: a session refresh (RFC 4028), perhaps with an offer.</summary>
    internal void OnUpdate(SipTransaction tx, SipMessage m)
    {
        SipCall call = m.HasToTag ? FindDialog(m) : null;
        if (call == null) Respond(tx, m, 481, "Call/Transaction Does Not Exist");
        else SessionRefresh.OnUpdate(this, call, tx, m);
    }

    /// <summary>INFO (RFC 6086): in a dialog of ours the app decides on its body; outside one, 481.</summary>
    internal void OnInfo(SipTransaction tx, SipMessage m)
    {
        SipCall call = FindDialog(m);
        if (call == null) Respond(tx, m, 481, "Call/Transaction Does Not Exist");
        else InDialog.OnInfo(this, call, tx, m, _events as IInfoEvents);
    }

    /// <summary>An ACK for a 2xx of ours (the transaction layer keeps those of non-2xx responses).</summary>
    internal void OnAck(SipMessage ack)
    {
        SipCall call = FindDialog(ack);
        if (call != null && ack.CSeq == call.InviteCSeq) InDialog.OnAck(this, call, ack);
    }

    // ---- From the agent: our requests' transactions (IClientOwner) -----------------------------

    // Our INVITEs and re-INVITEs; for BYE and CANCEL the answer changes nothing: the call is
    // already over for the user.
    public void OnResponse(SipTransaction tx, SipMessage response)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (!c.InUse) continue;
            if (c.IsOutgoing && c.InviteTx == tx && c.InviteTxId == tx.Id) { _dialer.OnResponse(c, response); return; }
            if (c.ReInviteTx == tx && c.ReInviteTxId == tx.Id) { InDialog.OnReInviteResponse(this, c, response); return; }
            if (c.UpdateTx == tx && c.UpdateTxId == tx.Id)
            {
                if (response.StatusCode < 200) return;
                c.UpdateTx = null;
                SessionRefresh.OnRefreshResponse(this, c, response);
                return;
            }
            if (c.ReferTx == tx && c.ReferTxId == tx.Id) { CallTransfer.OnReferResponse(this, c, response); return; }
        }
    }

    public void OnNoResponse(SipTransaction tx, string why)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (!c.InUse) continue;
            if (c.IsOutgoing && c.InviteTx == tx && c.InviteTxId == tx.Id) { _dialer.OnNoResponse(c, tx, why); return; }
            if (c.ReferTx == tx && c.ReferTxId == tx.Id) { CallTransfer.OnReferFailed(this, c, 408); return; }
            if (c.UpdateTx == tx && c.UpdateTxId == tx.Id)
            {
                // RFC 4028 §10: a refresh without a response (408) ends the session.
                c.UpdateTx = null;
                InDialog.SendBye(this, c.Dialog, c.ResponseTarget);
                Terminate(c, CallEventKind.Ended, CallCause.RefreshFailed, 408, "session refresh failed (no response)");
                return;
            }
        }
    }

    public void OnTerminated(SipTransaction tx) { }

    // ---- Timers --------------------------------------------------------------------------------

    public void OnTimer(int timerKind, int cookie)
    {
        if (cookie < 0 || cookie >= _made) return;
        SipCall call = _calls[cookie];
        if (!call.InUse) return;
        switch (timerKind)
        {
            case TimerNoAnswer: call.NoAnswerTimer = TimerQueue.None; IncomingCall.OnNoAnswer(this, call); break;
            case TimerInviteExpires: call.ExpiresTimer = TimerQueue.None; IncomingCall.OnExpired(this, call); break;
            case TimerProvisional: call.ProvisionalTimer = TimerQueue.None; IncomingCall.OnProvisionalDue(this, call); break;
            case TimerRetransmit2xx: call.RetransmitTimer = TimerQueue.None; InDialog.OnRetransmitDue(this, call); break;
            case TimerCancelGiveUp: call.CancelTimer = TimerQueue.None; _dialer.OnCancelUnanswered(call); break;
            case TimerSession: call.SessionTimer = TimerQueue.None; SessionRefresh.OnTimer(this, call); break;
            case TimerAutoAnswer: call.AutoAnswerTimer = TimerQueue.None; IncomingCall.OnAutoAnswer(this, call); break;
        }
    }

    internal int Schedule(SipCall call, long delayMs, int timerKind)
    {
        return _ctx.Timers.Schedule(_ctx.Clock.NowMs + delayMs, this, timerKind, call.Index);
    }

    // ---- Services for the machines -------------------------------------------------------------

    /// <summary>Tells the app; the call stays as it is.</summary>
    internal void Emit(SipCall call, CallEventKind kind, CallCause cause, int status, string detail)
    {
        // A call placed for a REFER: its referrer hears the outcome (NOTIFY sipfrag) before the app does.
        if (call.ReferrerIndex >= 0) CallTransfer.ReportToReferrer(this, call, kind, status, detail);
        _events.OnCall(new CallEvent(call.Number, kind, cause, status, call.Peer, detail, call));
    }

    /// <summary>A caller turned away before it got a slot still gets a number, and the app hears of it.</summary>
    internal void EmitTurnedAway(CallEventKind kind, CallCause cause, int status, string peer, string detail)
    {
        _events.OnCall(new CallEvent(++_nextNumber, kind, cause, status, peer, detail, null));
    }

    /// <summary>The call is over: its timers stop, the app hears why (the call readable meanwhile), and its slot is free.</summary>
    internal void Terminate(SipCall call, CallEventKind kind, CallCause cause, int status, string detail)
    {
        StopTimers(call);
        call.State = CallState.Terminated;
        Emit(call, kind, cause, status, detail);
        Release(call);
    }

    /// <summary>The INVITE got (or will not need) its final response: ringing's timers stop.</summary>
    internal void StopRinging(SipCall call)
    {
        _ctx.Timers.Cancel(ref call.NoAnswerTimer);
        _ctx.Timers.Cancel(ref call.ProvisionalTimer);
        _ctx.Timers.Cancel(ref call.ExpiresTimer);
        _ctx.Timers.Cancel(ref call.AutoAnswerTimer);
    }

    private void StopTimers(SipCall call)
    {
        StopRinging(call);
        _ctx.Timers.Cancel(ref call.RetransmitTimer);
        _ctx.Timers.Cancel(ref call.CancelTimer);
        _ctx.Timers.Cancel(ref call.SessionTimer);
    }

    /// <summary>
    /// A free slot, numbered and in its first state; null when every slot is taken. A slot already
    /// made is reused; a new one is made (and kept) only when all of those are taken, so a phone that
    /// never has two calls at once never holds the memory of a second or third.
    /// </summary>
    internal SipCall Allocate(CallState first)
    {
        SipCall c = null;
        for (int i = 0; i < _made; i++)
        {
            if (!_calls[i].InUse) { c = _calls[i]; break; }
        }
        if (c == null)
        {
            if (_made == _calls.Length) return null;
            c = new SipCall(_made);
            _calls[_made] = c;
            _made++;
        }
        c.Clear();
        c.State = first;
        c.Number = ++_nextNumber;
        return c;
    }

    internal void Release(SipCall call)
    {
        StopTimers(call);
        if (call.Media.LocalPort != 0) _ports.Release(call.Media.LocalPort);
        call.Media.LocalPort = 0;
        call.State = CallState.Idle;
    }

    /// <summary>
    /// A new caller may ring while there are fewer live calls than the capacity allows and every
    /// live call is an incoming one still ringing — or, with call waiting on, answered (the new one
    /// then waits). A call being placed makes the phone busy. A device (two live calls) with call
    /// waiting off is busy once a call is answered; with it on, a second caller waits.
    /// </summary>
    internal bool CanRingAnother()
    {
        int live = 0;
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (!c.IsLive) continue;
            if (CallStates.IsOutgoing(c.State)) return false;
            if (!CallStates.IsUnanswered(c.State) && !_settings.CallWaiting) return false;
            live++;
        }
        return live < _liveCalls;
    }

    /// <summary>True if a live call is answered (either way): a new caller now waits rather than rings.</summary>
    internal bool HasAnsweredCall()
    {
        for (int i = 0; i < _made; i++)
        {
            if (CallStates.IsAnswered(_calls[i].State)) return true;
        }
        return false;
    }

    /// <summary>
    /// Why the phone cannot place a call now, or null: one call is placed at a time, not while a
    /// caller rings, and only while a line is free (the answered calls go on hold meanwhile).
    /// </summary>
    internal string WhyNotDial()
    {
        int live = 0;
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (!c.IsLive) continue;
            if (CallStates.IsOutgoing(c.State)) return "already calling";
            if (CallStates.IsUnanswered(c.State)) return "a call is ringing";
            live++;
        }
        return live < _liveCalls ? null : "already in a call";
    }

    /// <summary>Puts every confirmed call that is talked on (not held), except keep, on hold: one call at a time has the handset.</summary>
    internal void HoldActive(SipCall keep)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (c != keep && c.State == CallState.Confirmed && !c.IsHolding) InDialog.Hold(this, c, true);
        }
    }

    /// <summary>The live call in slot index with this number (a referrer still there), or null.</summary>
    internal SipCall Slot(int index, int number)
    {
        if (index < 0 || index >= _made) return null;
        SipCall c = _calls[index];
        return c.IsLive && c.Number == number ? c : null;
    }

    internal Dialer Dialer { get { return _dialer; } }

    /// <summary>RFC 3261 §8.2.2.2: no To tag, same From tag, Call-ID and CSeq as a transaction still running.</summary>
    internal bool IsMerged(SipMessage m)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (!c.InUse || !c.InviteActive) continue;
            if (c.InviteCSeq == m.CSeq && c.CallId.Equals(m.Buffer, m.CallIdOffset, m.CallIdLength)
                && c.FromTag.Equals(m.Buffer, m.FromTagOffset, m.FromTagLength)
                && !c.Branch.Equals(m.Buffer, m.TopVia.BranchOffset, m.TopVia.BranchLength)) return true;
        }
        return false;
    }

    /// <summary>A final response with nothing but the copied headers and a new To tag (481, 482, 486, 488, 500...).</summary>
    internal void Respond(SipTransaction tx, SipMessage m, int code, string reason)
    {
        _ctx.NewTag(Tag);
        CallResponses.Plain(_ctx.Writer, m, Tag, code, reason);
        _ctx.Layer.SendResponse(tx, _ctx.Writer.Buffer, 0, _ctx.Writer.Length);
    }

    /// <summary>A forward target is usable if set, and never our own AOR or Contact (that would loop).</summary>
    internal bool IsUsableTarget(string target)
    {
        return target != null && target.Length > 0 && !_ctx.IsOwnAddress(target);
    }

    internal SipCall FindDialog(SipMessage m)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse && c.Dialog.MatchesRequest(m)) return c;
        }
        return null;
    }

    private SipCall ByInvite(SipTransaction tx)
    {
        for (int i = 0; i < _made; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse && c.InviteTx == tx && c.InviteTxId == tx.Id) return c;
        }
        return null;
    }
}
