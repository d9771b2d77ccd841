using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Registration;

/// <summary>
/// Keeps the phone's binding at the registrar (RFC 3261 §10.2): authenticated (§22, RFC 7616),
/// refreshed before it lapses, retried with backoff after failures, moved when the phone's address
/// changes (mobility, NAT), and removed on shutdown. One REGISTER in flight at most; the same
/// Call-ID for all refreshes, CSeq growing. Every REGISTER (and the CRLF keep-alive) goes to
/// AgentSettings.FirstHop: the outbound proxy when one is set (§8.1.2), else the registrar. Runs on
/// the agent's loop thread.
/// </summary>
public sealed class RegistrationClient : IClientOwner, ITimerTarget
{
    private const int TimerRetry = 1;
    private const int TimerRefresh = 2;
    private const int TimerKeepAlive = 3;
    /// <summary>Challenges answered in a row without a 2xx before giving up (stale nonces included).</summary>
    private const int MaxChallengesInARow = 3;

    private readonly UaContext _ctx;
    private readonly IRegistrationEvents _events;
    private readonly BindingReader _bindings = new BindingReader();
    /// <summary>The registrar's (or outbound proxy's) challenge and our answers to it.</summary>
    private readonly DigestRetry _auth;
    private readonly ByteField _callId = new ByteField(64);
    private readonly ByteField _fromTag = new ByteField(24);
    private readonly byte[] _branch = new byte[BranchGenerator.Length];
    private readonly Endpoint _contact = new Endpoint();
    private readonly Endpoint _oldContact = new Endpoint();
    private readonly byte[] _uri = new byte[256];
    private static readonly byte[] KeepAlive = { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' };

    private DigestCredentials _credentials;
    private RegistrationState _state = RegistrationState.Unregistered;
    private SipTransaction _tx;
    private int _txId;
    private long _cseq;
    private int _expires;
    /// <summary>The Expires of the REGISTER in flight: its 2xx is judged by what it asked, not by what is wanted now.</summary>
    private int _sentExpires;
    private bool _removeOld;
    private int _challengesInARow;
    private int _intervalRetries;
    private int _failures;
    private bool _active;
    private bool _pending;
    private int _retryTimer = TimerQueue.None;
    private int _refreshTimer = TimerQueue.None;
    private int _keepAliveTimer = TimerQueue.None;
    private int _granted;
    private string _detail = "";

    public RegistrationClient(UaContext context, IRegistrationEvents events)
    {
        _ctx = context;
        _events = events;
        _auth = new DigestRetry(context.Random, DigestChallenge.DefaultCapacity);
        NewDialogIdentity();
    }

    public RegistrationState State { get { return _state; } }

    /// <summary>Why the state is what it is, for the status line ("authentication failed", "503 Service Unavailable"...).</summary>
    public string Detail { get { return _detail; } }

    /// <summary>Seconds the registrar granted our binding (0 unless Registered).</summary>
    public int GrantedExpires { get { return _granted; } }

    /// <summary>The Contact address registered (or being registered).</summary>
    public Endpoint Contact { get { return _contact; } }

    /// <summary>Failures in a row since the last success.</summary>
    public int Failures { get { return _failures; } }

    public long CSeq { get { return _cseq; } }

    public string CallId { get { return _callId.ToString(); } }

    /// <summary>Starts (or restarts at once) registering; also what the console's `register` does.</summary>
    public void Start()
    {
        _active = true;
        _failures = 0;
        _challengesInARow = 0;
        _intervalRetries = 0;
        _expires = _ctx.Settings.Expires;
        if (_contact.Port == 0) _contact.CopyFrom(_ctx.LocalContact);
        _credentials = new DigestCredentials(_ctx.Settings.DigestUser, _ctx.Settings.Password);
        SendNow();
    }

    /// <summary>Removes our binding (Expires: 0 for our Contact only) and stops refreshing.</summary>
    public void Stop()
    {
        bool wasBound = _state == RegistrationState.Registered || _state == RegistrationState.Registering
            || _state == RegistrationState.RetryWait;
        _active = false;
        CancelTimers();
        if (wasBound && _ctx.Settings.IsComplete)
        {
            _expires = 0;
            SendNow();
        }
        else
        {
            SetState(RegistrationState.Unregistered, "stopped");
        }
    }

    /// <summary>
    /// The account changed: remove the old binding under the old identity, then register anew with a
    /// new Call-ID (§10.2.4 keeps one Call-ID per registrar binding, not across accounts).
    /// </summary>
    public void AccountChanged()
    {
        bool wasActive = _active;
        Stop();
        _auth.Reset();
        if (wasActive)
        {
            NewDialogIdentity();
            _pendingStart = true;
            if (_tx == null) { _pendingStart = false; Start(); }
        }
    }

    private bool _pendingStart;

    /// <summary>
    /// The phone's address changed (new IP, new port, network back): register the new Contact now
    /// and remove the old one in the same request.
    /// </summary>
    public void ContactChanged(Endpoint now)
    {
        if (now.Equals(_contact))
        {
            if (_active && _state != RegistrationState.Registered) { _failures = 0; SendNow(); }
            return;
        }
        if (_contact.Port != 0 && (_state == RegistrationState.Registered || _state == RegistrationState.Registering
            || _state == RegistrationState.RetryWait))
        {
            _oldContact.CopyFrom(_contact);
            _removeOld = true;
        }
        _contact.CopyFrom(now);
        if (!_active) return;
        _failures = 0;
        SendNow();
    }

    // ---- Sending ----------------------------------------------------------------------------

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
            SetState(RegistrationState.Unregistered, "account not configured (sip.server, sip.user, sip.domain)");
            return;
        }
        _cseq++;
        _ctx.Layer.Branches.Write(_branch, 0);
        SipWriter w = _ctx.Writer;
        RegisterRequestWriter.Write(w, s, _contact, _removeOld ? _oldContact : null, _expires, _callId, _fromTag,
            _cseq, _branch, _branch.Length);
        int uriLen = 0;
        if (_auth.HaveChallenge)
        {
            _uri[0] = (byte)'s'; _uri[1] = (byte)'i'; _uri[2] = (byte)'p'; _uri[3] = (byte)':';
            uriLen = Ascii.WriteUtf8(s.Domain, _uri, 4);
        }
        _auth.WriteAuthorization(w, _credentials, "REGISTER", _uri, 0, uriLen);
        ResponseBuilder.End(w);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Register, _branch, 0, _branch.Length, w.Buffer, 0, w.Length, s.FirstHop);
        if (tx == null)
        {
            Fail("could not send REGISTER", 0);
            return;
        }
        tx.UserData = this;
        _tx = tx;
        _txId = tx.Id;
        _sentExpires = _expires;
        if (_state != RegistrationState.Registered && _expires > 0) SetState(RegistrationState.Registering, "");
        else if (_expires == 0) SetState(RegistrationState.Unregistering, "");
    }

    // ---- Responses ---------------------------------------------------------------------------

    public void OnResponse(SipTransaction tx, SipMessage r)
    {
        if (tx != _tx || tx.Id != _txId || r.StatusCode < 200) return;
        // A final response ends the REGISTER for us; the transaction only lingers to absorb
        // retransmissions (Timer K), so the next REGISTER may go now.
        Release();
        int code = r.StatusCode;
        if (code >= 200 && code < 300) OnSuccess(r);
        else if (code == 401 || code == 407) OnChallenge(r, code == 407);
        else if (code == 423) OnIntervalTooBrief(r);
        else Fail(code + " " + r.ReasonText, BindingReader.RetryAfter(r));
        SendPending();
    }

    private void Release()
    {
        _tx = null;
        _txId = 0;
    }

    private void SendPending()
    {
        if (_tx != null) return;
        if (_pendingStart)
        {
            _pendingStart = false;
            Start();
            return;
        }
        if (_pending) SendNow();
    }

    private void OnSuccess(SipMessage r)
    {
        _challengesInARow = 0;
        _intervalRetries = 0;
        _removeOld = false;
        if (_sentExpires == 0)
        {
            _granted = 0;
            SetState(RegistrationState.Unregistered, "binding removed");
            return;
        }
        // Stopped while this REGISTER was in flight: it made a binding, which the removal waiting
        // to be sent (SendPending) takes away again.
        if (_expires == 0) return;
        long granted = _bindings.GrantedExpires(r, _ctx.Settings.User, _contact);
        if (granted < 0)
        {
            Fail("registrar did not list our Contact", 0);
            return;
        }
        if (granted == 0)
        {
            Fail("registrar granted no time", 0);
            return;
        }
        // NAT (RFC 3581): the registrar saw us at another address than our Contact says.
        if (BindingReader.LearnedAddressDiffers(r, _contact, _learned))
        {
            _oldContact.CopyFrom(_contact);
            _removeOld = true;
            _contact.CopyFrom(_learned);
            _pending = true;
            return;
        }
        _failures = 0;
        _granted = granted > int.MaxValue / 1000 ? int.MaxValue / 1000 : (int)granted;
        _ctx.Timers.Cancel(ref _refreshTimer);
        _refreshTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + RefreshDelayMs(_granted), this, TimerRefresh, 0);
        ScheduleKeepAlive();
        SetState(RegistrationState.Registered, "");
    }

    /// <summary>Refresh at 90% of the granted time, and never later than 5 s before it ends.</summary>
    public static long RefreshDelayMs(int grantedSeconds)
    {
        long ninety = grantedSeconds * 900L;
        long margin = (grantedSeconds - 5) * 1000L;
        long d = ninety < margin ? ninety : margin;
        return d < 1000 ? 1000 : d;
    }

    private readonly Endpoint _learned = new Endpoint();
    private readonly Endpoint _reported = new Endpoint();
    private int _reportedExpires;

    private void OnChallenge(SipMessage r, bool proxy)
    {
        ChallengeVerdict verdict = _auth.OnChallenge(r, proxy, _ctx.Probe);
        if (verdict == ChallengeVerdict.Missing)
        {
            Fail(r.StatusCode + " without a challenge", 0);
            return;
        }
        if (verdict == ChallengeVerdict.Malformed)
        {
            Fail("bad challenge: " + _auth.Reason, 0);
            return;
        }
        _challengesInARow++;
        // Our credentials for this very nonce were refused, and the server does not call it stale:
        // the password is wrong. Stop; a retry would only be refused again.
        if (verdict == ChallengeVerdict.Refused || _challengesInARow > MaxChallengesInARow)
        {
            _auth.Clear();
            _active = false;
            CancelTimers();
            SetState(RegistrationState.AuthFailed, "authentication failed");
            return;
        }
        _pending = true;
    }

    private void OnIntervalTooBrief(SipMessage r)
    {
        long min = BindingReader.MinExpires(r);
        if (min < 0 || min <= _expires || _intervalRetries >= 2)
        {
            Fail("423 Interval Too Brief without a usable Min-Expires", 0);
            return;
        }
        _intervalRetries++;
        _expires = min > int.MaxValue ? int.MaxValue : (int)min;
        _pending = true;
    }

    public void OnNoResponse(SipTransaction tx, string why)
    {
        if (tx != _tx || tx.Id != _txId) return;
        Release();
        Fail(why + " from registrar", 0);
        SendPending();
    }

    public void OnTerminated(SipTransaction tx)
    {
        if (tx != _tx || tx.Id != _txId) return;
        Release();
        SendPending();
    }

    private void Fail(string why, int retryAfterSeconds)
    {
        _removeOld = _removeOld && _expires != 0;
        if (_expires == 0)
        {
            SetState(RegistrationState.Unregistered, why);
            return;
        }
        _failures++;
        _granted = 0;
        _ctx.Timers.Cancel(ref _refreshTimer);
        if (_active)
        {
            long delay = RetryBackoff.DelayMs(_failures, retryAfterSeconds, _ctx.Random.Below(int.MaxValue));
            _ctx.Timers.Cancel(ref _retryTimer);
            _retryTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + delay, this, TimerRetry, 0);
        }
        SetState(RegistrationState.RetryWait, why);
    }

    // ---- Timers ------------------------------------------------------------------------------

    public void OnTimer(int timerKind, int cookie)
    {
        if (timerKind == TimerRetry)
        {
            _retryTimer = TimerQueue.None;
            if (_active) SendNow();
        }
        else if (timerKind == TimerRefresh)
        {
            _refreshTimer = TimerQueue.None;
            if (_active) SendNow();
        }
        else if (timerKind == TimerKeepAlive)
        {
            _keepAliveTimer = TimerQueue.None;
            if (_active && _state == RegistrationState.Registered)
            {
                _ctx.Layer.SendStateless(KeepAlive, 0, KeepAlive.Length, _ctx.Settings.FirstHop);
                ScheduleKeepAlive();
            }
        }
    }

    private void ScheduleKeepAlive()
    {
        int s = _ctx.Settings.KeepAliveSeconds;
        if (s <= 0 || _keepAliveTimer != TimerQueue.None) return;
        _keepAliveTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + s * 1000L, this, TimerKeepAlive, 0);
    }

    private void CancelTimers()
    {
        _ctx.Timers.Cancel(ref _retryTimer);
        _ctx.Timers.Cancel(ref _refreshTimer);
        _ctx.Timers.Cancel(ref _keepAliveTimer);
    }


    private void SetState(RegistrationState state, string detail)
    {
        // A moved binding (address change, NAT) or a new expiry is news even when the state stays
        // Registered; a plain refresh that changes nothing is not.
        bool sameBinding = state != RegistrationState.Registered || (_reported.Equals(_contact) && _reportedExpires == _granted);
        if (state == _state && detail == _detail && sameBinding) return;
        _state = state;
        _detail = detail;
        _reported.CopyFrom(_contact);
        _reportedExpires = _granted;
        _events.OnRegistration(state, state == RegistrationState.Registered ? ContactText() : null, _granted, detail);
    }

    private string ContactText()
    {
        return "sip:" + _ctx.Settings.User + "@" + _contact.ToString();
    }

    private void NewDialogIdentity()
    {
        _callId.Set(_ctx.Random.Hex(16) + "@nanophone");
        _fromTag.Set(_ctx.Random.Hex(12));
        _cseq = 0;
    }
}
