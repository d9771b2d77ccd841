using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone as caller (RFC 3261 §8.1, §13.2, §22; RFC 6026): INVITE with an SDP offer to the first
/// hop (the outbound proxy with a preloaded Route when one is set, §8.1.2, else the registrar; its
/// CANCEL and non-2xx ACK go the same way), the one retry per auth challenge (same Call-ID and From
/// tag, CSeq + 1), early dialogs, the first 2xx wins and a 2xx from another fork is ACKed then ended
/// with BYE, redirects followed in q order (at most five, never to a target already tried or to
/// ourselves), CANCEL only after a provisional, and hold/resume by re-INVITE.
/// </summary>
internal sealed class Dialer
{
    private readonly CallManager _m;
    private readonly UserAgent _ua;
    private readonly SipWriter _w = new SipWriter(1536);
    private readonly SipWriter _sdp = new SipWriter(512);
    private readonly byte[] _branch = new byte[BranchGenerator.Length];
    private readonly Endpoint _hop = new Endpoint();
    private readonly NameAddr _addr = new NameAddr();
    private readonly SessionDescription _answer = new SessionDescription();
    private readonly SipUri _uri = new SipUri();

    public Dialer(CallManager manager, UserAgent ua)
    {
        _m = manager;
        _ua = ua;
    }

    /// <summary>
    /// Calls target: digits become sip:digits@domain, anything with a scheme is used as the URI.
    /// Returns the call number, or 0 with error set.
    /// </summary>
    public int Dial(string target, out string error)
    {
        error = null;
        AgentSettings s = _ua.Settings;
        if (!s.IsComplete) { error = "account not configured"; return 0; }
        if (_m.Current != null) { error = "already in a call"; return 0; }
        string uri = ToUri(target, s.Domain);
        byte[] b = Ascii.Utf8Bytes(uri == null ? "" : uri);
        if (uri == null || !_uri.TryParse(b, 0, b.Length) || !_uri.IsSip || _uri.HasHeaders)
        {
            error = "not a number or SIP URI: " + target;
            return 0;
        }
        if (_ua.IsOwnAddress(uri)) { error = "that is this phone's own address"; return 0; }
        SipCall call = _m.Allocate();
        if (call == null) { error = "no free call slot"; return 0; }
        if (call.Digest == null) call.Digest = new DigestSession(_ua.Random);
        call.Incoming = false;
        call.Target.Set(b, 0, b.Length);
        call.CalledUri.Set(b, 0, b.Length);
        call.Peer = uri;
        call.CallId.Set(_ua.Random.Hex(16) + "@nanophone");
        _ua.NewTag(call.LocalTag);
        call.LocalCSeq = 0;
        Remember(call, b, 0, b.Length);
        _m.SetState(call, CallState.Dialing, uri);
        SendInvite(call);
        return call.Number;
    }

    /// <summary>"1234" → sip:1234@domain; "sip:x@y" as is; anything else is refused (null).</summary>
    public static string ToUri(string dialled, string domain)
    {
        if (dialled == null) return null;
        string t = dialled.Trim();
        if (t.Length == 0) return null;
        bool digits = true;
        for (int i = 0; i < t.Length; i++)
        {
            char c = t[i];
            if (!((c >= '0' && c <= '9') || c == '*' || c == '#' || (c == '+' && i == 0))) { digits = false; break; }
        }
        if (digits)
        {
            // '#' ends dialling on the keypad; a trailing one is not part of the number.
            if (t[t.Length - 1] == '#') t = t.Substring(0, t.Length - 1);
            if (t.Length == 0 || t.IndexOf('#') >= 0) return null;
            return "sip:" + t + "@" + domain;
        }
        return HasSipScheme(t) ? t : null;
    }

    private static bool HasSipScheme(string t)
    {
        int colon = t.IndexOf(':');
        if (colon < 3 || colon > 4) return false;
        string scheme = t.Substring(0, colon).ToLower();
        return scheme == "sip" || scheme == "sips";
    }

