using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.SessionTimer;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone calling (UAC, RFC 3261 §8.1, §9.1, §13.2, §22; RFC 6026), up to its answer. The INVITE
/// with an SDP offer goes to the first hop (the outbound proxy with a preloaded Route when one is
/// set, §8.1.2, else the registrar; its CANCEL and non-2xx ACK go the same way). One handler per
/// state takes every input — a provisional, a 2xx, a final failure, no response, the user hanging
/// up, the CANCEL's deadline:
/// <code>
///                     provisional     2xx                 3xx-6xx                      no response   hang up
/// OutgoingCalling     -> Early        ACK -> Confirmed    retry (auth, redirect, next)  next / Failed -> CancelWait
/// OutgoingEarly       -               ACK -> Confirmed    retry -> Calling             next / Failed  CANCEL -> Cancelling
/// OutgoingCancelWait  CANCEL -> Cancelling  ACK, BYE -> Ended  retry (stays)           next / Failed  -
/// OutgoingCancelling  -               ACK, BYE -> Ended   -> Ended (cancelled)         next / Failed  -   (64·T1: -> Ended)
/// Confirmed           -               the winner's again: ACK again; another fork's: ACK and BYE
/// </code>
/// A retry is the one answer to an auth challenge (same Call-ID and From tag, CSeq + 1; the same
/// nonce again means the credentials were refused), a redirect followed in q order (at most five,
/// never to a target already tried or to ourselves), or the next such target after a failure. The
/// first 2xx wins; a 2xx from another fork is ACKed then ended with BYE (§13.2.2.4).
/// </summary>
internal sealed class Dialer
{
    /// <summary>What can happen to our call before its dialog is confirmed.</summary>
    private enum Input : byte
    {
        /// <summary>A 101–199 for the current INVITE.</summary>
        Provisional,
        /// <summary>A 2xx (the first, or one again, or another fork's).</summary>
        Success,
        /// <summary>A 3xx–6xx.</summary>
        Failure,
        /// <summary>Timer B, or the transport failed: no final response will come.</summary>
        NoResponse,
        /// <summary>The user hangs up.</summary>
        HangUp,
        /// <summary>64·T1 after our CANCEL without the INVITE's final response (§9.1).</summary>
        CancelTimedOut,
    }

    private readonly CallManager _m;
    private readonly UaContext _ctx;
    private readonly NameAddr _addr = new NameAddr();
    private readonly SipUri _uri = new SipUri();
    /// <summary>
    /// The caller's state of the one outgoing call (its SipCall.Outgoing): made by the first call the
    /// phone places and kept (~5 KB on the device: its targets, redirects and Digest state).
    /// </summary>
    private OutgoingCall _outgoing;
    /// <summary>A losing fork's dialog, only while its 2xx is ACKed and BYEd (§13.2.2.4): made at the first such 2xx and kept.</summary>
    private SipDialog _stray;

    public Dialer(CallManager manager)
    {
        _m = manager;
        _ctx = manager.Context;
    }

    /// <summary>The one OutgoingCall, cleared for a new call (made the first time).</summary>
    private OutgoingCall FreshOutgoing()
    {
        if (_outgoing == null) _outgoing = new OutgoingCall(_ctx.Random);
        else _outgoing.Clear();
        return _outgoing;
    }

    /// <summary>
    /// Calls target: digits become sip:digits@domain, anything with a scheme is used as the URI.
    /// Returns the call number, or 0 with error set.
    /// </summary>
    public int Dial(string target, out string error)
    {
        error = null;
        AgentSettings s = _ctx.Settings;
        if (!s.IsComplete) { error = "account not configured"; return 0; }
        error = _m.WhyNotDial();
        if (error != null) return 0;
        string uri = DialString.ToUri(target, s.Domain);
        byte[] b = Ascii.Utf8Bytes(uri == null ? "" : uri);
        if (uri == null || !_uri.TryParse(b, 0, b.Length) || !_uri.IsSip || _uri.HasHeaders)
        {
            error = "not a number or SIP URI: " + target;
            return 0;
        }
        if (_ctx.IsOwnAddress(uri)) { error = "that is this phone's own address"; return 0; }
        // A desk phone's new call puts the one being talked on on hold first.
        _m.HoldActive(null);
        SipCall call = Place(b, uri, CallCause.FirstTarget, out error);
        return call == null ? 0 : call.Number;
    }

