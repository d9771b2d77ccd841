using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dns;
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
/// Call-ID for all refreshes, CSeq growing. Every REGISTER (and the keep-alive) goes to the first
/// hop — the outbound proxy when one is set (§8.1.2), else the registrar — as the
/// <see cref="ServerLocator"/> found it (RFC 3263): a timeout, a 503 or a failed connection moves
/// the registration to the next target at once (the backup last); only when every target failed
/// does the backoff apply. Registered at a later target, it asks the preferred one every
/// FailbackSeconds (an OPTIONS) and, when it answers and no call is live, removes the binding where
/// it is and registers there again. Over TCP or TLS the connection is opened first and its end is
/// the Contact; when it fails, the phone registers again at once. RFC 5626 outbound when the
/// settings ask for it: +sip.instance and reg-id, and keep-alives on the flow (double CRLF with
/// pong detection over a connection). Runs on the agent's loop thread.
/// </summary>
public sealed class RegistrationClient : IClientOwner, ITimerTarget, IFlowEvents, IResolverEvents
{
    private const int TimerRetry = 1;
    private const int TimerRefresh = 2;
    private const int TimerKeepAlive = 3;
    private const int TimerFailback = 4;
    /// <summary>RFC 5626 §4.4.1 keep-alive intervals when the registrar gives no Flow-Timer.</summary>
    public const int DefaultUdpKeepAliveSeconds = 25;
    public const int DefaultStreamKeepAliveSeconds = 90;
    /// <summary>The reg-id of our one flow (RFC 5626 §4.2.1).</summary>
    public const int RegId = 1;
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
    /// <summary>The registered flow died and a new one is being registered (its old binding is replaced).</summary>
    private bool _flowLost;
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

    // Where the binding is and how it got there.
    private readonly Endpoint _target = new Endpoint();
    private readonly Endpoint _boundAt = new Endpoint();
    private readonly Endpoint _flowLocal = new Endpoint();
    private bool _waitingForServers;
    private bool _waitingForFlow;
    private bool _returning;
    private bool _behindNat;
    private int _flowTimerSeconds;
    private int _failbackTimer = TimerQueue.None;
    private SipTransaction _probe;
    private int _probeId;
    private readonly byte[] _probeBranch = new byte[BranchGenerator.Length];

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

    /// <summary>Where the REGISTER went last (the target in use).</summary>
    public Endpoint Target { get { return _target; } }

    /// <summary>The registrar confirmed an RFC 5626 flow (Require: outbound in its 2xx).</summary>
    public bool Outbound { get { return _ctx.OutboundFlow; } }

    /// <summary>The registrar saw us at another address than our own (NAT): keep-alives are on unless set off.</summary>
    public bool BehindNat { get { return _behindNat; } }

    /// <summary>Seconds between keep-alives now; 0 when none are sent.</summary>
    public int KeepAliveSeconds { get { return KeepAliveInterval(); } }

    /// <summary>Starts (or restarts at once) registering; also what the console's `register` does.</summary>
    public void Start()
    {
        _active = true;
        _failures = 0;
        _challengesInARow = 0;
        _intervalRetries = 0;
        _expires = _ctx.Settings.Expires;
        _returning = false;
        if (_contact.Port == 0) _contact.CopyFrom(_ctx.LocalContact);
        _credentials = new DigestCredentials(_ctx.Settings.DigestUser, _ctx.Settings.Password);
        if (_ctx.Locator != null && _state != RegistrationState.Registered) _ctx.Locator.Invalidate();
        SendNow();
    }