    private void SendInvite(SipCall call)
    {
        AgentSettings s = _ua.Settings;
        call.LocalCSeq++;
        call.InviteCSeq = call.LocalCSeq;
        call.Provisional = false;
        call.ChallengeAnswered = false;
        _ua.Layer.Branches.Write(_branch, 0);
        call.Branch.Set(_branch, 0, _branch.Length);
        SdpNegotiator.WriteOffer(_sdp, _m.Settings.Media, MediaDirection.SendRecv);
        _w.Reset();
        _w.Text("INVITE ").Field(call.Target).Text(" SIP/2.0").Crlf();
        Via(_w);
        RegisterRequestWriter.OutboundRoute(_w, s);
        _w.Header("Max-Forwards", 70);
        _w.HeaderName("From");
        RegisterRequestWriter.Aor(_w, s);
        _w.Text(";tag=").Field(call.LocalTag).Crlf();
        _w.HeaderName("To").Byte((byte)'<').Field(call.CalledUri).Byte((byte)'>').Crlf();
        _w.HeaderName("Call-ID").Field(call.CallId).Crlf();
        _w.HeaderName("CSeq").Number(call.LocalCSeq).Text(" INVITE").Crlf();
        CallResponses.Contact(_w, _ua);
        _w.Header("Allow", RequestCheck.Allow);
        _w.Header("User-Agent", s.Product);
        if (call.HaveChallenge)
        {
            _w.HeaderName(call.ProxyChallenge ? "Proxy-Authorization" : "Authorization");
            call.Digest.Authorize(_w, call.Challenge, Credentials(), "INVITE", call.Target.Buffer, 0, call.Target.Length);
            call.ChallengeAnswered = true;
            _w.Crlf();
        }
        ResponseBuilder.End(_w, "application/sdp", _sdp.Buffer, 0, _sdp.Length);
        SipTransaction tx = _ua.Layer.SendRequest(SipMethod.Invite, _branch, 0, _branch.Length, _w.Buffer, 0, _w.Length, s.FirstHop);
        if (tx == null)
        {
            _m.EndCall(call, CallState.Failed, "could not send INVITE");
            return;
        }
        // Kept for CANCEL, which copies the INVITE's Request-URI, Call-ID, From, To, CSeq number and Via.
        System.Array.Copy(_w.Buffer, call.Invite, _w.Length < call.Invite.Length ? _w.Length : call.Invite.Length);
        call.InviteLength = _w.Length < call.Invite.Length ? _w.Length : 0;
        tx.UserData = _m;
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
    }

    private DigestCredentials _credentials;
    private string _credentialsFor;

    private DigestCredentials Credentials()
    {
        string key = _ua.Settings.DigestUser + "\n" + _ua.Settings.Password;
        if (_credentials == null || _credentialsFor != key)
        {
            _credentials = new DigestCredentials(_ua.Settings.DigestUser, _ua.Settings.Password);
            _credentialsFor = key;
        }
        return _credentials;
    }

    private void Via(SipWriter w)
    {
        w.HeaderName("Via").Text("SIP/2.0/UDP ");
        _ua.LocalContact.WriteHostPort(w);
        w.Text(";branch=").Bytes(_branch, 0, _branch.Length).Text(";rport").Crlf();
    }

    // ---- Responses to our INVITE -------------------------------------------------------------

    public void OnResponse(SipCall call, SipMessage r)
    {
        int code = r.StatusCode;
        if (code < 200)
        {
            if (code == 100) return;
            call.Provisional = true;
            if (call.CancelPending && !call.CancelSent) { SendCancel(call); return; }
            if (call.State == CallState.Dialing && !call.CancelSent) _m.SetState(call, CallState.Ringback, code + " " + r.ReasonText);
            return;
        }
        if (code < 300) { OnSuccess(call, r); return; }
        if (call.Confirmed || !call.WinnerTag.IsEmpty) return;
        if (call.CancelSent)
        {
            _m.EndCall(call, CallState.Ended, "cancelled");
            return;
        }
        if ((code == 401 || code == 407) && OnChallenge(call, r, code == 407)) return;
        if (code >= 300 && code < 400) { OnRedirect(call, r); return; }
        if (TryNextCandidate(call)) return;
        _m.EndCall(call, CallState.Failed, code + " " + r.ReasonText);
    }

