using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Subscription;

/// <summary>
/// The phone as a subscriber to its voicemail's message-summary (RFC 6665 §4.1, RFC 3842):
/// <code>
/// Off --Start--> Subscribing --2xx (Expires)--> Active --90% of it: SUBSCRIBE in dialog--> Active
///                            --401/407: again with credentials (DigestRetry, as REGISTER)
///                            --423: again with Min-Expires
/// Active, Subscribing --481: a new subscription at once (then with backoff)--> Subscribing
///                     --no answer, other errors: backoff (Retry-After wins)--> RetryWait --> Subscribing
///                     --NOTIFY terminated: at once (deactivated, timeout) / later (probation, giveup)
///                                          / never (rejected, noresource)-->   Subscribing / RetryWait / Failed
/// Active --Stop: SUBSCRIBE Expires: 0--> Unsubscribing --2xx--> Off
/// </code>
/// A NOTIFY in the subscription's dialog (or one that comes before the 2xx and so makes the dialog,
/// §4.1.2.4) is answered 200 and its summary handed to the app. An unsolicited NOTIFY (no To tag,
/// Event: message-summary — what Asterisk-class servers send to registered phones) is taken only from
/// the registrar or the outbound proxy, and refused with 403 from anyone else. One SUBSCRIBE in
/// flight at most; runs on the agent's loop thread.
/// </summary>
public sealed class MwiClient : IClientOwner, ITimerTarget
{
    private const int TimerRetry = 1;
    private const int TimerRefresh = 2;
    private const int MaxChallengesInARow = 3;

    private readonly UaContext _ctx;
    private readonly MwiSettings _settings;
    private readonly IMwiEvents _events;
    /// <summary>The subscription's dialog: made when the first one forms (3.5 KB a phone without mwi.subscribe never spends).</summary>
    private SipDialog _dialog;
    // The rest of the subscription's own state (~1.9 KB on the device: Digest, Call-ID, tags, target,
    // hop), made by the first Start with mwi.subscribe on and kept; without it the phone only answers
    // unsolicited NOTIFYs.
    private DigestRetry _auth;
    private ByteField _callId;
    private ByteField _fromTag;
    private ByteField _target;
    private byte[] _branch;
    private Endpoint _hop;
    private readonly ByteField _tag = new ByteField(16);
    private readonly MessageSummary _summary = new MessageSummary();

    private DigestCredentials _credentials;
    private MwiState _state = MwiState.Off;
    private string _detail = "";
    private SipTransaction _tx;
    private int _txId;
    private long _cseq;
    private int _expires;
    private int _sentExpires;
    private int _granted;
    private int _failures;
    private int _challengesInARow;
    private bool _active;
    private bool _pending;
    private int _retryTimer = TimerQueue.None;
    private int _refreshTimer = TimerQueue.None;

    /// <param name="events">Told of summaries and state changes; may be null.</param>
    public MwiClient(UaContext context, MwiSettings settings, IMwiEvents events)
    {
        _ctx = context;
        _settings = settings;
        _events = events;
    }

    private void MakeSubscriptionState()
    {
        if (_auth != null) return;
        _auth = new DigestRetry(_ctx.Random, DigestChallenge.DefaultCapacity);
        _callId = new ByteField(64);
        _fromTag = new ByteField(24);
        _target = new ByteField(256);
        _branch = new byte[BranchGenerator.Length];
        _hop = new Endpoint();
    }

    public MwiState State { get { return _state; } }

    /// <summary>Why the state is what it is ("no response", "489 Bad Event"...).</summary>
    public string Detail { get { return _detail; } }

    /// <summary>Seconds the notifier granted (0 unless Active).</summary>
    public int GrantedExpires { get { return _granted; } }

    /// <summary>Failures in a row since the last 2xx.</summary>
    public int Failures { get { return _failures; } }

    /// <summary>The last summary a NOTIFY carried (Waiting false and counts -1 before any).</summary>
    public MessageSummary Summary { get { return _summary; } }

    /// <summary>
    /// Subscribes anew (a new dialog) when mwi.subscribe is on; stops (removing a subscription it
    /// holds) when it is off. Also what a changed account or setting calls.
    /// </summary>
    public void Start()
    {
        if (!_settings.Subscribe)
        {
            Stop();
            return;
        }
        MakeSubscriptionState();
        _active = true;
        _failures = 0;
        _challengesInARow = 0;
        _expires = _settings.Expires > 0 ? _settings.Expires : 3600;
        _credentials = new DigestCredentials(_ctx.Settings.DigestUser, _ctx.Settings.Password);
        CancelTimers();
        NewSubscription();
        SendNow();
    }