    /// <summary>
    /// As transferee (RFC 3515 §2.4.3): a call to the Refer-To's URI, with Referred-By (and the
    /// Replaces of an attended transfer) in its INVITE; the referring call hears how it goes (NOTIFY).
    /// Null and why not when it cannot be placed.
    /// </summary>
    internal SipCall PlaceReferred(ByteField uri, byte[] referredBy, int referredByOffset, int referredByLength, ByteField replaces, SipCall referrer, out string error)
    {
        error = _m.WhyNotDial();
        if (error != null) return null;
        string text = uri.ToString();
        if (_ctx.IsOwnAddress(text)) { error = "that is this phone's own address"; return null; }
        FreshOutgoing();
        _outgoing.ReferredBy.Set(referredBy, referredByOffset, referredByLength);
        _outgoing.Replaces.Set(replaces);
        SipCall call = Allocate(uri.Buffer, uri.Length, text, out error);
        if (call == null) return null;
        call.ReferrerIndex = referrer.Index;
        call.ReferrerNumber = referrer.Number;
        _m.Emit(call, CallEventKind.Dialing, CallCause.Referred, 0, text);
        SendInvite(call);
        return call;
    }

    /// <summary>A slot and a media port for our call, its caller state fresh, then the first INVITE.</summary>
    private SipCall Place(byte[] b, string uri, CallCause cause, out string error)
    {
        FreshOutgoing();
        SipCall call = Allocate(b, b.Length, uri, out error);
        if (call == null) return null;
        _m.Emit(call, CallEventKind.Dialing, cause, 0, uri);
        SendInvite(call);
        return call;
    }

    private SipCall Allocate(byte[] b, int length, string uri, out string error)
    {
        error = null;
        int port = _m.Ports.Allocate();
        if (port == 0) { error = "no media port free"; return null; }
        SipCall call = _m.Allocate(CallState.OutgoingCalling);
        if (call == null)
        {
            _m.Ports.Release(port);
            error = "no free call slot";
            return null;
        }
        call.Media.LocalPort = port;
        OutgoingCall o = _outgoing;
        call.Outgoing = o;
        o.Target.Set(b, 0, length);
        o.CalledUri.Set(b, 0, length);
        call.Peer = uri;
        call.CallId.Set(_ctx.Random.Hex(16) + "@nanophone");
        _ctx.NewTag(call.LocalTag);
        o.Remember(b, 0, length);
        int asked = _m.Settings.SessionExpires;
        call.SessionExpires = asked > 0 && asked < SessionExpires.MinimumSeconds ? SessionExpires.MinimumSeconds : asked;
        return call;
    }

    // ---- Inputs ----------------------------------------------------------------------------------

    public void OnResponse(SipCall call, SipMessage r)
    {
        int code = r.StatusCode;
        if (code == 100) return;
        Handle(call, code < 200 ? Input.Provisional : code < 300 ? Input.Success : Input.Failure, r, null, null);
    }

    /// <summary>Timer B, or the transport failed (tx.End says which; why is for people): no final response will come.</summary>
    public void OnNoResponse(SipCall call, SipTransaction tx, string why)
    {
        Handle(call, Input.NoResponse, null, tx, why);
    }

    public void HangUp(SipCall call)
    {
        Handle(call, Input.HangUp, null, null, null);
    }

    public void OnCancelUnanswered(SipCall call)
    {
        Handle(call, Input.CancelTimedOut, null, null, null);
    }

    /// <summary>r: the response (Provisional, Success, Failure); tx and why: what did not answer (NoResponse).</summary>
    private void Handle(SipCall call, Input input, SipMessage r, SipTransaction tx, string why)
    {
        switch (call.State)
        {
            case CallState.OutgoingCalling: Calling(call, input, r, tx, why); break;
            case CallState.OutgoingEarly: Early(call, input, r, tx, why); break;
            case CallState.OutgoingCancelWait: CancelWait(call, input, r, tx, why); break;
            case CallState.OutgoingCancelling: Cancelling(call, input, r); break;
            case CallState.Confirmed:
            case CallState.ReInviteAccepted: Answered(call, input, r); break;
        }
    }

    // ---- One handler per state -------------------------------------------------------------------

    /// <summary>INVITE sent, no provisional for it yet.</summary>
    private void Calling(SipCall call, Input input, SipMessage r, SipTransaction tx, string why)
    {
        switch (input)
        {
            case Input.Provisional:
                call.State = CallState.OutgoingEarly;
                EarlyMedia(call, r);
                _m.Emit(call, CallEventKind.Ringback, CallCause.None, r.StatusCode, r.StatusCode + " " + r.ReasonText);
                return;
            case Input.Success: Accept(call, r, false); return;
            case Input.Failure: Retry(call, r); return;
            case Input.NoResponse: NextOrFail(call, tx, why); return;
            default:
                // §9.1: no CANCEL before a provisional; it goes with the first one.
                call.State = CallState.OutgoingCancelWait;
                _m.Emit(call, CallEventKind.Cancelling, CallCause.None, 0, "");
                return;
        }
    }