    /// <summary>Removes our binding (Expires: 0 for our Contact only) and stops refreshing.</summary>
    public void Stop()
    {
        bool wasBound = _state == RegistrationState.Registered || _state == RegistrationState.Registering
            || _state == RegistrationState.RetryWait;
        _active = false;
        _returning = false;
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
            if (_ctx.Locator != null) _ctx.Locator.Invalidate();
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

    /// <summary>
    /// The network changed under a connection (a new address): the connection is closed and the
    /// phone registers again over a new one.
    /// </summary>
    public void NetworkChanged()
    {
        if (_ctx.Flows != null && _boundAt.Port != 0) _ctx.Flows.Close(_boundAt);
        if (_active) { _failures = 0; SendNow(); }
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
        if (!FindServer() || !OpenFlow()) return;
        if (!_target.SameFlow(_boundAt) && _removeOld && _boundAt.Port != 0)
        {
            // Another server: the old binding is not there to be replaced.
            _removeOld = false;
        }
        bool outbound = s.UsesOutbound(_target.Protocol);
        if (_removeOld && outbound && _ctx.OutboundFlow)
        {
            // RFC 5626 §6: the registrar that confirmed our flow replaces its binding by instance and
            // reg-id. A second Contact (the old one, expires=0) would make the request no outbound
            // registration to the edge proxy (Kamailio then adds no flow token and no ;ob).
            _removeOld = false;
        }
        _cseq++;
        _ctx.Layer.Branches.Write(_branch, 0);
        SipWriter w = _ctx.Writer;
        RegisterRequestWriter.Write(w, s, _contact, _removeOld ? _oldContact : null, _expires, _callId, _fromTag,
            _cseq, _branch, _branch.Length, outbound ? s.Instance : null, RegId);
        int uriLen = 0;
        if (_auth.HaveChallenge)
        {
            _uri[0] = (byte)'s'; _uri[1] = (byte)'i'; _uri[2] = (byte)'p'; _uri[3] = (byte)':';
            uriLen = Ascii.WriteUtf8(s.Domain, _uri, 4);
        }
        _auth.WriteAuthorization(w, _credentials, "REGISTER", _uri, 0, uriLen);
        ResponseBuilder.End(w);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Register, _branch, 0, _branch.Length, w.Buffer, 0, w.Length, _target);
        if (tx == null)
        {
            // A name the resolver left to the platform: say what DNS answered (a malformed reply...).
            string dns = _ctx.Locator != null ? _ctx.Locator.Problem : null;
            FailOver("could not send REGISTER to " + Where() + (dns != null ? " (" + dns + ")" : ""), 0);
            return;
        }
        tx.UserData = this;
        _tx = tx;
        _txId = tx.Id;
        _sentExpires = _expires;
        _boundAt.CopyFrom(_target);
        if (_returning) return;
        if (_state != RegistrationState.Registered && _expires > 0) SetState(RegistrationState.Registering, _flowLost ? _detail : "");
        else if (_expires == 0) SetState(RegistrationState.Unregistering, "");
    }

    /// <summary>The target for the next REGISTER into _target; false while the lookup runs (OnResolved sends) or when it found nothing.</summary>
    private bool FindServer()
    {
        ServerLocator loc = _ctx.Locator;
        if (loc == null)
        {
            _target.CopyFrom(_ctx.Settings.FirstHop);
            return true;
        }
        if (!loc.IsReady(_ctx.Clock.NowMs))
        {
            if (loc.Busy || !loc.Resolve())
            {
                _waitingForServers = true;
                if (_state != RegistrationState.Registered && _expires > 0)
                    SetState(RegistrationState.Registering, "looking up " + ServerLocator.HostOf(_ctx.Settings.FirstHop));
                return false;
            }
        }
        _waitingForServers = false;
        if (loc.Count == 0)
        {
            Fail("no server found for " + ServerLocator.HostOf(_ctx.Settings.FirstHop) + (loc.Problem != null ? ": " + loc.Problem : ""), 0);
            return false;
        }
        _target.CopyFrom(loc.Current);
        return true;
    }

