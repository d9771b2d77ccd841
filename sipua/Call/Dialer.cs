using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Dialog;
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
    // Shared, each used from start to finish before anything else uses it (one loop thread): the
    // agent's writer, the CallManager's SDP writer and SDP scratch, the agent's parser, scratch
    // message and challenge probe.
    private readonly SipWriter _w;
    private readonly SipWriter _sdp;
    private readonly SessionDescription _answer;
    private readonly byte[] _branch = new byte[BranchGenerator.Length];
    private readonly Endpoint _hop = new Endpoint();
    private readonly NameAddr _addr = new NameAddr();
    private readonly SipUri _uri = new SipUri();
    /// <summary>The caller's state of the one outgoing call (its SipCall.Outgoing).</summary>
    private readonly OutgoingCall _outgoing = new OutgoingCall();
    /// <summary>A losing fork's dialog, only while its 2xx is ACKed and BYEd (§13.2.2.4).</summary>
    private readonly SipDialog _stray = new SipDialog();

    public Dialer(CallManager manager, UserAgent ua)
    {
        _m = manager;
        _ua = ua;
        _w = ua.Writer;
        _sdp = manager.SdpWriter;
        _answer = manager.SdpScratch;
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
        OutgoingCall o = _outgoing;
        o.Clear();
        if (o.Digest == null) o.Digest = new DigestSession(_ua.Random);
        call.Outgoing = o;
        call.Incoming = false;
        o.Target.Set(b, 0, b.Length);
        o.CalledUri.Set(b, 0, b.Length);
        call.Peer = uri;
        call.CallId.Set(_ua.Random.Hex(16) + "@nanophone");
        _ua.NewTag(call.LocalTag);
        o.LocalCSeq = 0;
        Remember(o, b, 0, b.Length);
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
        OutgoingCall o = call.Outgoing;
        o.LocalCSeq++;
        call.InviteCSeq = o.LocalCSeq;
        o.Provisional = false;
        o.ChallengeAnswered = false;
        _ua.Layer.Branches.Write(_branch, 0);
        call.Branch.Set(_branch, 0, _branch.Length);
        SdpNegotiator.WriteOffer(_sdp, _m.Settings.Media, MediaDirection.SendRecv);
        _w.Reset();
        _w.Text("INVITE ").Field(o.Target).Text(" SIP/2.0").Crlf();
        Via(_w);
        RegisterRequestWriter.OutboundRoute(_w, s);
        _w.Header("Max-Forwards", 70);
        _w.HeaderName("From");
        RegisterRequestWriter.Aor(_w, s);
        _w.Text(";tag=").Field(call.LocalTag).Crlf();
        _w.HeaderName("To").Byte((byte)'<').Field(o.CalledUri).Byte((byte)'>').Crlf();
        _w.HeaderName("Call-ID").Field(call.CallId).Crlf();
        _w.HeaderName("CSeq").Number(o.LocalCSeq).Text(" INVITE").Crlf();
        CallResponses.Contact(_w, _ua);
        _w.Header("Allow", RequestCheck.Allow);
        _w.Header("User-Agent", s.Product);
        if (o.HaveChallenge)
        {
            _w.HeaderName(o.ProxyChallenge ? "Proxy-Authorization" : "Authorization");
            o.Digest.Authorize(_w, o.Challenge, Credentials(), "INVITE", o.Target.Buffer, 0, o.Target.Length);
            o.ChallengeAnswered = true;
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
        OutgoingCall o = call.Outgoing;
        int code = r.StatusCode;
        if (code < 200)
        {
            if (code == 100) return;
            o.Provisional = true;
            if (o.CancelPending && !o.CancelSent) { SendCancel(call); return; }
            if (call.State == CallState.Dialing && !o.CancelSent) _m.SetState(call, CallState.Ringback, code + " " + r.ReasonText);
            return;
        }
        if (code < 300) { OnSuccess(call, r); return; }
        if (call.Confirmed || !o.WinnerTag.IsEmpty) return;
        if (o.CancelSent)
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
        OutgoingCall o = call.Outgoing;
        if (!o.WinnerTag.IsEmpty)
        {
            // The winner's 2xx again: our ACK was lost, send it again. Another tag: another fork
            // answered too (§13.2.2.4) — ACK it, then end that dialog with BYE.
            if (o.WinnerTag.Equals(r.Buffer, r.ToTagOffset, r.ToTagLength))
            {
                _ua.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
                return;
            }
            AckAndBye(r);
            return;
        }
        o.WinnerTag.Set(r.Buffer, r.ToTagOffset, r.ToTagLength);
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
        if (o.CancelSent || o.CancelPending)
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
        // After a followed redirect the one who answered is the target the last INVITE went to
        // (the voicemail), not the party dialled.
        if (o.Redirects > 0) call.Peer = o.Target.ToString();
        _m.SetState(call, CallState.Answered, "");
    }

    /// <summary>ACK for the 2xx (§13.2.2.4): a new transaction, through the route set, kept to resend.</summary>
    private void SendAck(SipCall call)
    {
        int n = WriteAck(call.Dialog, call.InviteCSeq);
        System.Array.Copy(_w.Buffer, call.Ok, n);
        call.OkLength = n;
        // §12.2.1.1: the first route, or the remote target when the route set is empty; only a
        // route set and target that name no address fall back to the first hop.
        if (!call.Dialog.NextHop(call.ResponseTarget)) call.ResponseTarget.CopyFrom(_ua.Settings.FirstHop);
        _ua.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
    }

    /// <summary>The ACK for a 2xx of dialog into the writer; returns its length (at most SipCall.MaxMessage, what a call keeps).</summary>
    private int WriteAck(SipDialog dialog, long inviteCSeq)
    {
        _ua.Layer.Branches.Write(_branch, 0);
        _w.Reset();
        dialog.WriteRequestLineAndRoutes(_w, SipMethod.Ack);
        Via(_w);
        _w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(_w, inviteCSeq, SipMethod.Ack);
        ResponseBuilder.End(_w);
        return _w.Length < SipCall.MaxMessage ? _w.Length : SipCall.MaxMessage;
    }

    /// <summary>
    /// A 2xx from a losing fork: confirm its dialog with an ACK and end it with a BYE, the same
    /// messages to the same hop as for a call of ours, from a dialog kept only meanwhile: nothing
    /// of it is needed after (the BYE's transaction keeps its own copy).
    /// </summary>
    private void AckAndBye(SipMessage r)
    {
        if (_stray.InitAsUac(r) != null) return;
        int n = WriteAck(_stray, r.CSeq);
        if (!_stray.NextHop(_hop)) _hop.CopyFrom(_ua.Settings.FirstHop);
        _ua.Layer.SendStateless(_w.Buffer, 0, n, _hop);
        _m.SendBye(_stray, _hop);
    }

    private bool OnChallenge(SipCall call, SipMessage r, bool proxy)
    {
        OutgoingCall o = call.Outgoing;
        int h = r.IndexOf(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate);
        if (h < 0) return false;
        bool answeredThisNonce = o.ChallengeAnswered && o.HaveChallenge && SameNonce(o, r, h);
        if (o.Challenge.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) != ChallengeStatus.Ok)
        {
            _m.EndCall(call, CallState.Failed, "bad challenge: " + o.Challenge.Reason);
            return true;
        }
        // One retry per challenge; the same nonce again means our credentials were refused.
        if (answeredThisNonce && !o.Challenge.Stale)
        {
            _m.EndCall(call, CallState.Failed, "authentication failed");
            return true;
        }
        o.HaveChallenge = true;
        o.ProxyChallenge = proxy;
        SendInvite(call);
        return true;
    }

    /// <summary>
    /// The agent's probe (UserAgent.Probe, 1 KB): a challenge that fits the call's 512-byte one
    /// parses the same in it, and one that does not fails that parse anyway ("bad challenge").
    /// </summary>
    private bool SameNonce(OutgoingCall o, SipMessage r, int h)
    {
        DigestChallenge probe = _ua.Probe;
        return probe.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) == ChallengeStatus.Ok && probe.SameNonce(o.Challenge);
    }

    /// <summary>3xx (§8.1.3.4): the Contacts, best q first, become the next targets.</summary>
    private void OnRedirect(SipCall call, SipMessage r)
    {
        OutgoingCall o = call.Outgoing;
        if (o.Redirects >= SipCall.MaxRedirects)
        {
            _m.EndCall(call, CallState.Failed, "too many redirections");
            return;
        }
        o.Redirects++;
        o.CandidateCount = 0;
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
                    AddCandidate(o, _addr);
                p = comma + 1;
            }
        }
        if (!TryNextCandidate(call)) _m.EndCall(call, CallState.Failed, "redirect without a usable Contact (" + r.StatusCode + " " + r.ReasonText + ")");
    }

    private void AddCandidate(OutgoingCall o, NameAddr a)
    {
        SipUri u = a.Uri;
        if (WasTried(o, u.Buffer, u.Offset, u.Length)) return;
        string text = Ascii.ToString(u.Buffer, u.Offset, u.Length);
        if (_ua.IsOwnAddress(text)) return;
        int q = 1000;
        int vo, vl;
        if (a.FindParam("q", out vo, out vl) && vl > 0)
        {
            int parsed = Params.ParseQ(u.Buffer, vo, vl);
            if (parsed >= 0) q = parsed;
        }
        if (o.CandidateCount == SipCall.MaxCandidates) return;
        // Insert sorted by q, highest first; equal q keeps the order of the response.
        int at = o.CandidateCount;
        while (at > 0 && o.CandidateQ[at - 1] < q) at--;
        for (int i = o.CandidateCount; i > at; i--)
        {
            o.Candidates[i].Set(o.Candidates[i - 1]);
            o.CandidateQ[i] = o.CandidateQ[i - 1];
        }
        o.Candidates[at].Set(u.Buffer, u.Offset, u.Length);
        o.CandidateQ[at] = q;
        o.CandidateCount++;
    }

    private bool TryNextCandidate(SipCall call)
    {
        OutgoingCall o = call.Outgoing;
        while (o.CandidateCount > 0)
        {
            ByteField next = o.Candidates[0];
            o.Target.Set(next);
            for (int i = 1; i < o.CandidateCount; i++)
            {
                o.Candidates[i - 1].Set(o.Candidates[i]);
                o.CandidateQ[i - 1] = o.CandidateQ[i];
            }
            o.CandidateCount--;
            if (WasTried(o, o.Target.Buffer, 0, o.Target.Length)) continue;
            if (o.TriedCount > SipCall.MaxRedirects) return false;
            Remember(o, o.Target.Buffer, 0, o.Target.Length);
            // §22.3: credentials for the outbound proxy stay good for the new target; a 401 was the old target's.
            if (!o.ProxyChallenge) o.HaveChallenge = false;
            _m.SetState(call, CallState.Dialing, o.Target.ToString());
            SendInvite(call);
            return true;
        }
        return false;
    }

    private static bool WasTried(OutgoingCall o, byte[] b, int off, int len)
    {
        for (int i = 0; i < o.TriedCount; i++)
        {
            if (o.Tried[i].EqualsIgnoreCase(b, off, len)) return true;
        }
        return false;
    }

    private static void Remember(OutgoingCall o, byte[] b, int off, int len)
    {
        if (o.TriedCount < o.Tried.Length) o.Tried[o.TriedCount++].Set(b, off, len);
    }

    public void OnNoResponse(SipCall call, string why)
    {
        if (call.Confirmed) return;
        if (TryNextCandidate(call)) return;
        _m.EndCall(call, CallState.Failed, call.Outgoing.CancelSent ? "cancelled" : "no answer from the network (" + why + ")");
    }

    // ---- Hanging up --------------------------------------------------------------------------

    /// <summary>Before an answer: CANCEL once a provisional came (§9.1), or as soon as one comes.</summary>
    public void Cancel(SipCall call)
    {
        OutgoingCall o = call.Outgoing;
        if (o.CancelSent) return;
        if (!o.Provisional)
        {
            o.CancelPending = true;
            _m.SetState(call, call.State, "cancelling");
            return;
        }
        SendCancel(call);
    }

    private void SendCancel(SipCall call)
    {
        call.Outgoing.CancelSent = true;
        // The INVITE as sent, parsed again into the agent's scratch message; used here and forgotten.
        SipMessage sent = _ua.Scratch;
        if (call.InviteLength == 0 || _ua.Parser.Parse(call.Invite, 0, call.InviteLength, sent) != ParseStatus.Ok) return;
        // §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via (branch) as the INVITE; Route copied.
        _w.Reset();
        _w.Text("CANCEL ").Bytes(sent.Buffer, sent.RequestUri.Offset, sent.RequestUri.Length).Text(" SIP/2.0").Crlf();
        CopyHeader(sent, HeaderId.Via);
        _w.Header("Max-Forwards", 70);
        CopyHeader(sent, HeaderId.From);
        CopyHeader(sent, HeaderId.To);
        CopyHeader(sent, HeaderId.CallId);
        _w.HeaderName("CSeq").Number(sent.CSeq).Text(" CANCEL").Crlf();
        CopyHeader(sent, HeaderId.Route);
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