    /// <summary>The far end rings (a provisional came for the current INVITE).</summary>
    private void Early(SipCall call, Input input, SipMessage r, SipTransaction tx, string why)
    {
        switch (input)
        {
            case Input.Provisional: EarlyMedia(call, r); return;
            case Input.Success: Accept(call, r, false); return;
            case Input.Failure: Retry(call, r); return;
            case Input.NoResponse: NextOrFail(call, tx, why); return;
            default: SendCancel(call); return;
        }
    }

    /// <summary>Hung up before any provisional: the CANCEL waits for one; a 2xx meanwhile is ACKed and ended.</summary>
    private void CancelWait(SipCall call, Input input, SipMessage r, SipTransaction tx, string why)
    {
        switch (input)
        {
            case Input.Provisional: SendCancel(call); return;
            case Input.Success: Accept(call, r, true); return;
            case Input.Failure: Retry(call, r); return;
            case Input.NoResponse: NextOrFail(call, tx, why); return;
            default: _m.Emit(call, CallEventKind.Cancelling, CallCause.None, 0, ""); return;
        }
    }

    /// <summary>CANCEL sent: the INVITE's final response ends the call (a 2xx that crossed the CANCEL with a BYE), or 64·T1 without one does.</summary>
    private void Cancelling(SipCall call, Input input, SipMessage r)
    {
        switch (input)
        {
            case Input.Success: Accept(call, r, true); return;
            case Input.Failure: _m.Terminate(call, CallEventKind.Ended, CallCause.Cancelled, r.StatusCode, "cancelled"); return;
            case Input.NoResponse:
                if (!TryNextCandidate(call)) _m.Terminate(call, CallEventKind.Failed, CallCause.Cancelled, 0, "cancelled");
                return;
            case Input.CancelTimedOut:
                // No 487 within 64·T1: the INVITE is abandoned and the call is over.
                if (call.InviteActive) _ctx.Layer.Abandon(call.InviteTx);
                _m.Terminate(call, CallEventKind.Ended, CallCause.CancelUnanswered, 0, "cancelled (no 487)");
                return;
        }
    }

    /// <summary>Confirmed (or the peer's re-INVITE pending): only a 2xx of the INVITE again matters.</summary>
    private void Answered(SipCall call, Input input, SipMessage r)
    {
        if (input != Input.Success) return;
        // The winner's 2xx again: our ACK was lost, send it again. Another tag: another fork
        // answered too (§13.2.2.4) — ACK it, then end that dialog with BYE.
        if (call.Outgoing.WinnerTag.Equals(r.Buffer, r.ToTagOffset, r.ToTagLength))
            _ctx.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
        else AckAndBye(r);
    }

    // ---- What the handlers do ------------------------------------------------------------------

    /// <summary>The first 2xx: the dialog, the ACK, then the call is up — or ended at once if the user hung up meanwhile.</summary>
    private void Accept(SipCall call, SipMessage r, bool hungUp)
    {
        OutgoingCall o = call.Outgoing;
        o.WinnerTag.Set(r.Buffer, r.ToTagOffset, r.ToTagLength);
        string why = call.Dialog.InitAsUac(r);
        if (why != null)
        {
            AckAndBye(r);
            _m.Terminate(call, CallEventKind.Failed, CallCause.BadAnswer, r.StatusCode, "bad 2xx: " + why);
            return;
        }
        InDialog.SendAck(_m, call);
        _ctx.Timers.Cancel(ref call.CancelTimer);
        if (hungUp)
        {
            // The 200 crossed our CANCEL (or came before the provisional we were waiting for to
            // send one): the call exists now, so end it properly.
            InDialog.SendBye(_m, call.Dialog, call.ResponseTarget);
            _m.Terminate(call, CallEventKind.Ended, CallCause.LocalHangUp, 0, "hung up");
            return;
        }
        SessionDescription answer = _m.Received;
        if (r.BodyLength > 0 && answer.TryParse(r.Buffer, r.BodyOffset, r.BodyLength))
        {
            if (answer.FirstAudio < 0)
            {
                InDialog.SendBye(_m, call.Dialog, call.ResponseTarget);
                _m.Terminate(call, CallEventKind.Failed, CallCause.NoCommonCodec, r.StatusCode, "no common codec in the answer");
                return;
            }
            call.Media.Agreed(answer, MediaDirection.SendRecv);
        }
        SessionRefresh.AsUac(call, r);
        // After a followed redirect the one who answered is the target the last INVITE went to
        // (the voicemail), not the party dialled.
        if (o.Redirects > 0) call.Peer = o.Target.ToString();
        call.State = CallState.Confirmed;
        call.AnsweredAtMs = _ctx.Clock.NowMs;
        SessionRefresh.Start(_m, call);
        _m.Emit(call, CallEventKind.Answered, CallCause.None, r.StatusCode, "");
    }