    /// <summary>Ends the subscription: SUBSCRIBE with Expires: 0 in its dialog if it has one, and no more refreshes.</summary>
    public void Stop()
    {
        bool subscribed = _active && _state == MwiState.Active && InDialog;
        _active = false;
        CancelTimers();
        _pending = false;
        if (subscribed)
        {
            _expires = 0;
            SendNow();
        }
        else if (_state != MwiState.Off)
        {
            SetState(MwiState.Off, "stopped");
        }
    }

    /// <summary>True if a request with a To tag belongs to this subscription (its dialog, or the NOTIFY before the 2xx).</summary>
    public bool Matches(SipMessage m)
    {
        if (InDialog) return Dialog.MatchesRequest(m);
        return _callId != null && _callId.Length > 0 && _callId.Equals(m.Buffer, m.CallIdOffset, m.CallIdLength)
            && _fromTag.Equals(m.Buffer, m.ToTagOffset, m.ToTagLength);
    }

    // ---- Sending ----------------------------------------------------------------------------

    private void NewSubscription()
    {
        ClearDialog();
        _callId.Set(_ctx.Random.Hex(16) + "@nanophone");
        _fromTag.Set(_ctx.Random.Hex(12));
        _cseq = 0;
        string uri = _settings.Uri;
        if (uri == null || uri.Length == 0) uri = "sip:" + _ctx.Settings.User + "@" + _ctx.Settings.Domain;
        _target.Set(uri);
    }

    private bool InDialog { get { return _dialog != null && _dialog.InUse; } }

    private SipDialog Dialog
    {
        get
        {
            if (_dialog == null) _dialog = new SipDialog();
            return _dialog;
        }
    }

    private void ClearDialog()
    {
        if (_dialog != null) _dialog.Clear();
    }

