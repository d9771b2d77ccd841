using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone's calls as a UAS (RFC 3261 §8.2, §9.2, §12, §13.3; RFC 6026): decides what a new
/// INVITE gets (ring, 302, 486, 480, 488, 482, nothing), answers, forwards on no answer, takes
/// CANCEL, BYE, ACK and re-INVITEs. Every decision about an INVITE's final response is taken once
/// (SipCall.FinalSent), on the loop thread, so answer, no-answer timer and CANCEL cannot both win.
/// </summary>
public sealed class CallManager : ITimerTarget, IClientOwner
{
    private const int TimerNoAnswer = 1;
    private const int TimerRetransmit2xx = 2;
    internal const int TimerCancelGiveUp = 3;
    private const int TimerProvisional = 4;
    private const int TimerInviteExpires = 5;

    /// <summary>
    /// While an INVITE rings, its provisional is sent again this often: RFC 3261 §13.3.1.1 asks for
    /// a non-100 provisional at least every minute, as proxies may cancel a branch silent for three.
    /// </summary>
    public const int ProvisionalRepeatMs = 60000;

    private readonly UserAgent _ua;
    private readonly SipCall[] _calls;
    private readonly int _liveCalls;
    /// <summary>The agent's one writer (UserAgent.Writer): each message is built and sent, or copied, before the next begins.</summary>
    private readonly SipWriter _w;
    /// <summary>SDP bodies, written just before the message that carries them; the Dialer's too.</summary>
    private readonly SipWriter _sdp = new SipWriter(512);
    /// <summary>The SDP of the message being handled (an INVITE's offer, the Dialer's 2xx answer); parsed, used, forgotten.</summary>
    private readonly SessionDescription _offer = new SessionDescription();
    private readonly ByteField _tag = new ByteField(16);
    private readonly byte[] _branch = new byte[BranchGenerator.Length];
    private readonly Endpoint _hop = new Endpoint();
    private int _nextNumber;
    private readonly Dialer _dialer;

    /// <param name="slots">Call slots: slots - 1 calls may be live (ringing, dialing, talking) at
    /// once, the last slot is for a call that is ending meanwhile; more callers get 486 without a slot.</param>
    public CallManager(UserAgent ua, int slots)
    {
        if (slots < 2) throw new System.ArgumentException("a phone needs at least 2 call slots");
        _ua = ua;
        _w = ua.Writer;
        _calls = new SipCall[slots];
        _liveCalls = slots - 1;
        for (int i = 0; i < slots; i++) _calls[i] = new SipCall(i);
        _dialer = new Dialer(this, ua);
    }

    /// <summary>Places a call to a number (sip:number@domain) or a SIP URI. Returns its number, or 0 and why not.</summary>
    public int Dial(string target, out string error)
    {
        return _dialer.Dial(target, out error);
    }

    /// <summary>Puts an answered call on hold (a=sendonly) or resumes it (a=sendrecv) by re-INVITE.</summary>
    public bool Hold(int number, bool hold)
    {
        SipCall call = ByNumber(number);
        return call != null && _dialer.Hold(call, hold);
    }

    public CallSettings Settings { get { return _ua.CallSettings; } }

    /// <summary>The SDP body writer, shared with the Dialer (its offers).</summary>
    internal SipWriter SdpWriter { get { return _sdp; } }

    /// <summary>The parsed-SDP scratch, shared with the Dialer (the answer in a 2xx).</summary>
    internal SessionDescription SdpScratch { get { return _offer; } }

    /// <summary>INVITEs dropped (or 403'd) by the ghost-call filter.</summary>
    public int GhostCalls { get; private set; }

    /// <summary>The live call (ringing or answered), or null.</summary>
    public SipCall Current
    {
        get
        {
            for (int i = 0; i < _calls.Length; i++)
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
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (c.IsLive && c.Incoming && !c.FinalSent && (oldest == null || c.Number < oldest.Number)) oldest = c;
        }
        return oldest;
    }