    /// <summary>
    /// A provisional with an answer (183 Session Progress with SDP, RFC 3261 §13.2.1; RFC 3960's
    /// gateway model): the early media the far end plays (ringback, announcements) is agreed, and
    /// the phone plays it instead of its own ringback tone.
    /// </summary>
    private void EarlyMedia(SipCall call, SipMessage r)
    {
        SessionDescription answer = _m.Received;
        if (r.BodyLength == 0 || !answer.TryParse(r.Buffer, r.BodyOffset, r.BodyLength) || answer.FirstAudio < 0) return;
        call.Media.Agreed(answer, MediaDirection.SendRecv);
    }

    /// <summary>A 3xx–6xx before the answer: the auth retry, the redirect, the next target, or the call failed.</summary>
    private void Retry(SipCall call, SipMessage r)
    {
        int code = r.StatusCode;
        if ((code == 401 || code == 407) && OnChallenge(call, r, code == 407)) return;
        if (code == 422 && OnIntervalTooSmall(call, r)) return;
        if (code >= 300 && code < 400) { OnRedirect(call, r); return; }
        if (TryNextCandidate(call)) return;
        _m.Terminate(call, CallEventKind.Failed, CallCause.Status, code, code + " " + r.ReasonText);
    }

    /// <summary>No response: the next redirect target, if any, else the call failed.</summary>
    private void NextOrFail(SipCall call, SipTransaction tx, string why)
    {
        if (TryNextCandidate(call)) return;
        CallCause cause = tx.End == TransactionEnd.TransportError ? CallCause.NetworkUnreachable : CallCause.NoResponse;
        _m.Terminate(call, CallEventKind.Failed, cause, 0, "no answer from the network (" + why + ")");
    }

    /// <summary>False without a challenge header (an ordinary failure); otherwise the retry, or the call failed.</summary>
    private bool OnChallenge(SipCall call, SipMessage r, bool proxy)
    {
        DigestRetry auth = call.Outgoing.Auth;
        ChallengeVerdict verdict = auth.OnChallenge(r, proxy, _ctx.Probe);
        if (verdict == ChallengeVerdict.Missing) return false;
        if (verdict == ChallengeVerdict.Malformed)
            _m.Terminate(call, CallEventKind.Failed, CallCause.BadChallenge, r.StatusCode, "bad challenge: " + auth.Reason);
        else if (verdict == ChallengeVerdict.Refused)
            _m.Terminate(call, CallEventKind.Failed, CallCause.AuthenticationFailed, r.StatusCode, "authentication failed");
        else
            SendInvite(call);
        return true;
    }

    /// <summary>
    /// 422 (RFC 4028 §7.4): the INVITE again, asking for the response's Min-SE. Once: a second 422,
    /// or a Min-SE no larger than what was asked, is an ordinary failure.
    /// </summary>
    private bool OnIntervalTooSmall(SipCall call, SipMessage r)
    {
        OutgoingCall o = call.Outgoing;
        int min = SessionExpires.ReadMinSE(r);
        if (o.IntervalRetries > 0 || min <= call.SessionExpires) return false;
        o.IntervalRetries++;
        call.SessionExpires = min;
        SendInvite(call);
        return true;
    }

    /// <summary>3xx (§8.1.3.4): the Contacts, best q first, become the next targets.</summary>
    private void OnRedirect(SipCall call, SipMessage r)
    {
        OutgoingCall o = call.Outgoing;
        if (o.Redirects >= SipCall.MaxRedirects)
        {
            _m.Terminate(call, CallEventKind.Failed, CallCause.TooManyRedirects, r.StatusCode, "too many redirections");
            return;
        }
        o.Redirects++;
        o.CandidateCount = 0;
        HeaderValues contacts = new HeaderValues(r, HeaderId.Contact);
        while (contacts.Next())
        {
            if (!_addr.TryParse(r.Buffer, contacts.Offset, contacts.Length) || _addr.IsStar || !_addr.Uri.IsSip || _addr.Uri.HasHeaders) continue;
            SipUri u = _addr.Uri;
            if (o.WasTried(u.Buffer, u.Offset, u.Length) || _ctx.IsOwnAddress(Ascii.ToString(u.Buffer, u.Offset, u.Length))) continue;
            o.AddCandidate(_addr);
        }
        if (!TryNextCandidate(call))
            _m.Terminate(call, CallEventKind.Failed, CallCause.NoUsableContact, r.StatusCode,
                "redirect without a usable Contact (" + r.StatusCode + " " + r.ReasonText + ")");
    }