    private void OnSuccess(SipCall call, SipMessage r)
    {
        if (!call.WinnerTag.IsEmpty)
        {
            // The winner's 2xx again: our ACK was lost, send it again. Another tag: another fork
            // answered too (§13.2.2.4) — ACK it, then end that dialog with BYE.
            if (call.WinnerTag.Equals(r.Buffer, r.ToTagOffset, r.ToTagLength))
            {
                _ua.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
                return;
            }
            AckAndBye(r);
            return;
        }
        call.WinnerTag.Set(r.Buffer, r.ToTagOffset, r.ToTagLength);
        string why = call.Dialog.InitAsUac(r);
        if (why != null)
        {
            AckAndBye(r);
            _m.EndCall(call, CallState.Failed, "bad 2xx: " + why);
            return;
        }
        SendAck(call);
        call.Confirmed = true;
        _ua.Timers.Cancel(ref call.CancelTimer);
        if (call.CancelSent || call.CancelPending)
        {
            // The 200 crossed our CANCEL (or came before the provisional we were waiting for to
            // send one): the call exists now, so end it properly.
            _m.SendBye(call);
            _m.EndCall(call, CallState.Ended, "hung up");
            return;
        }
        if (r.BodyLength > 0 && _answer.TryParse(r.Buffer, r.BodyOffset, r.BodyLength) && _answer.FirstAudio < 0)
        {
            _m.SendBye(call);
            _m.EndCall(call, CallState.Failed, "no common codec in the answer");
            return;
        }
        _m.SetState(call, CallState.Answered, "");
    }

    /// <summary>ACK for the 2xx (§13.2.2.4): a new transaction, through the route set, kept to resend.</summary>
    private void SendAck(SipCall call)
    {
        _ua.Layer.Branches.Write(_branch, 0);
        _w.Reset();
        call.Dialog.WriteRequestLineAndRoutes(_w, SipMethod.Ack);
        Via(_w);
        _w.Header("Max-Forwards", 70);
        call.Dialog.WriteDialogHeaders(_w, call.InviteCSeq, SipMethod.Ack);
        ResponseBuilder.End(_w);
        int n = _w.Length < SipCall.MaxMessage ? _w.Length : SipCall.MaxMessage;
        System.Array.Copy(_w.Buffer, call.Ok, n);
        call.OkLength = n;
        // §12.2.1.1: the first route, or the remote target when the route set is empty; only a
        // route set and target that name no address fall back to the first hop.
        if (!call.Dialog.NextHop(call.ResponseTarget)) call.ResponseTarget.CopyFrom(_ua.Settings.FirstHop);
        _ua.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
    }

    private readonly SipCall _stray = new SipCall(-1);

    /// <summary>A 2xx from a losing fork: confirm its dialog with an ACK and end it with a BYE.</summary>
    private void AckAndBye(SipMessage r)
    {
        _stray.Clear();
        if (_stray.Dialog.InitAsUac(r) != null) return;
        _stray.InviteCSeq = r.CSeq;
        SendAck(_stray);
        _m.SendBye(_stray);
    }