    private void SendNow()
    {
        _ctx.Timers.Cancel(ref _retryTimer);
        if (_tx != null)
        {
            _pending = true;
            return;
        }
        _pending = false;
        AgentSettings s = _ctx.Settings;
        if (!s.IsComplete)
        {
            SetState(_active ? MwiState.RetryWait : MwiState.Off, "account not configured");
            return;
        }
        if (InDialog && !Dialog.NextHop(_hop)) ClearDialog();
        _cseq = InDialog ? Dialog.NextLocalCSeq() : _cseq + 1;
        _ctx.Layer.Branches.Write(_branch, 0);
        SipWriter w = _ctx.Writer;
        if (InDialog)
        {
            SubscribeRequestWriter.InDialog(w, _ctx, Dialog, _cseq, _branch, _expires);
            _auth.WriteAuthorization(w, _credentials, "SUBSCRIBE", Dialog.RemoteTarget.Buffer, 0, Dialog.RemoteTarget.Length);
        }
        else
        {
            SubscribeRequestWriter.Initial(w, _ctx, _target, _callId, _fromTag, _cseq, _branch, _expires);
            _auth.WriteAuthorization(w, _credentials, "SUBSCRIBE", _target.Buffer, 0, _target.Length);
            _hop.CopyFrom(s.FirstHop);
        }
        ResponseBuilder.End(w);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Subscribe, _branch, 0, _branch.Length, w.Buffer, 0, w.Length, _hop);
        if (tx == null)
        {
            Fail("could not send SUBSCRIBE", 0);
            return;
        }
        tx.UserData = this;
        _tx = tx;
        _txId = tx.Id;
        _sentExpires = _expires;
        if (_expires == 0) SetState(MwiState.Unsubscribing, "");
        else if (_state != MwiState.Active) SetState(MwiState.Subscribing, "");
    }

    private void SendPending()
    {
        if (_tx == null && _pending) SendNow();
    }

    // ---- Responses (IClientOwner) --------------------------------------------------------------

    public void OnResponse(SipTransaction tx, SipMessage r)
    {
        if (tx != _tx || tx.Id != _txId || r.StatusCode < 200) return;
        _tx = null;
        _txId = 0;
        int code = r.StatusCode;
        if (code < 300) OnSuccess(r);
        else if (code == 401 || code == 407) OnChallenge(r, code == 407);
        else if (code == 423) OnIntervalTooBrief(r);
        else if (code == 481) OnGone();
        else Fail(code + " " + r.ReasonText, BindingReader.RetryAfter(r));
        SendPending();
    }

    private void OnSuccess(SipMessage r)
    {
        _challengesInARow = 0;
        if (_sentExpires == 0)
        {
            _granted = 0;
            SetState(MwiState.Off, "unsubscribed");
            return;
        }
        if (!_active) return;
        if (!InDialog)
        {
            string why = Dialog.InitAsUac(r);
            if (why != null)
            {
                ClearDialog();
                Fail(why, 0);
                return;
            }
        }
        // RFC 6665 §4.1.2.1: the 2xx's Expires is the duration granted (never longer than asked).
        long granted = r.Expires >= 0 && r.Expires < _sentExpires ? r.Expires : _sentExpires;
        if (granted == 0)
        {
            ClearDialog();
            Fail("notifier granted no time", 0);
            return;
        }
        _failures = 0;
        Granted((int)granted);
        SetState(MwiState.Active, "");
    }

    private void Granted(int seconds)
    {
        _granted = seconds;
        _ctx.Timers.Cancel(ref _refreshTimer);
        _refreshTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + RegistrationClient.RefreshDelayMs(seconds), this, TimerRefresh, 0);
    }

    private void OnChallenge(SipMessage r, bool proxy)
    {
        ChallengeVerdict verdict = _auth.OnChallenge(r, proxy, _ctx.Probe);
        if (verdict == ChallengeVerdict.Missing) { Fail(r.StatusCode + " without a challenge", 0); return; }
        if (verdict == ChallengeVerdict.Malformed) { Fail("bad challenge: " + _auth.Reason, 0); return; }
        _challengesInARow++;
        if (verdict == ChallengeVerdict.Refused || _challengesInARow > MaxChallengesInARow)
        {
            _auth.Clear();
            GiveUp("authentication failed");
            return;
        }
        _pending = true;
    }

    private void OnIntervalTooBrief(SipMessage r)
    {
        long min = BindingReader.MinExpires(r);
        if (min <= _expires || min > 86400)
        {
            Fail("423 Interval Too Brief without a usable Min-Expires", 0);
            return;
        }
        _expires = (int)min;
        _pending = true;
    }

    /// <summary>481: the notifier has no such subscription (§4.1.2.2): a new one at once, with backoff if that fails too.</summary>
    private void OnGone()
    {
        ClearDialog();
        if (!_active) { SetState(MwiState.Off, "481 Call/Transaction Does Not Exist"); return; }
        if (_failures > 0) { Fail("481 Call/Transaction Does Not Exist", 0); return; }
        _failures++;
        NewSubscription();
        _pending = true;
    }

    public void OnNoResponse(SipTransaction tx, string why)
    {
        if (tx != _tx || tx.Id != _txId) return;
        _tx = null;
        _txId = 0;
        if (_sentExpires == 0) SetState(MwiState.Off, why);
        else Fail(why, 0);
        SendPending();
    }

    public void OnTerminated(SipTransaction tx)
    {
        if (tx != _tx || tx.Id != _txId) return;
        _tx = null;
        _txId = 0;
        SendPending();
    }

    /// <summary>A new subscription after the backoff (RetryBackoff: 30 s·2ⁿ, Retry-After wins).</summary>
    private void Fail(string why, int retryAfterSeconds)
    {
        _failures++;
        _granted = 0;
        ClearDialog();
        _ctx.Timers.Cancel(ref _refreshTimer);
        if (!_active) { SetState(MwiState.Off, why); return; }
        long delay = RetryBackoff.DelayMs(_failures, retryAfterSeconds, _ctx.Random.Below(int.MaxValue));
        _ctx.Timers.Cancel(ref _retryTimer);
        _retryTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + delay, this, TimerRetry, 0);
        _pending = false;
        SetState(MwiState.RetryWait, why);
    }

    private void GiveUp(string why)
    {
        _active = false;
        _granted = 0;
        _pending = false;
        CancelTimers();
        SetState(MwiState.Failed, why);
    }

    // ---- NOTIFY -----------------------------------------------------------------------------------

    /// <summary>
    /// A NOTIFY (the agent's checks passed): in our dialog, before our 2xx, or unsolicited. Answered
    /// here: 200; 481 for another dialog; 489 for another event package; 403 unsolicited from a
    /// stranger; 400 without Subscription-State (in a subscription) or with a malformed summary.
    /// </summary>
    public void OnNotify(SipTransaction tx, SipMessage m, Endpoint source)
    {
        if (!m.HasToTag)
        {
            OnUnsolicited(tx, m, source);
            return;
        }
        if (!Matches(m)) { Respond(tx, m, 481, "Call/Transaction Does Not Exist"); return; }
        if (!SubscribeRequestWriter.IsMessageSummary(m)) { Respond(tx, m, 489, "Bad Event"); return; }
        int expires, retryAfter;
        TerminationReason reason;
        SubState sub = SubscriptionStateHeader.Read(m, out expires, out reason, out retryAfter);
        if (sub == SubState.Missing) { Respond(tx, m, 400, "Missing Subscription-State"); return; }
        if (m.BodyLength > 0 && !_summary.Parse(m.Buffer, m.BodyOffset, m.BodyLength))
        {
            Respond(tx, m, 400, "Bad message-summary");
            return;
        }
        if (!InDialog)
        {
            // §4.1.2.4: the NOTIFY came before the 2xx; it makes the dialog.
            if (Dialog.InitAsUas(m, _fromTag, _cseq) != null) { ClearDialog(); Respond(tx, m, 400, "Bad Request"); return; }
        }
        else if (!Dialog.AcceptRemoteCSeq(m.CSeq))
        {
            Respond(tx, m, 500, "Server Internal Error");
            return;
        }
        Respond(tx, m, 200, "OK");
        if (m.BodyLength > 0 && _events != null) _events.OnMessageSummary(_summary, false);
        if (sub == SubState.Terminated) OnNotifierEnded(reason, retryAfter);
        else if (expires >= 0 && _state == MwiState.Active && expires < _granted) Granted(expires);
    }

    /// <summary>§4.1.3: the notifier ended the subscription; the reason says whether and when to subscribe again.</summary>
    private void OnNotifierEnded(TerminationReason reason, int retryAfter)
    {
        ClearDialog();
        _granted = 0;
        _ctx.Timers.Cancel(ref _refreshTimer);
        if (!_active || _state == MwiState.Unsubscribing) { if (_tx == null) SetState(MwiState.Off, "terminated"); return; }
        if (reason == TerminationReason.DoNotResubscribe) { GiveUp("terminated by the notifier"); return; }
        if (reason == TerminationReason.ResubscribeLater || retryAfter > 0)
        {
            Fail("terminated by the notifier", retryAfter > 0 ? retryAfter : 0);
            return;
        }
        NewSubscription();
        SendNow();
    }

    private void OnUnsolicited(SipTransaction tx, SipMessage m, Endpoint source)
    {
        if (!SubscribeRequestWriter.IsMessageSummary(m)) { Respond(tx, m, 489, "Bad Event"); return; }
        if (!_ctx.IsServer(source)) { Respond(tx, m, 403, "Forbidden"); return; }
        if (!_summary.Parse(m.Buffer, m.BodyOffset, m.BodyLength)) { Respond(tx, m, 400, "Bad message-summary"); return; }
        Respond(tx, m, 200, "OK");
        if (_events != null) _events.OnMessageSummary(_summary, true);
    }

    private void Respond(SipTransaction tx, SipMessage m, int code, string reason)
    {
        _ctx.NewTag(_tag);
        ResponseBuilder.Begin(_ctx.Writer, m, code, reason, _tag.Buffer, 0, _tag.Length);
        if (code == 489) _ctx.Writer.Header("Allow-Events", SubscribeRequestWriter.EventPackage);
        ResponseBuilder.End(_ctx.Writer);
        _ctx.Layer.SendResponse(tx, _ctx.Writer.Buffer, 0, _ctx.Writer.Length);
    }

    // ---- Timers ------------------------------------------------------------------------------

    public void OnTimer(int timerKind, int cookie)
    {
        if (timerKind == TimerRetry)
        {
            _retryTimer = TimerQueue.None;
            if (!_active) return;
            if (!InDialog) NewSubscription();
            SendNow();
        }
        else if (timerKind == TimerRefresh)
        {
            _refreshTimer = TimerQueue.None;
            if (_active) SendNow();
        }
    }

    private void CancelTimers()
    {
        _ctx.Timers.Cancel(ref _retryTimer);
        _ctx.Timers.Cancel(ref _refreshTimer);
    }

    private void SetState(MwiState state, string detail)
    {
        if (state == _state && detail == _detail) return;
        _state = state;
        _detail = detail;
        if (_events != null) _events.OnMwiSubscription(state, state == MwiState.Active ? _granted : 0, detail);
    }
}