    private bool TryNextCandidate(SipCall call)
    {
        OutgoingCall o = call.Outgoing;
        if (!o.TakeNextCandidate()) return false;
        o.Auth.TargetChanged();
        _m.Emit(call, CallEventKind.Dialing, CallCause.Redirected, 0, o.Target.ToString());
        SendInvite(call);
        return true;
    }

    // ---- Sending ---------------------------------------------------------------------------------

    /// <summary>An INVITE (the first, an auth retry, to a redirect's target): a new transaction that has had no provisional yet.</summary>
    private void SendInvite(SipCall call)
    {
        OutgoingCall o = call.Outgoing;
        AgentSettings s = _ctx.Settings;
        SipWriter w = _ctx.Writer;
        o.LocalCSeq++;
        call.InviteCSeq = o.LocalCSeq;
        if (call.State == CallState.OutgoingEarly) call.State = CallState.OutgoingCalling;
        byte[] branch = _m.Branch;
        _ctx.Layer.Branches.Write(branch, 0);
        call.Branch.Set(branch, 0, branch.Length);
        SdpNegotiator.WriteOffer(_m.Sdp, _m.Settings.Media, call.Media.LocalPort, MediaDirection.SendRecv);
        CallRequests.Invite(w, _ctx, call, o, branch);
        o.Auth.WriteAuthorization(w, o.Auth.HaveChallenge ? o.Credentials(s) : null, "INVITE", o.Target.Buffer, 0, o.Target.Length);
        ResponseBuilder.End(w, "application/sdp", _m.Sdp.Buffer, 0, _m.Sdp.Length);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Invite, branch, 0, branch.Length, w.Buffer, 0, w.Length, _ctx.FirstHop);
        if (tx == null)
        {
            _m.Terminate(call, CallEventKind.Failed, CallCause.SendFailed, 0, "could not send INVITE");
            return;
        }
        // Kept for CANCEL, which copies the INVITE's Request-URI, Call-ID, From, To, CSeq number and Via.
        if (w.Length >= SipCall.MaxInvite || !call.KeepInvite(w.Buffer, 0, w.Length)) call.InviteLength = 0;
        tx.UserData = _m;
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
    }

    /// <summary>After a provisional: CANCEL (§9.1) to where the INVITE went, and 64·T1 to wait for its 487.</summary>
    private void SendCancel(SipCall call)
    {
        call.State = CallState.OutgoingCancelling;
        // The INVITE as sent, parsed again into the agent's scratch message; used here and forgotten.
        SipMessage sent = _ctx.Reparse(call.Invite, call.InviteLength);
        if (sent == null) return;
        CallRequests.Cancel(_ctx.Writer, _ctx, sent);
        // CANCEL shares the INVITE's branch; a branch is still drawn here, as it always was, so the
        // random values (tags, branches, Call-IDs) after a CANCEL stay what they were.
        _ctx.Layer.Branches.Write(_m.Branch, 0);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Cancel, call.Branch.Buffer, 0, call.Branch.Length,
            _ctx.Writer.Buffer, 0, _ctx.Writer.Length, call.InviteActive ? call.InviteTx.Peer : _ctx.FirstHop);
        if (tx != null) tx.UserData = _m;
        call.CancelTimer = _m.Schedule(call, _ctx.Layer.Settings.TimerB, CallManager.TimerCancelGiveUp);
    }

    /// <summary>
    /// A 2xx from a losing fork: confirm its dialog with an ACK and end it with a BYE, the same
    /// messages to the same hop as for a call of ours, from a dialog kept only meanwhile: nothing
    /// of it is needed after (the BYE's transaction keeps its own copy).
    /// </summary>
    private void AckAndBye(SipMessage r)
    {
        if (_stray == null) _stray = new SipDialog();
        if (_stray.InitAsUac(r) != null) return;
        _ctx.Layer.Branches.Write(_m.Branch, 0);
        int n = CallRequests.Ack(_ctx.Writer, _ctx, _stray, r.CSeq, _m.Branch);
        if (!_stray.NextHop(_m.Hop)) _m.Hop.CopyFrom(_ctx.FirstHop);
        _ctx.Layer.SendStateless(_ctx.Writer.Buffer, 0, n, _m.Hop);
        InDialog.SendBye(_m, _stray, _ctx.FirstHop);
    }
}