    /// <summary>
    /// Over TCP or TLS: the connection to _target must be up (false while it is being opened:
    /// OnFlowOpened sends), and its end is our Contact. Over UDP the socket's address is.
    /// </summary>
    private bool OpenFlow()
    {
        SipFlows flows = _ctx.Flows;
        if (!TransportProtocols.IsReliable(_target.Protocol))
        {
            if (TransportProtocols.IsReliable(_contact.Protocol) || _contact.Port == 0)
            {
                // Back from a connection to UDP: the socket's address.
                _contact.CopyFrom(_ctx.DatagramContact);
                _ctx.LocalContact.CopyFrom(_ctx.DatagramContact);
            }
            return true;
        }
        if (flows == null || !flows.IsOpen(_target))
        {
            if (flows != null && _ctx.Locator != null) flows.TlsServerName = _ctx.Locator.CurrentServerName;
            if (flows == null || !flows.Connect(_target))
            {
                FailOver(flows == null ? "no TCP or TLS here" : flows.LastFailure, 0);
                return false;
            }
            _waitingForFlow = true;
            if (_state != RegistrationState.Registered && _expires > 0 && !_returning && !(_flowLost && _boundAt.SameFlow(_target)))
                SetState(RegistrationState.Registering, "connecting to " + Where());
            return false;
        }
        _waitingForFlow = false;
        flows.LocalOf(_target, _flowLocal);
        if (!_flowLocal.SameFlow(_contact))
        {
            if (_contact.Port != 0 && _boundAt.SameFlow(_target) && (_state == RegistrationState.Registered || _flowLost))
            {
                // A new connection to the same registrar: replace the old binding.
                _oldContact.CopyFrom(_contact);
                _removeOld = true;
            }
            _contact.CopyFrom(_flowLocal);
        }
        _ctx.LocalContact.CopyFrom(_flowLocal);
        return true;
    }

    private string Where()
    {
        return _ctx.Locator != null ? _ctx.Locator.Describe() : _target.ToString();
    }

    // ---- Servers and flows --------------------------------------------------------------------

    public void OnResolved(SipResolver resolver)
    {
        if (!_waitingForServers) return;
        _waitingForServers = false;
        if (_active || _expires == 0) SendNow();
    }

    public void OnFlowOpened(Endpoint remote, Endpoint local)
    {
        if (!_waitingForFlow || !remote.SameFlow(_target)) return;
        _waitingForFlow = false;
        SendNow();
    }

    public void OnFlowClosed(Endpoint remote, string why)
    {
        if (_waitingForFlow && remote.SameFlow(_target))
        {
            _waitingForFlow = false;
            FailOver(why, 0);
            return;
        }
        // The registration's flow died (RFC 5626 §4.5): register again at once over a new one. A
        // REGISTER in flight on it has failed already (and moved on).
        if (_tx == null && remote.SameFlow(_boundAt) && _active
            && (_state == RegistrationState.Registered || _returning))
        {
            _failures = 0;
            // The binding is unreachable until the new flow is registered: one line saying why.
            _flowLost = true;
            SetState(RegistrationState.Registering, why);
            SendNow();
        }
    }

    // ---- Responses ---------------------------------------------------------------------------