    public SipCall ByNumber(int number)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            if (_calls[i].InUse && _calls[i].Number == number) return _calls[i];
        }
        return null;
    }

    // ---- Requests from the transaction layer ----------------------------------------------

    /// <summary>A new INVITE server transaction: a new call, a re-INVITE, or a merged copy.</summary>
    public void OnInvite(SipTransaction tx, SipMessage m, Endpoint source)
    {
        if (m.HasToTag)
        {
            SipCall inDialog = FindDialog(m);
            if (inDialog == null) { Respond(tx, m, 481, "Call/Transaction Does Not Exist"); return; }
            OnReInvite(inDialog, tx, m);
            return;
        }
        if (!GhostFilter.Admits(_ua, Settings, m, source))
        {
            GhostCalls++;
            if (Settings.GhostReject403) Respond(tx, m, 403, "Forbidden");
            else _ua.Layer.Abandon(tx);
            return;
        }
        _ua.Layer.SendTrying(tx, m);
        if (IsMerged(m))
        {
            // §8.2.2.2: the same request reached us by another path of a fork. Ring once.
            Respond(tx, m, 482, "Loop Detected");
            return;
        }
        CallSettings s = Settings;
        if (!CanRingAnother()) { RejectBusy(tx, m, "user-busy", 486, "Busy Here"); return; }
        if (s.DoNotDisturb) { RejectBusy(tx, m, "do-not-disturb", s.DndStatus, s.DndStatus == 480 ? "Temporarily Unavailable" : "Busy Here"); return; }
        if (IsUsableTarget(s.ForwardAlwaysTarget))
        {
            _ua.NewTag(_tag);
            CallResponses.Redirect(_w, _ua, m, _tag, s.ForwardAlwaysTarget, "unconditional");
            _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
            _ua.Events.OnCall(++_nextNumber, CallState.Forwarded, PeerOf(m), s.ForwardAlwaysTarget);
            return;
        }
        if (m.BodyLength > 0 && (!_offer.TryParse(m.Buffer, m.BodyOffset, m.BodyLength)
            || SdpNegotiator.WriteAnswer(_sdp, _offer, s.Media, false) < 0))
        {
            Respond(tx, m, 488, "Not Acceptable Here");
            _ua.Events.OnCall(++_nextNumber, CallState.Rejected, PeerOf(m), "no common codec");
            return;
        }
        SipCall call = Allocate();
        if (call == null) { Respond(tx, m, 486, "Busy Here"); return; }
        StartRinging(call, tx, m);
    }

    private void StartRinging(SipCall call, SipTransaction tx, SipMessage m)
    {
        call.Incoming = true;
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
        call.OfferInInvite = m.BodyLength > 0;
        call.InviteCSeq = m.CSeq;
        call.CallId.Set(m.Buffer, m.CallIdOffset, m.CallIdLength);
        call.FromTag.Set(m.Buffer, m.FromTagOffset, m.FromTagLength);
        call.Branch.Set(m.Buffer, m.TopVia.BranchOffset, m.TopVia.BranchLength);
        call.Peer = PeerOf(m);
        call.ResponseTarget.CopyFrom(tx.Peer);
        if (!KeepInvite(call, m))
        {
            Respond(tx, m, 513, "Message Too Large");
            Release(call);
            return;
        }
        _ua.NewTag(call.LocalTag);
        string why = call.Dialog.InitAsUas(m, call.LocalTag, 1);
        if (why != null)
        {
            Respond(tx, m, 400, why);
            Release(call);
            return;
        }
        // Keep the SDP answer for the 200 (or an offer, when the INVITE had none).
        KeepSdp(call, m);
        SetState(call, CallState.Incoming, "");
        CallResponses.Provisional(_w, _ua, m, call.LocalTag, 180, "Ringing");
        _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
        // Ringing's timers, in this order so that at the same instant a final response wins over
        // the minute's provisional: the no-answer forward, the INVITE's Expires, the provisional.
        long now = _ua.Clock.NowMs;
        CallSettings s = Settings;
        if (IsUsableTarget(s.ForwardNoAnswerTarget) && s.NoAnswerSeconds > 0)
            call.NoAnswerTimer = _ua.Timers.Schedule(now + s.NoAnswerSeconds * 1000L, this, TimerNoAnswer, call.Index);
        if (m.Expires >= 0)
            call.ExpiresTimer = _ua.Timers.Schedule(now + m.Expires * 1000L, this, TimerInviteExpires, call.Index);
        call.ProvisionalTimer = _ua.Timers.Schedule(now + ProvisionalRepeatMs, this, TimerProvisional, call.Index);
        SetState(call, CallState.Ringing, "");
    }

    /// <summary>Keeps the INVITE's bytes: the receive buffer is reused, and the final response comes later.</summary>
    private bool KeepInvite(SipCall call, SipMessage m)
    {
        if (m.Length > call.Invite.Length) return false;
        System.Array.Copy(m.Buffer, m.Offset, call.Invite, 0, m.Length);
        call.InviteLength = m.Length;
        call.InviteSource.Clear();
        if (m.SourceHostLength > 0) call.InviteSource.TrySetHost(m.SourceHost, 0, m.SourceHostLength, m.SourcePort);
        return true;
    }

    /// <summary>The call's INVITE, parsed again from its kept bytes (already unfolded, so parsing changes nothing).</summary>
    /// <remarks>Into the agent's scratch message (UserAgent.Scratch), which the next parse of a kept message reuses: use it at once.</remarks>
    private SipMessage InviteOf(SipCall call)
    {
        SipMessage invite = _ua.Scratch;
        if (call.InviteLength == 0 || _ua.Parser.Parse(call.Invite, 0, call.InviteLength, invite) != ParseStatus.Ok) return null;
        if (call.InviteSource.Port != 0) UserAgent.SetSource(invite, call.InviteSource);
        return invite;
    }

    private readonly byte[] _sdpStore = new byte[512];
    private int _sdpStoreLength;

    private void KeepSdp(SipCall call, SipMessage m)
    {
        CallSettings s = Settings;
        if (m.BodyLength > 0) SdpNegotiator.WriteAnswer(_sdp, _offer, s.Media, call.LocalHold);
        else SdpNegotiator.WriteOffer(_sdp, s.Media, MediaDirection.SendRecv);
        _sdpStoreLength = _sdp.Length;
        System.Array.Copy(_sdp.Buffer, _sdpStore, _sdp.Length);
    }

    /// <summary>RFC 3261 §8.2.2.2: no To tag, same From tag, Call-ID and CSeq as a transaction still running.</summary>
    private bool IsMerged(SipMessage m)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (!c.InUse || !c.InviteActive) continue;
            if (c.InviteCSeq == m.CSeq && c.CallId.Equals(m.Buffer, m.CallIdOffset, m.CallIdLength)
                && c.FromTag.Equals(m.Buffer, m.FromTagOffset, m.FromTagLength)
                && !c.Branch.Equals(m.Buffer, m.TopVia.BranchOffset, m.TopVia.BranchLength)) return true;
        }
        return false;
    }

    private void RejectBusy(SipTransaction tx, SipMessage m, string diversion, int code, string reason)
    {
        string target = Settings.ForwardBusyTarget;
        _ua.NewTag(_tag);
        if (IsUsableTarget(target))
        {
            CallResponses.Redirect(_w, _ua, m, _tag, target, diversion);
            _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
            _ua.Events.OnCall(++_nextNumber, CallState.Forwarded, PeerOf(m), target);
            return;
        }
        CallResponses.Plain(_w, m, _tag, code, reason);
        _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
        _ua.Events.OnCall(++_nextNumber, CallState.Rejected, PeerOf(m), code + " " + reason);
    }

    /// <summary>CANCEL (§9.2): 200 for the CANCEL; 487 for the INVITE unless it already has its final response.</summary>
    public void OnCancel(SipTransaction tx, SipMessage m)
    {
        SipTransaction invite = _ua.Layer.FindInviteServer(m);
        SipCall call = invite == null ? null : ByInvite(invite);
        if (invite == null)
        {
            Respond(tx, m, 481, "Call/Transaction Does Not Exist");
            return;
        }
        ResponseBuilder.Begin(_w, m, 200, "OK", call != null ? call.LocalTag.Buffer : null, 0, call != null ? call.LocalTag.Length : 0);
        ResponseBuilder.End(_w);
        _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
        if (call == null || call.FinalSent) return;
        bool elsewhere = ReasonSaysAnsweredElsewhere(m);
        SendFinal(call, 487, "Request Terminated", null);
        SetState(call, elsewhere ? CallState.AnsweredElsewhere : CallState.Missed, elsewhere ? "call completed elsewhere" : "caller hung up");
    }

    /// <summary>RFC 3326: Reason: SIP ;cause=200 marks a call another device of the user answered.</summary>
    private static bool ReasonSaysAnsweredElsewhere(SipMessage m)
    {
        byte[] b = m.Buffer;
        for (int i = m.IndexOf(HeaderId.Reason); i >= 0; i = m.IndexOf(HeaderId.Reason, i + 1))
        {
            int p = m.ValueOffsetAt(i);
            int end = p + m.ValueLengthAt(i);
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) break;
                int s = Lws.SkipForward(b, p, comma);
                int semi = s;
                while (semi < comma && b[semi] != (byte)';' && !Ascii.IsWsp(b[semi])) semi++;
                int vo, vl;
                if (Ascii.EqualsIgnoreCase(b, s, semi - s, "SIP") && semi < comma)
                {
                    int ps = Lws.SkipForward(b, semi, comma);
                    if (ps < comma && b[ps] == (byte)';' && Params.Find(b, ps + 1, comma - ps - 1, "cause", out vo, out vl)
                        && Ascii.Equals(b, vo, vl, "200")) return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    /// <summary>BYE (§15.1.2): 200 and the call is over; 481 for a dialog we do not have.</summary>
    public void OnBye(SipTransaction tx, SipMessage m)
    {
        SipCall call = FindDialog(m);
        if (call == null) { Respond(tx, m, 481, "Call/Transaction Does Not Exist"); return; }
        if (!call.Dialog.AcceptRemoteCSeq(m.CSeq)) { Respond(tx, m, 500, "Server Internal Error"); return; }
        ResponseBuilder.Begin(_w, m, 200, "OK", null, 0, 0);
        ResponseBuilder.End(_w);
        _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
        if (call.Incoming && !call.FinalSent) SendFinal(call, 487, "Request Terminated", null);
        EndCall(call, CallState.Ended, "remote hung up");
    }

    /// <summary>An ACK for a 2xx: the answered call (or re-INVITE) is confirmed; stop resending the 2xx.</summary>
    public void OnAck(SipMessage ack)
    {
        SipCall call = FindDialog(ack);
        if (call == null || ack.CSeq != call.InviteCSeq) return;
        call.Confirmed = true;
        _ua.Timers.Cancel(ref call.RetransmitTimer);
    }

    private void OnReInvite(SipCall call, SipTransaction tx, SipMessage m)
    {
        if (!call.Dialog.AcceptRemoteCSeq(m.CSeq)) { Respond(tx, m, 500, "Server Internal Error"); return; }
        if (call.RetransmitTimer != TimerQueue.None) { Respond(tx, m, 491, "Request Pending"); return; }
        if (m.BodyLength > 0 && (!_offer.TryParse(m.Buffer, m.BodyOffset, m.BodyLength)
            || SdpNegotiator.WriteAnswer(_sdp, _offer, Settings.Media, call.LocalHold) < 0))
        {
            Respond(tx, m, 488, "Not Acceptable Here");
            return;
        }
        call.Dialog.RefreshTarget(m);
        if (!KeepInvite(call, m)) { Respond(tx, m, 513, "Message Too Large"); return; }
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
        call.InviteCSeq = m.CSeq;
        call.Confirmed = false;
        Settings.Media.SessionVersion++;
        KeepSdp(call, m);
        SendOk(call, m);
        _ua.Events.OnCall(call.Number, call.State, call.Peer, m.BodyLength > 0 && _offer.FirstAudio >= 0 && _offer.IsHold(_offer.FirstAudio) ? "held by peer" : "resumed");
    }

    // ---- The user ----------------------------------------------------------------------------

    /// <summary>Off-hook or the answer key: 200 OK with our SDP. False if the call can no longer be answered.</summary>
    public bool Answer(int number)
    {
        SipCall call = ByNumber(number);
        if (call == null || !call.Incoming || call.FinalSent || !call.InviteActive) return false;
        StopRinging(call);
        SipMessage invite = InviteOf(call);
        if (invite == null) return false;
        call.FinalSent = true;
        call.FinalCode = 200;
        SendOk(call, invite);
        SetState(call, CallState.Answered, "");
        // The phone is busy now: callers still ringing beside this one hear so (486, or the busy forward).
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall other = _calls[i];
            if (other != call && other.IsLive && other.Incoming && !other.FinalSent) RejectRinging(other, "user-busy", 486, "Busy Here");
        }
        return true;
    }

    /// <summary>
    /// A new caller may ring while every live call is an incoming one still ringing and there are
    /// fewer than the capacity's live calls: a device (one live call) is busy once anything is live.
    /// </summary>
    private bool CanRingAnother()
    {
        int live = 0;
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (!c.IsLive) continue;
            if (!c.Incoming || c.FinalSent) return false;
            live++;
        }
        return live < _liveCalls;
    }

    /// <summary>The reject key: 603 Decline, or the busy forward target.</summary>
    public bool Reject(int number)
    {
        SipCall call = ByNumber(number);
        if (call == null || !call.Incoming || call.FinalSent || !call.InviteActive) return false;
        RejectRinging(call, "deflection", 603, "Decline");
        return true;
    }

    /// <summary>A ringing call refused: to the busy forward target (302, with diversion as the reason) if one is set, else code.</summary>
    private void RejectRinging(SipCall call, string diversion, int code, string reason)
    {
        string target = Settings.ForwardBusyTarget;
        if (IsUsableTarget(target))
        {
            SendFinal(call, 302, diversion, target);
            SetState(call, CallState.Forwarded, target);
        }
        else
        {
            SendFinal(call, code, reason, null);
            SetState(call, CallState.Rejected, code == 603 ? "declined" : code + " " + reason);
        }
    }

    /// <summary>On-hook: BYE for an answered call; a ringing call is declined.</summary>
    public bool HangUp(int number)
    {
        SipCall call = ByNumber(number);
        if (call == null || !call.IsLive) return false;
        if (!call.Incoming && !call.Confirmed)
        {
            _dialer.Cancel(call);
            return true;
        }
        if (call.Incoming && !call.FinalSent) return Reject(number);
        SendBye(call);
        EndCall(call, CallState.Ended, "hung up");
        return true;
    }

    // ---- Timers --------------------------------------------------------------------------------

    public void OnTimer(int timerKind, int cookie)
    {
        if (cookie < 0 || cookie >= _calls.Length) return;
        SipCall call = _calls[cookie];
        if (!call.InUse) return;
        if (timerKind == TimerCancelGiveUp)
        {
            call.CancelTimer = TimerQueue.None;
            if (call.InviteActive) _ua.Layer.Abandon(call.InviteTx);
            if (call.IsLive) EndCall(call, CallState.Ended, "cancelled (no 487)");
            return;
        }
        if (timerKind == TimerProvisional)
        {
            // §13.3.1.1: the same 180 again (same To tag), no new alert, while nobody has answered.
            call.ProvisionalTimer = TimerQueue.None;
            if (!call.Incoming || call.FinalSent || !call.InviteActive) return;
            if (_ua.Layer.RepeatProvisional(call.InviteTx))
                call.ProvisionalTimer = _ua.Timers.Schedule(_ua.Clock.NowMs + ProvisionalRepeatMs, this, TimerProvisional, call.Index);
            return;
        }
        if (timerKind == TimerInviteExpires)
        {
            // §13.3.1: the invitation expired before a final response: 487 (with the 180's tag,
            // as SendFinal writes every final response of the call) and the phone stops ringing.
            call.ExpiresTimer = TimerQueue.None;
            if (!call.Incoming || call.FinalSent || !call.InviteActive) return;
            SendFinal(call, 487, "Request Terminated", null);
            SetState(call, CallState.Missed, "invitation expired");
            return;
        }
        if (timerKind == TimerNoAnswer)
        {
            call.NoAnswerTimer = TimerQueue.None;
            string target = Settings.ForwardNoAnswerTarget;
            if (call.FinalSent || !IsUsableTarget(target) || !call.InviteActive) return;
            SendFinal(call, 302, "no-answer", target);
            SetState(call, CallState.Forwarded, target);
        }
        else if (timerKind == TimerRetransmit2xx)
        {
            call.RetransmitTimer = TimerQueue.None;
            if (call.Confirmed) return;
            TimerSettings t = _ua.Layer.Settings;
            if (_ua.Clock.NowMs - call.OkSentAt >= t.TimerH)
            {
                // §13.3.1.4: no ACK within 64·T1 — end the dialog with a BYE.
                SendBye(call);
                EndCall(call, CallState.Ended, "no ACK");
                return;
            }
            Resend2xx(call);
            call.OkInterval = call.OkInterval * 2 > t.T2 ? t.T2 : call.OkInterval * 2;
            long next = _ua.Clock.NowMs + call.OkInterval;
            long deadline = call.OkSentAt + t.TimerH;
            call.RetransmitTimer = _ua.Timers.Schedule(next < deadline ? next : deadline, this, TimerRetransmit2xx, call.Index);
        }
    }

    // ---- Sending ---------------------------------------------------------------------------------

    private void SendOk(SipCall call, SipMessage invite)
    {
        _sdp.Reset();
        _sdp.Bytes(_sdpStore, 0, _sdpStoreLength);
        CallResponses.Ok(_w, _ua, invite, call.LocalTag, _sdp);
        System.Array.Copy(_w.Buffer, call.Ok, _w.Length > SipCall.MaxMessage ? SipCall.MaxMessage : _w.Length);
        call.OkLength = _w.Length > SipCall.MaxMessage ? SipCall.MaxMessage : _w.Length;
        if (call.InviteActive) call.ResponseTarget.CopyFrom(call.InviteTx.Peer);
        call.OkSentAt = _ua.Clock.NowMs;
        call.OkInterval = _ua.Layer.Settings.T1;
        Resend2xx(call);
        _ua.Timers.Cancel(ref call.RetransmitTimer);
        call.RetransmitTimer = _ua.Timers.Schedule(_ua.Clock.NowMs + call.OkInterval, this, TimerRetransmit2xx, call.Index);
    }

    private void Resend2xx(SipCall call)
    {
        if (call.InviteActive) _ua.Layer.SendResponse(call.InviteTx, call.Ok, 0, call.OkLength);
        else _ua.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
    }

    /// <summary>The one final non-2xx response of an INVITE (3xx carries target in Contact).</summary>
    private void SendFinal(SipCall call, int code, string reason, string target)
    {
        if (call.FinalSent || !call.InviteActive) return;
        SipMessage invite = InviteOf(call);
        if (invite == null) return;
        call.FinalSent = true;
        call.FinalCode = code;
        StopRinging(call);
        if (code == 302) CallResponses.Redirect(_w, _ua, invite, call.LocalTag, target, reason);
        else CallResponses.Plain(_w, invite, call.LocalTag, code, reason);
        _ua.Layer.SendResponse(call.InviteTx, _w.Buffer, 0, _w.Length);
    }

    internal void SendBye(SipCall call)
    {
        SendBye(call.Dialog, call.ResponseTarget);
    }

    /// <summary>BYE in dialog (§15.1.1), to its next hop, else to fallback; also a losing fork's dialog (Dialer).</summary>
    internal void SendBye(SipDialog dialog, Endpoint fallback)
    {
        long cseq = dialog.NextLocalCSeq();
        _ua.Layer.Branches.Write(_branch, 0);
        _w.Reset();
        dialog.WriteRequestLineAndRoutes(_w, SipMethod.Bye);
        _w.HeaderName("Via").Text("SIP/2.0/UDP ");
        _ua.LocalContact.WriteHostPort(_w);
        _w.Text(";branch=").Bytes(_branch, 0, _branch.Length).Text(";rport").Crlf();
        _w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(_w, cseq, SipMethod.Bye);
        _w.Header("User-Agent", _ua.Settings.Product);
        ResponseBuilder.End(_w);
        if (!dialog.NextHop(_hop)) _hop.CopyFrom(fallback);
        SipTransaction tx = _ua.Layer.SendRequest(SipMethod.Bye, _branch, 0, _branch.Length, _w.Buffer, 0, _w.Length, _hop);
        if (tx != null) tx.UserData = this;
    }

    private void Respond(SipTransaction tx, SipMessage m, int code, string reason)
    {
        _ua.NewTag(_tag);
        CallResponses.Plain(_w, m, _tag, code, reason);
        _ua.Layer.SendResponse(tx, _w.Buffer, 0, _w.Length);
    }

    // IClientOwner: our INVITEs, re-INVITEs, CANCELs and BYEs. For BYE and CANCEL the answer
    // changes nothing: the call is already over for the user.
    public void OnResponse(SipTransaction tx, SipMessage response)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (!c.InUse) continue;
            if (!c.Incoming && c.InviteTx == tx && c.InviteTxId == tx.Id) { _dialer.OnResponse(c, response); return; }
            if (c.ReInviteTx == tx && c.ReInviteTxId == tx.Id) { _dialer.OnReInviteResponse(c, response); return; }
        }
    }

    public void OnNoResponse(SipTransaction tx, string why)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse && !c.Incoming && c.InviteTx == tx && c.InviteTxId == tx.Id) { _dialer.OnNoResponse(c, why); return; }
        }
    }

    public void OnTerminated(SipTransaction tx) { }

    // ---- Bookkeeping -------------------------------------------------------------------------------

    internal void SetState(SipCall call, CallState state, string detail)
    {
        call.State = state;
        _ua.Events.OnCall(call.Number, state, call.Peer, detail);
        if (CallStates.IsFinal(state)) Release(call);
    }

    internal void EndCall(SipCall call, CallState state, string detail)
    {
        _ua.Timers.Cancel(ref call.RetransmitTimer);
        StopRinging(call);
        SetState(call, state, detail);
    }

    /// <summary>The INVITE got (or will not need) its final response: ringing's timers stop.</summary>
    private void StopRinging(SipCall call)
    {
        _ua.Timers.Cancel(ref call.NoAnswerTimer);
        _ua.Timers.Cancel(ref call.ProvisionalTimer);
        _ua.Timers.Cancel(ref call.ExpiresTimer);
    }

    internal SipCall Allocate()
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse) continue;
            c.Clear();
            c.InUse = true;
            c.Number = ++_nextNumber;
            return c;
        }
        return null;
    }

    private void Release(SipCall call)
    {
        StopRinging(call);
        _ua.Timers.Cancel(ref call.RetransmitTimer);
        _ua.Timers.Cancel(ref call.CancelTimer);
        call.InUse = false;
    }

    /// <summary>True if m (with a To tag) belongs to one of our dialogs.</summary>
    public bool HasDialog(SipMessage m)
    {
        return FindDialog(m) != null;
    }

    private SipCall FindDialog(SipMessage m)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse && c.Dialog.MatchesRequest(m)) return c;
        }
        return null;
    }

    private SipCall ByInvite(SipTransaction tx)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            SipCall c = _calls[i];
            if (c.InUse && c.InviteTx == tx && c.InviteTxId == tx.Id) return c;
        }
        return null;
    }


    /// <summary>A forward target is usable if set, and never our own AOR or Contact (that would loop).</summary>
    private bool IsUsableTarget(string target)
    {
        return target != null && target.Length > 0 && !_ua.IsOwnAddress(target);
    }

    private static string PeerOf(SipMessage m)
    {
        string name = m.From.DisplayName;
        string uri = m.From.Uri.ToString();
        return name.Length > 0 ? name + " <" + uri + ">" : uri;
    }
}