    private bool OnChallenge(SipCall call, SipMessage r, bool proxy)
    {
        int h = r.IndexOf(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate);
        if (h < 0) return false;
        bool answeredThisNonce = call.ChallengeAnswered && call.HaveChallenge && SameNonce(call, r, h);
        if (call.Challenge.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) != ChallengeStatus.Ok)
        {
            _m.EndCall(call, CallState.Failed, "bad challenge: " + call.Challenge.Reason);
            return true;
        }
        // One retry per challenge; the same nonce again means our credentials were refused.
        if (answeredThisNonce && !call.Challenge.Stale)
        {
            _m.EndCall(call, CallState.Failed, "authentication failed");
            return true;
        }
        call.HaveChallenge = true;
        call.ProxyChallenge = proxy;
        SendInvite(call);
        return true;
    }

    private readonly DigestChallenge _probe = new DigestChallenge(512);

    private bool SameNonce(SipCall call, SipMessage r, int h)
    {
        return _probe.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) == ChallengeStatus.Ok && _probe.SameNonce(call.Challenge);
    }

    /// <summary>3xx (§8.1.3.4): the Contacts, best q first, become the next targets.</summary>
    private void OnRedirect(SipCall call, SipMessage r)
    {
        if (call.Redirects >= SipCall.MaxRedirects)
        {
            _m.EndCall(call, CallState.Failed, "too many redirections");
            return;
        }
        call.Redirects++;
        call.CandidateCount = 0;
        byte[] b = r.Buffer;
        for (int i = r.IndexOf(HeaderId.Contact); i >= 0; i = r.IndexOf(HeaderId.Contact, i + 1))
        {
            int p = r.ValueOffsetAt(i);
            int end = p + r.ValueLengthAt(i);
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) break;
                if (_addr.TryParse(b, p, comma - p) && !_addr.IsStar && _addr.Uri.IsSip && !_addr.Uri.HasHeaders)
                    AddCandidate(call, _addr);
                p = comma + 1;
            }
        }
        if (!TryNextCandidate(call)) _m.EndCall(call, CallState.Failed, "redirect without a usable Contact (" + r.StatusCode + " " + r.ReasonText + ")");
    }

    private void AddCandidate(SipCall call, NameAddr a)
    {
        SipUri u = a.Uri;
        if (WasTried(call, u.Buffer, u.Offset, u.Length)) return;
        string text = Ascii.ToString(u.Buffer, u.Offset, u.Length);
        if (_ua.IsOwnAddress(text)) return;
        int q = 1000;
        int vo, vl;
        if (a.FindParam("q", out vo, out vl) && vl > 0)
        {
            int parsed = Params.ParseQ(u.Buffer, vo, vl);
            if (parsed >= 0) q = parsed;
        }
        if (call.CandidateCount == SipCall.MaxCandidates) return;
        // Insert sorted by q, highest first; equal q keeps the order of the response.
        int at = call.CandidateCount;
        while (at > 0 && call.CandidateQ[at - 1] < q) at--;
        for (int i = call.CandidateCount; i > at; i--)
        {
            call.Candidates[i].Set(call.Candidates[i - 1]);
            call.CandidateQ[i] = call.CandidateQ[i - 1];
        }
        call.Candidates[at].Set(u.Buffer, u.Offset, u.Length);
        call.CandidateQ[at] = q;
        call.CandidateCount++;
    }

    private bool TryNextCandidate(SipCall call)
    {
        while (call.CandidateCount > 0)
        {
            ByteField next = call.Candidates[0];
            call.Target.Set(next);
            for (int i = 1; i < call.CandidateCount; i++)
            {
                call.Candidates[i - 1].Set(call.Candidates[i]);
                call.CandidateQ[i - 1] = call.CandidateQ[i];
            }
            call.CandidateCount--;
            if (WasTried(call, call.Target.Buffer, 0, call.Target.Length)) continue;
            if (call.TriedCount > SipCall.MaxRedirects) return false;
            Remember(call, call.Target.Buffer, 0, call.Target.Length);
            // §22.3: credentials for the outbound proxy stay good for the new target; a 401 was the old target's.
            if (!call.ProxyChallenge) call.HaveChallenge = false;
            _m.SetState(call, CallState.Dialing, call.Target.ToString());
            SendInvite(call);
            return true;
        }
        return false;
    }

    private static bool WasTried(SipCall call, byte[] b, int off, int len)
    {
        for (int i = 0; i < call.TriedCount; i++)
        {
            if (call.Tried[i].EqualsIgnoreCase(b, off, len)) return true;
        }
        return false;
    }

    private static void Remember(SipCall call, byte[] b, int off, int len)
    {
        if (call.TriedCount < call.Tried.Length) call.Tried[call.TriedCount++].Set(b, off, len);
    }

    public void OnNoResponse(SipCall call, string why)
    {
        if (call.Confirmed) return;
        if (TryNextCandidate(call)) return;
        _m.EndCall(call, CallState.Failed, call.CancelSent ? "cancelled" : "no answer from the network (" + why + ")");
    }

    // ---- Hanging up --------------------------------------------------------------------------

    /// <summary>Before an answer: CANCEL once a provisional came (§9.1), or as soon as one comes.</summary>
    public void Cancel(SipCall call)
    {
        if (call.CancelSent) return;
        if (!call.Provisional)
        {
            call.CancelPending = true;
            _m.SetState(call, call.State, "cancelling");
            return;
        }
        SendCancel(call);
    }

    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _sent = new SipMessage();

    private void SendCancel(SipCall call)
    {
        call.CancelSent = true;
        if (call.InviteLength == 0 || _parser.Parse(call.Invite, 0, call.InviteLength, _sent) != ParseStatus.Ok) return;
        // §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via (branch) as the INVITE; Route copied.
        _w.Reset();
        _w.Text("CANCEL ").Bytes(_sent.Buffer, _sent.RequestUri.Offset, _sent.RequestUri.Length).Text(" SIP/2.0").Crlf();
        CopyHeader(_sent, HeaderId.Via);
        _w.Header("Max-Forwards", 70);
        CopyHeader(_sent, HeaderId.From);
        CopyHeader(_sent, HeaderId.To);
        CopyHeader(_sent, HeaderId.CallId);
        _w.HeaderName("CSeq").Number(_sent.CSeq).Text(" CANCEL").Crlf();
        CopyHeader(_sent, HeaderId.Route);
        _w.Header("User-Agent", _ua.Settings.Product);
        ResponseBuilder.End(_w);
        _ua.Layer.Branches.Write(_branch, 0);   // unused: CANCEL shares the INVITE's branch
        // §9.1: to the same destination as the INVITE (the outbound proxy when it went there).
        SipTransaction tx = _ua.Layer.SendRequest(SipMethod.Cancel, call.Branch.Buffer, 0, call.Branch.Length,
            _w.Buffer, 0, _w.Length, call.InviteActive ? call.InviteTx.Peer : _ua.Settings.FirstHop);
        if (tx != null) tx.UserData = _m;
        // No 487 within 64·T1: give up on the INVITE (§9.1).
        call.CancelTimer = _ua.Timers.Schedule(_ua.Clock.NowMs + _ua.Layer.Settings.TimerB, _m, CallManager.TimerCancelGiveUp, call.Index);
    }

    private void CopyHeader(SipMessage m, HeaderId id)
    {
        string name = HeaderIds.Name(id);
        for (int i = m.IndexOf(id); i >= 0; i = m.IndexOf(id, i + 1)) _w.Header(name, m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }

    /// <summary>Hold (a=sendonly) or resume (a=sendrecv) by re-INVITE (RFC 3264 §8.4).</summary>
    public bool Hold(SipCall call, bool hold)
    {
        if (!call.Confirmed || call.State != CallState.Answered || call.LocalHold == hold) return false;
        if (call.InviteActive && !call.InviteTx.IsServer && call.InviteTx.State != TransactionState.Terminated
            && call.InviteTx.LastStatusCode < 200) return false;
        call.LocalHold = hold;
        _m.Settings.Media.SessionVersion++;
        SdpNegotiator.WriteOffer(_sdp, _m.Settings.Media, hold ? MediaDirection.SendOnly : MediaDirection.SendRecv);
        long cseq = call.Dialog.NextLocalCSeq();
        _ua.Layer.Branches.Write(_branch, 0);
        _w.Reset();
        call.Dialog.WriteRequestLineAndRoutes(_w, SipMethod.Invite);
        Via(_w);
        _w.Header("Max-Forwards", 70);
        call.Dialog.WriteDialogHeaders(_w, cseq, SipMethod.Invite);
        CallResponses.Contact(_w, _ua);
        ResponseBuilder.End(_w, "application/sdp", _sdp.Buffer, 0, _sdp.Length);
        if (!call.Dialog.NextHop(_hop)) _hop.CopyFrom(_ua.Settings.FirstHop);
        SipTransaction tx = _ua.Layer.SendRequest(SipMethod.Invite, _branch, 0, _branch.Length, _w.Buffer, 0, _w.Length, _hop);
        if (tx == null) return false;
        tx.UserData = _m;
        call.ReInviteTx = tx;
        call.ReInviteTxId = tx.Id;
        call.ReInviteCSeq = cseq;
        _m.SetState(call, CallState.Answered, hold ? "on hold" : "resumed");
        return true;
    }

    /// <summary>A response to our re-INVITE: ACK a 2xx (kept for its retransmissions).</summary>
    public void OnReInviteResponse(SipCall call, SipMessage r)
    {
        if (r.StatusCode < 200) return;
        if (r.StatusCode < 300)
        {
            call.Dialog.RefreshTarget(r);
            long saved = call.InviteCSeq;
            call.InviteCSeq = call.ReInviteCSeq;
            SendAck(call);
            call.InviteCSeq = saved;
        }
    }
}