    public void OnResponse(SipTransaction tx, SipMessage r)
    {
        if (tx == _probe && tx.Id == _probeId)
        {
            // Any final answer (even 404 or 405) says the preferred server is back.
            if (r.StatusCode >= 200) ProbeAnswered();
            return;
        }
        if (tx != _tx || tx.Id != _txId || r.StatusCode < 200) return;
        // A final response ends the REGISTER for us; the transaction only lingers to absorb
        // retransmissions (Timer K), so the next REGISTER may go now.
        Release();
        int code = r.StatusCode;
        if (_returning && _sentExpires == 0 && code != 401 && code != 407)
        {
            // The binding at the backup is gone (or the backup refused to remove it: it lapses).
            ReturnToPreferred();
            return;
        }
        if (code >= 200 && code < 300) OnSuccess(r);
        else if (code == 401 || code == 407) OnChallenge(r, code == 407);
        else if (code == 423) OnIntervalTooBrief(r);
        else if (code == 503) FailOver(code + " " + r.ReasonText, BindingReader.RetryAfter(r));
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
        _flowLost = false;
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
        // NAT (RFC 3581): the registrar saw us at another address than our Contact says. Over a
        // connection the Contact stays the connection's end (the registrar reaches us through it).
        bool reliable = TransportProtocols.IsReliable(_target.Protocol);
        if (BindingReader.LearnedAddressDiffers(r, reliable ? _flowLocal : _ctx.DatagramContact, _learned)) _behindNat = true;
        if (!reliable && BindingReader.LearnedAddressDiffers(r, _contact, _learned))
        {
            _oldContact.CopyFrom(_contact);
            _removeOld = true;
            _contact.CopyFrom(_learned);
            _pending = true;
            return;
        }
        _failures = 0;
        _granted = granted > int.MaxValue / 1000 ? int.MaxValue / 1000 : (int)granted;
        // RFC 5626 §4.2.1: the registrar keeps our flow when its 2xx requires outbound.
        _ctx.OutboundFlow = _ctx.Settings.UsesOutbound(_target.Protocol) && BindingReader.RequiresOutbound(r);
        _flowTimerSeconds = BindingReader.FlowTimer(r);
        _ctx.Timers.Cancel(ref _refreshTimer);
        _refreshTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + RefreshDelayMs(_granted), this, TimerRefresh, 0);
        _ctx.Timers.Cancel(ref _keepAliveTimer);
        ScheduleKeepAlive();
        ScheduleFailback();
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
        if (tx == _probe && tx.Id == _probeId)
        {
            _probe = null;
            ScheduleFailback();
            return;
        }
        if (tx != _tx || tx.Id != _txId) return;
        Release();
        if (_returning && _sentExpires == 0)
        {
            ReturnToPreferred();
            return;
        }
        string failure = _ctx.Flows != null && TransportProtocols.IsReliable(_target.Protocol) && _ctx.Flows.LastFailure != null
            && why != "no response" ? _ctx.Flows.LastFailure : why + " from registrar";
        FailOver(failure, 0);
        SendPending();
    }

    public void OnTerminated(SipTransaction tx)
    {
        if (tx == _probe && tx.Id == _probeId)
        {
            _probe = null;
            return;
        }
        if (tx != _tx || tx.Id != _txId) return;
        Release();
        SendPending();
    }

    /// <summary>
    /// RFC 3263 §4.3: this server failed (no answer, 503, connection refused or lost); the next
    /// target at once, or the backoff when every target has failed (starting over at the first).
    /// </summary>
    private void FailOver(string why, int retryAfterSeconds)
    {
        ServerLocator loc = _ctx.Locator;
        if (_expires == 0 || loc == null || !_active)
        {
            Fail(why, retryAfterSeconds);
            return;
        }
        string failed = loc.Describe();
        if (loc.Advance())
        {
            _challengesInARow = 0;
            _auth.Clear();
            // Announce the move, then register there (a connection first, over TCP or TLS).
            SetState(RegistrationState.Registering, why + " (" + failed + "); trying " + loc.Describe());
            if (_tx == null) SendNow();
            else _pending = true;
            return;
        }
        loc.Restart();
        Fail(why, retryAfterSeconds);
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
                if (TransportProtocols.IsReliable(_boundAt.Protocol))
                {
                    // RFC 5626 §4.4.1: double CRLF; the flows give the connection up without its pong.
                    if (_ctx.Flows != null) _ctx.Flows.Ping(_boundAt);
                }
                else
                {
                    _ctx.Layer.SendStateless(KeepAlive, 0, KeepAlive.Length, _boundAt.Port != 0 ? _boundAt : _ctx.FirstHop);
                }
                ScheduleKeepAlive();
            }
        }
        else if (timerKind == TimerFailback)
        {
            _failbackTimer = TimerQueue.None;
            Failback();
        }
    }

    /// <summary>
    /// Seconds between keep-alives: sip.keepalive.seconds when set (0: none); automatic (-1): on an
    /// RFC 5626 flow or behind NAT, every Flow-Timer seconds (the registrar's), else 25 s over UDP
    /// and 90 s over a connection.
    /// </summary>
    private int KeepAliveInterval()
    {
        int s = _ctx.Settings.KeepAliveSeconds;
        if (s >= 0) return s;
        if (!_ctx.OutboundFlow && !_behindNat) return 0;
        if (_flowTimerSeconds > 0) return _flowTimerSeconds;
        return TransportProtocols.IsReliable(_boundAt.Protocol) ? DefaultStreamKeepAliveSeconds : DefaultUdpKeepAliveSeconds;
    }

    private void ScheduleKeepAlive()
    {
        int s = KeepAliveInterval();
        if (s <= 0 || _keepAliveTimer != TimerQueue.None) return;
        long ms = s * 1000L;
        // RFC 5626 §4.4.1: automatic intervals are drawn from 80 to 100 % so phones do not ping in step.
        if (_ctx.Settings.KeepAliveSeconds < 0) ms = ms - ms / 5 + _ctx.Random.Below((int)(ms / 5) + 1);
        _keepAliveTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + ms, this, TimerKeepAlive, 0);
    }

    // ---- Back to the preferred server ---------------------------------------------------------------

    private void ScheduleFailback()
    {
        _ctx.Timers.Cancel(ref _failbackTimer);
        ServerLocator loc = _ctx.Locator;
        int s = _ctx.Settings.FailbackSeconds;
        if (loc == null || loc.OnPreferred || s <= 0 || !_active) return;
        _failbackTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + s * 1000L, this, TimerFailback, 0);
    }

    /// <summary>Registered at a later target: asks the preferred one (OPTIONS) whether it is back.</summary>
    private void Failback()
    {
        ServerLocator loc = _ctx.Locator;
        if (!_active || loc == null || loc.OnPreferred || _state != RegistrationState.Registered || _probe != null) return;
        if (_ctx.LiveCalls != null && _ctx.LiveCalls.HasLive)
        {
            // Not during a call: its requests go to where the phone is registered now.
            _failbackTimer = _ctx.Timers.Schedule(_ctx.Clock.NowMs + 10000, this, TimerFailback, 0);
            return;
        }
        _ctx.Layer.Branches.Write(_probeBranch, 0);
        SipWriter w = _ctx.Writer;
        ProbeRequestWriter.Write(w, _ctx.Settings, _ctx.DatagramContact, loc.Preferred, _callId, _fromTag, _probeBranch);
        SipTransaction tx = _ctx.Layer.SendRequest(SipMethod.Options, _probeBranch, 0, _probeBranch.Length, w.Buffer, 0, w.Length, loc.Preferred);
        if (tx == null)
        {
            ScheduleFailback();
            return;
        }
        tx.UserData = this;
        _probe = tx;
        _probeId = tx.Id;
    }

    /// <summary>The preferred server answered: remove the binding here, then register there.</summary>
    private void ProbeAnswered()
    {
        _probe = null;
        if (!_active || _state != RegistrationState.Registered || (_ctx.LiveCalls != null && _ctx.LiveCalls.HasLive))
        {
            ScheduleFailback();
            return;
        }
        _returning = true;
        _ctx.Timers.Cancel(ref _refreshTimer);
        _ctx.Timers.Cancel(ref _keepAliveTimer);
        _expires = 0;
        SendNow();
    }

    private void ReturnToPreferred()
    {
        _returning = false;
        _expires = _ctx.Settings.Expires;
        _removeOld = false;
        if (_ctx.Flows != null && TransportProtocols.IsReliable(_boundAt.Protocol)) _ctx.Flows.Close(_boundAt);
        if (_ctx.Locator != null) _ctx.Locator.Restart();
        _auth.Clear();
        _challengesInARow = 0;
        SendNow();
    }

    private void CancelTimers()
    {
        _ctx.Timers.Cancel(ref _retryTimer);
        _ctx.Timers.Cancel(ref _refreshTimer);
        _ctx.Timers.Cancel(ref _keepAliveTimer);
        _ctx.Timers.Cancel(ref _failbackTimer);
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
