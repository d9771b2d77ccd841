using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Phone;

/// <summary>
/// The desk phone: ties the SIP user agent to the hardware and the configuration.
/// <list type="bullet">
/// <item>An incoming call rings (the ringer plays <c>ringer.pattern</c>, the in-call lamp blinks fast);
/// the ringing stops when the call is answered, forwarded, answered elsewhere, missed or rejected.</item>
/// <item>Lifting the handset or the answer key answers a ringing call; putting the handset down or
/// the hang-up key ends an answered call; the hang-up key while it rings rejects it (603 Decline,
/// or 302 to <c>forward.busy.target</c>).</item>
/// <item>The DND key toggles <c>dnd</c>. The forward key toggles "forward all calls"
/// (<c>forward.always.target</c>) to the voicemail target <c>forward.noanswer.target</c>, or to
/// <c>forward.busy.target</c> when that is unset; pressed again it clears <c>forward.always.target</c>.
/// Both change the configuration like <c>set</c> does (<c>save</c> keeps them).</item>
/// <item>Our own calls. With the handset up and no call, digits (0-9, *) are collected; <c>#</c>
/// dials them at once, otherwise <c>dial.timeout.seconds</c> after the last digit does (on the loop
/// clock); the handset put down or the hang-up key first drops them. The dialled text goes to
/// CallManager.Dial (sip:digits@domain). The redial key while idle dials the last number again,
/// the console's <c>call NUMBER|URI</c> dials anything; both work with the handset down too
/// (hands-free, as if off-hook: the hang-up key or the console's <c>hangup</c> ends such a call,
/// lifting the handset takes it over, and putting it down then ends it). Putting the handset down
/// or the hang-up key: before an answer CallManager.HangUp (CANCEL once a provisional came),
/// in a call BYE. Hold: the redial key in an answered call toggles our hold (re-INVITE
/// a=sendonly / a=sendrecv), as do the console's <c>hold</c> and <c>resume</c>.</item>
/// <item>Lamps: registered on while registered, slow blink while registering, fast blink while
/// retrying, off otherwise; in call on while a call is answered or our INVITE waits for a first
/// answer, fast blink while ringing, slow blink while the far end rings for our call (ringback: there
/// is no audio path for a tone) and while we hold the call; DND mirrors <c>dnd</c>; message blinks
/// slowly while there are missed calls nobody looked at (lifting the handset or any key while idle
/// clears it).</item>
/// <item>A change of a sip.* setting (except sip.local.port, which the host binds) re-registers:
/// a registered phone removes its old binding first, under the old account.</item>
/// </list>
/// Threading: everything here runs on the loop thread — the agent's events, the HAL's events
/// (raised by <see cref="Poll"/>), configuration changes (the host runs console lines on the loop)
/// and the console's status and actions. Other threads Post work to the loop.
/// </summary>
public sealed class PhoneApp : IAgentEvents, IConfigListener, IPhoneStatus, IPhoneActions, IForwardTargetGuard
{
    /// <summary>Digits the keypad collects for one number; more are ignored.</summary>
    public const int MaxDigits = 32;

    private readonly PhoneConfig _config;
    private bool _removalGivenUp;
    private readonly IPhoneHardware _hw;
    private readonly IClock _clock;
    private readonly UserAgent _agent;
    private readonly CallLog _log;

    private bool _running;
    private bool _accountDirty;
    private int _ringingCall = -1;
    private string _ringingPeer = "";
    private int _activeCall = -1;
    private string _activePeer = "";
    private long _answeredAtMs;
    private long _registeringSinceMs;
    private int _unseenMissed;
    private bool _dndShown;
    private string _forwardShown;

    // Our own calls: the digits typed so far, the last number dialled, the call before its answer.
    private readonly char[] _digits = new char[MaxDigits];
    private int _digitCount;
    private long _dialAtMs;
    private string _lastDialled;
    private int _dialCall = -1;
    private string _dialPeer = "";
    private bool _dialRingback;
    private bool _dialHungUp;
    private bool _activeOutgoing;
    private bool _ownHold;

    /// <param name="config">The settings; the app listens to it and installs itself as its forward-target guard.</param>
    /// <param name="hardware">Keypad, hook switch, ringer and lamps; polled by <see cref="Poll"/>.</param>
    /// <param name="clock">The loop's monotonic clock (the hardware should run on the same one, see <see cref="HalClock"/>).</param>
    /// <param name="network">Where the agent sends datagrams.</param>
    /// <param name="localContact">The address the transport is bound to: Via, Contact and the media address.</param>
    /// <param name="seed">Seeds tags, Call-IDs and branches: differs per device and boot.</param>
    public PhoneApp(PhoneConfig config, IPhoneHardware hardware, IClock clock, IDatagramSender network,
        Endpoint localContact, uint seed)
        : this(config, hardware, clock, network, localContact, seed, AgentCapacity.Device())
    {
    }

    /// <param name="capacity">The agent's table sizes: <see cref="AgentCapacity.Device"/> on an ESP32.</param>
    public PhoneApp(PhoneConfig config, IPhoneHardware hardware, IClock clock, IDatagramSender network,
        Endpoint localContact, uint seed, AgentCapacity capacity)
    {
        if (config == null) throw new System.ArgumentNullException("config");
        if (hardware == null) throw new System.ArgumentNullException("hardware");
        if (clock == null) throw new System.ArgumentNullException("clock");
        _config = config;
        _hw = hardware;
        _clock = clock;
        _log = new CallLog(CallLog.DefaultCapacity);
        WallClock = new NanoPhone.App.Time.WallClock(clock);
        _log.Clock = WallClock;
        _agent = new UserAgent(new AgentSettings(), clock, network, this, new Randomness(seed), localContact, capacity);
        PhoneSettings.ApplyAccount(config, _agent.Settings);
        PhoneSettings.ApplyCalls(config, _agent.CallSettings, _agent.LocalContact);
        _dndShown = _agent.CallSettings.DoNotDisturb;
        _forwardShown = _agent.CallSettings.ForwardAlwaysTarget;
        config.AddListener(this);
        config.ForwardGuard = this;
        hardware.Hook.Changed += OnHookChanged;
        hardware.Keypad.KeyEvent += OnKeyEvent;
    }

    /// <summary>The date and time (set by SNTP or the host's clock); the call log's dates come from it.</summary>
    public NanoPhone.App.Time.WallClock WallClock { get; }

    /// <summary>Where event lines go; null drops them.</summary>
    public IPhoneEventSink Events { get; set; }

    /// <summary>Reboot, SIP log and free memory; null when the platform offers none.</summary>
    public IPhonePlatform Platform { get; set; }

    /// <summary>The user agent (its state belongs to the loop thread).</summary>
    public UserAgent Agent { get { return _agent; } }

    public PhoneConfig Config { get { return _config; } }

    public IPhoneHardware Hardware { get { return _hw; } }

    /// <summary>The calls, incoming and our own, newest first; the console's <c>calls</c>.</summary>
    public CallLog CallLog { get { return _log; } }

    /// <summary>True between <see cref="Start"/> and <see cref="Shutdown"/>.</summary>
    public bool IsRunning { get { return _running; } }

    /// <summary>The number of the call ringing now, or -1.</summary>
    public int RingingCall { get { return _ringingCall; } }

    /// <summary>The number of the answered call, or -1.</summary>
    public int ActiveCall { get { return _activeCall; } }

    /// <summary>The number of our own call until it is answered, fails or ends, or -1.</summary>
    public int DialCall { get { return _dialCall; } }

    /// <summary>The digits typed so far (handset up, no call), or "".</summary>
    public string Digits { get { return new string(_digits, 0, _digitCount); } }

    /// <summary>What the redial key dials: the last number or URI a call was placed to, or null.</summary>
    public string LastDialled { get { return _lastDialled; } }

    /// <summary>True while this phone holds the answered call (hold, or the redial key in a call).</summary>
    public bool IsHolding { get { return _ownHold; } }

    /// <summary>Missed calls since the user last lifted the handset or pressed a key while idle.</summary>
    public int UnseenMissedCalls { get { return _unseenMissed; } }

    /// <summary>
    /// Makes this app the console's source of <c>status</c> and <c>calls</c> and the target of its
    /// actions, and adds the call commands (<c>call</c>, <c>hangup</c>, <c>hold</c>, <c>resume</c>)
    /// to its registry: the device's serial console and the simulator both get them.
    /// </summary>
    public void AttachTo(SerialConsole console)
    {
        console.Status = this;
        console.CallLog = _log;
        console.Actions = this;
        PhoneCommand.AddTo(console.Commands, this);
    }

    // ---- Life cycle ----------------------------------------------------------------------------

    /// <summary>Shows the lamps and starts registering (an incomplete account reports so and waits for the settings).</summary>
    public void Start()
    {
        _running = true;
        _accountDirty = false;
        PhoneSettings.ApplyAccount(_config, _agent.Settings);
        SetLamp(Indicator.Dnd, _agent.CallSettings.DoNotDisturb ? LampMode.On : LampMode.Off);
        _agent.Registration.Start();
    }

    /// <summary>
    /// One loop turn's worth of phone work: polls the hardware (key and hook events, ring cadence,
    /// blinking) and applies a changed account. Call it on the loop thread after every PhoneLoop.RunOnce.
    /// </summary>
    public void Poll()
    {
        _hw.Poll();
        if (_digitCount > 0 && _clock.NowMs >= _dialAtMs) DialDigits();
        if (_accountDirty)
        {
            _accountDirty = false;
            ApplyAccountChange();
        }
    }

    /// <summary>
    /// Ends a live call (BYE, or decline while ringing), stops the ringer and removes the binding
    /// (REGISTER with Expires: 0). True while that un-REGISTER is still in flight
    /// (<see cref="IsUnregistering"/>): keep the loop running until it is done or a deadline passes,
    /// then call <see cref="GiveUpUnregistering"/>. A REGISTER still waiting for its first answer
    /// leaves nothing to remove yet, and nobody will hear the answer: the phone ends at once with
    /// one line, "REGISTRATION unregistered quit before the registrar answered ...".
    /// </summary>
    public bool Shutdown()
    {
        bool unanswered = _agent.Registration.State == RegistrationState.Registering;
        ClearDigits();
        SipCall live = _agent.Calls.Current;
        if (live != null) _agent.Calls.HangUp(live.Number);
        _running = false;
        _accountDirty = false;
        StopRinger();
        _agent.Registration.Stop();
        SetLamp(Indicator.InCall, LampMode.Off);
        SetLamp(Indicator.MessageWaiting, LampMode.Off);
        if (unanswered)
        {
            SetLamp(Indicator.Registered, LampMode.Off);
            Emit(PhoneEventLines.Registration(RegistrationState.Unregistered,
                "quit before the registrar answered (a binding it still makes lapses within " + AskedExpires() + " s)"));
        }
        return IsUnregistering;
    }

    /// <summary>True while a REGISTER with Expires: 0 waits for its answer (until <see cref="GiveUpUnregistering"/>).</summary>
    public bool IsUnregistering
    {
        get { return !_removalGivenUp && _agent.Registration.State == RegistrationState.Unregistering; }
    }

    /// <summary>
    /// After <see cref="Shutdown"/>: the wait for the registrar to confirm the removal is over. If it
    /// has not answered, says so in one line (the binding lapses by itself) and stops waiting.
    /// </summary>
    public void GiveUpUnregistering()
    {
        if (!IsUnregistering) return;
        _removalGivenUp = true;
        Emit(PhoneEventLines.Registration(RegistrationState.Unregistered,
            "quit before the registrar answered the removal (the binding lapses within " + AskedExpires() + " s)"));
    }

    /// <summary>The registration lifetime asked for (sip.expires): no binding of ours outlives it.</summary>
    private int AskedExpires() { return _config.GetInt(ConfigKeys.SipExpires, 3600); }

    /// <summary>The phone's address changed (new IP, another port): registration moves the binding, media follows.</summary>
    public void SetLocalContact(Endpoint now)
    {
        _agent.SetLocalContact(now);
        PhoneSettings.SetMediaAddress(_agent.CallSettings, _agent.LocalContact);
    }

    // ---- Configuration -------------------------------------------------------------------------

    /// <summary>A setting changed: call settings apply at once, an account change at the next <see cref="Poll"/> (several changes at once re-register once).</summary>
    public void ConfigChanged(string key)
    {
        if (key == ConfigKeys.SipLocalPort) return;
        if (ConfigKeys.AffectsRegistration(key))
        {
            _accountDirty = true;
            return;
        }
        if (key == ConfigKeys.RingerPattern)
        {
            if (_hw.Ringer.IsRinging) StartRinger();
            return;
        }
        PhoneSettings.ApplyCalls(_config, _agent.CallSettings, _agent.LocalContact);
        bool dnd = _agent.CallSettings.DoNotDisturb;
        if (dnd != _dndShown)
        {
            _dndShown = dnd;
            Emit(PhoneEventLines.Dnd(dnd));
            SetLamp(Indicator.Dnd, dnd ? LampMode.On : LampMode.Off);
        }
        string always = _agent.CallSettings.ForwardAlwaysTarget;
        if (always != _forwardShown)
        {
            _forwardShown = always;
            Emit(always == null ? "FORWARD off" : "FORWARD on " + always);
        }
    }

    /// <summary>
    /// Re-registers with the new account. Registered: the old binding is removed under the old
    /// account first (RegistrationClient.AccountChanged), then the new settings are in place for the
    /// REGISTER that follows. Removing: the pending restart will use them. Otherwise (registering,
    /// retrying, failed, unregistered): the new settings at once and a fresh start.
    /// </summary>
    private void ApplyAccountChange()
    {
        RegistrationClient reg = _agent.Registration;
        if (!_running)
        {
            PhoneSettings.ApplyAccount(_config, _agent.Settings);
            return;
        }
        RegistrationState state = reg.State;
        if (state == RegistrationState.Registered)
        {
            reg.AccountChanged();
            PhoneSettings.ApplyAccount(_config, _agent.Settings);
        }
        else if (state == RegistrationState.Unregistering)
        {
            PhoneSettings.ApplyAccount(_config, _agent.Settings);
        }
        else
        {
            PhoneSettings.ApplyAccount(_config, _agent.Settings);
            reg.Start();
        }
    }

    /// <summary>Refuses a forward target that is our own registered Contact (calls would come straight back).</summary>
    public string CheckForwardTarget(string key, SipUri target)
    {
        return _agent.IsOwnAddress(target.ToString()) ? "must not be this phone's own address (calls would loop)" : null;
    }

    // ---- The user agent's events ----------------------------------------------------------------

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
    {
        if (state == RegistrationState.Registered)
        {
            Emit(PhoneEventLines.Registered(contact == null ? "" : contact, expires));
        }
        else
        {
            if (state == RegistrationState.Registering) _registeringSinceMs = _clock.NowMs;
            Emit(PhoneEventLines.Registration(state, detail));
        }
        SetLamp(Indicator.Registered, RegistrationLamp(state));
    }

    private static LampMode RegistrationLamp(RegistrationState state)
    {
        switch (state)
        {
            case RegistrationState.Registered: return LampMode.On;
            case RegistrationState.Registering: return LampMode.SlowBlink;
            case RegistrationState.RetryWait: return LampMode.FastBlink;
            default: return LampMode.Off;
        }
    }

    public void OnCall(CallEvent e)
    {
        int callId = e.Number;
        string peer = e.Peer;
        string detail = e.Detail;
        long now = _clock.NowMs;
        switch (e.Kind)
        {
            case CallEventKind.Incoming:
                return;
            case CallEventKind.Ringing:
                ClearDigits();
                if (_ringingCall < 0)
                {
                    // The answer key takes the call that has rung longest; a later one waits its turn.
                    _ringingCall = callId;
                    _ringingPeer = peer;
                }
                Emit(PhoneEventLines.Call("RINGING", callId, peer));
                StartRinger();
                SetLamp(Indicator.InCall, LampMode.FastBlink);
                return;
            case CallEventKind.Cancelling:
                // The user hung up before any provisional; the CANCEL waits for one.
                break;
            case CallEventKind.Dialing:
                if (callId != _dialCall)
                {
                    _dialCall = callId;
                    _dialPeer = peer;
                    _dialHungUp = false;
                }
                _dialRingback = false;     // a new INVITE (the first, or after a redirect)
                Emit(PhoneEventLines.Call("DIALING", callId, detail.Length > 0 ? detail : peer));
                break;
            case CallEventKind.Ringback:
                if (callId != _dialCall) return;
                _dialRingback = true;
                Emit(PhoneEventLines.Call("RINGBACK", callId, null));
                break;
            case CallEventKind.Hold:
            case CallEventKind.Resume:
                _ownHold = e.Kind == CallEventKind.Hold;
                Emit(PhoneEventLines.Call(_ownHold ? "HOLD" : "RESUME", callId, null));
                break;
            case CallEventKind.HeldByPeer:
            case CallEventKind.ResumedByPeer:
                Emit(PhoneEventLines.Call(e.Kind == CallEventKind.HeldByPeer ? "HELD" : "RESUMED", callId, null));
                return;
            case CallEventKind.Answered:
                if (callId == _dialCall)
                {
                    // Our call (a 200 after the user hung up never gets here: the dialer ACKs and BYEs it).
                    ClearDial();
                    Answered(callId, peer, now, true);
                    break;
                }
                EndRinging(callId);
                Answered(callId, peer, now, false);
                break;
            case CallEventKind.Forwarded:
                EndRinging(callId);
                _log.Add(CallLogKind.Forwarded, peer, detail, now, 0);
                Emit(PhoneEventLines.Call("FORWARDED", callId, detail));
                break;
            case CallEventKind.AnsweredElsewhere:
                EndRinging(callId);
                _log.Add(CallLogKind.AnsweredElsewhere, peer, null, now, 0);
                Emit(PhoneEventLines.Call("ANSWERED ELSEWHERE", callId, peer));
                break;
            case CallEventKind.Missed:
                EndRinging(callId);
                Missed(peer, now);
                Emit(PhoneEventLines.Call("MISSED", callId, peer));
                break;
            case CallEventKind.Rejected:
                EndRinging(callId);
                _log.Add(CallLogKind.Rejected, peer, detail, now, 0);
                Emit(PhoneEventLines.Call("REJECTED", callId, detail.Length > 0 ? detail : "rejected"));
                break;
            case CallEventKind.Failed:
                if (callId == _dialCall) ClearDial();
                if (callId == _activeCall) EndActive();
                _log.Add(CallLogKind.Failed, peer, detail, now, 0);
                Emit(PhoneEventLines.Call("FAILED", callId, detail.Length > 0 ? detail : "failed"));
                break;
            case CallEventKind.Ended:
                if (callId == _activeCall)
                {
                    _log.Add(_activeOutgoing ? CallLogKind.Dialled : CallLogKind.Answered, peer, null, now, PhoneText.Seconds(_answeredAtMs, now));
                    EndActive();
                }
                else if (callId == _dialCall)
                {
                    // Our call, given up before an answer (CANCEL).
                    ClearDial();
                    _log.Add(CallLogKind.Dialled, peer, detail.Length > 0 ? detail : "cancelled", now, 0);
                }
                else if (callId == _ringingCall)
                {
                    // BYE before any answer: the caller gave up.
                    EndRinging(callId);
                    Missed(peer, now);
                }
                Emit(PhoneEventLines.Call("ENDED", callId, detail));
                break;
        }
        SetLamp(Indicator.InCall, InCallLamp());
    }

    private void Answered(int callId, string peer, long now, bool outgoing)
    {
        _activeCall = callId;
        _activePeer = peer;
        _answeredAtMs = now;
        _activeOutgoing = outgoing;
        _ownHold = false;
        Emit(PhoneEventLines.Call("ANSWERED", callId, peer));
    }

    private void EndActive()
    {
        _activeCall = -1;
        _activePeer = "";
        _activeOutgoing = false;
        _ownHold = false;
    }

    private void ClearDial()
    {
        _dialCall = -1;
        _dialPeer = "";
        _dialRingback = false;
        _dialHungUp = false;
    }

    private void Missed(string peer, long now)
    {
        _log.Add(CallLogKind.Missed, peer, null, now, 0);
        _unseenMissed++;
        SetLamp(Indicator.MessageWaiting, LampMode.SlowBlink);
    }

    /// <summary>The call that rang is settled (answered, gone): stop ringing if it was the one (the caller sets the lamp).</summary>
    private void EndRinging(int callId)
    {
        if (callId != _ringingCall) return;
        SipCall next = _agent.Calls.RingingCall();
        if (next != null)
        {
            // Another caller still rings (a phone with more than one line): the answer key takes it now.
            _ringingCall = next.Number;
            _ringingPeer = next.Peer;
            return;
        }
        _ringingCall = -1;
        _ringingPeer = "";
        StopRinger();
    }

    private LampMode InCallLamp()
    {
        if (_activeCall >= 0) return _ownHold ? LampMode.SlowBlink : LampMode.On;
        if (_ringingCall >= 0) return LampMode.FastBlink;
        if (_dialCall >= 0 && !_dialHungUp) return _dialRingback ? LampMode.SlowBlink : LampMode.On;
        return LampMode.Off;
    }

    private void StartRinger()
    {
        RingPattern pattern = RingPattern.ByName(_config.Get(ConfigKeys.RingerPattern));
        if (pattern == null) pattern = RingPattern.Us;
        if (_hw.Ringer.Pattern == pattern) return;
        _hw.Ringer.Start(pattern);
        Emit(PhoneEventLines.RingerOn(pattern));
    }

    private void StopRinger()
    {
        if (!_hw.Ringer.IsRinging) return;
        _hw.Ringer.Stop();
        Emit(PhoneEventLines.RingerOff);
    }

    // ---- The person at the phone ------------------------------------------------------------------

    private void OnHookChanged(HookState state, long atMs)
    {
        Emit(PhoneEventLines.Hook(state));
        if (state == HookState.OffHook)
        {
            SeenMissedCalls();
            if (_ringingCall >= 0) _agent.Calls.Answer(_ringingCall);
            // Otherwise a hands-free call goes on in the handset, or idle: digits are collected now.
        }
        else
        {
            // Digits typed so far are dropped; a call (ours before its answer too) ends.
            ClearDigits();
            HangUp();
        }
    }

    private void OnKeyEvent(PhoneKey key, KeyAction action, long atMs)
    {
        if (action != KeyAction.Pressed) return;
        Emit(PhoneEventLines.Key(key));
        switch (key)
        {
            case PhoneKey.Answer:
                if (_ringingCall >= 0) _agent.Calls.Answer(_ringingCall);
                else SeenMissedCalls();
                return;
            case PhoneKey.HangUp:
                if (_ringingCall >= 0) _agent.Calls.Reject(_ringingCall);
                else if (!HangUp())
                {
                    ClearDigits();
                    SeenMissedCalls();
                }
                return;
            case PhoneKey.Dnd:
                ToggleDnd();
                return;
            case PhoneKey.Forward:
                ToggleForward();
                return;
            case PhoneKey.Redial:
                if (_activeCall >= 0)
                {
                    // In a call the redial key is the hold key.
                    string why;
                    if (!Hold(!_ownHold, out why)) Emit(PhoneEventLines.Unavailable("HOLD", why));
                    return;
                }
                if (!IsIdle) return;
                SeenMissedCalls();
                Redial();
                return;
            default:
                // Digits, * and #: collected while the handset is up and there is no call; no DTMF in a call.
                if (!IsIdle) return;
                SeenMissedCalls();
                if (_hw.Hook.State == HookState.OffHook) DialKey(PhoneKeys.ToDialChar(key), atMs);
                return;
        }
    }

    /// <summary>No call of any kind: nothing rings, nothing is dialled or answered.</summary>
    private bool IsIdle
    {
        get { return _ringingCall < 0 && _activeCall < 0 && _dialCall < 0 && _agent.Calls.Current == null; }
    }

    private void DialKey(char c, long atMs)
    {
        if (c == '\0') return;
        if (c == '#')
        {
            if (_digitCount > 0) DialDigits();
            return;
        }
        if (_digitCount == MaxDigits) return;
        _digits[_digitCount++] = c;
        _dialAtMs = atMs + DialTimeoutMs();
        Emit(PhoneEventLines.Digits(Digits));
    }

    private long DialTimeoutMs()
    {
        int seconds = _config.GetInt(ConfigKeys.DialTimeoutSeconds, 4);
        return (seconds < 1 ? 1 : seconds) * 1000L;
    }

    /// <summary># or the inter-digit timeout: the digits typed go to CallManager.Dial.</summary>
    private void DialDigits()
    {
        string number = Digits;
        string why;
        if (Dial(number, out why) == 0) Emit(PhoneEventLines.Unavailable("DIAL", why));
    }

    private void Redial()
    {
        if (_lastDialled == null)
        {
            ClearDigits();
            Emit(PhoneEventLines.Unavailable("DIAL", "nothing to redial"));
            return;
        }
        string why;
        if (Dial(_lastDialled, out why) == 0) Emit(PhoneEventLines.Unavailable("DIAL", why));
    }

    private void ClearDigits()
    {
        _digitCount = 0;
    }

    // ---- Our own calls (keypad, redial key, console) ---------------------------------------------------

    /// <summary>
    /// Places a call to a number (sip:number@domain; a trailing # is dropped) or a SIP URI, with the
    /// handset up or down (hands-free). Drops digits typed so far; remembers the target for the redial
    /// key. Returns the call number, or 0 and why not (account not configured, already in a call, ...).
    /// </summary>
    public int Dial(string target, out string error)
    {
        ClearDigits();
        int number = _agent.Calls.Dial(target, out error);
        if (number > 0) _lastDialled = target.Trim();
        return number;
    }

    /// <summary>
    /// Ends the answered call (BYE) or our own call before its answer (CANCEL once a provisional came,
    /// or as soon as one comes). A call ringing here is left alone (the hang-up key declines it).
    /// False when there is no such call.
    /// </summary>
    public bool HangUp()
    {
        if (_activeCall >= 0) return _agent.Calls.HangUp(_activeCall);
        if (_dialCall < 0 || _dialHungUp) return false;
        _dialHungUp = true;
        bool done = _agent.Calls.HangUp(_dialCall);
        SetLamp(Indicator.InCall, InCallLamp());
        return done;
    }

    /// <summary>Puts the answered call on hold (re-INVITE a=sendonly) or takes it off (a=sendrecv). False and why not.</summary>
    public bool Hold(bool hold, out string error)
    {
        error = null;
        if (_activeCall < 0) { error = "no call"; return false; }
        if (_ownHold == hold) { error = hold ? "the call is on hold already" : "the call is not on hold"; return false; }
        bool done = _agent.Calls.Hold(_activeCall, hold);
        if (!done) error = "not now (the call is not confirmed yet, or a re-INVITE is under way)";
        return done;
    }

    private void SeenMissedCalls()
    {
        if (_unseenMissed == 0) return;
        _unseenMissed = 0;
        SetLamp(Indicator.MessageWaiting, LampMode.Off);
    }

    private void ToggleDnd()
    {
        string error;
        if (!_config.TrySet(ConfigKeys.Dnd, _agent.CallSettings.DoNotDisturb ? "off" : "on", out error))
            Emit("DND unavailable " + error);
    }

    private void ToggleForward()
    {
        if (_config.Get(ConfigKeys.ForwardAlwaysTarget) != null)
        {
            _config.Unset(ConfigKeys.ForwardAlwaysTarget);
            return;
        }
        string target = _config.Get(ConfigKeys.ForwardNoAnswerTarget);
        if (target == null) target = _config.Get(ConfigKeys.ForwardBusyTarget);
        if (target == null)
        {
            Emit("FORWARD unavailable no target: set " + ConfigKeys.ForwardNoAnswerTarget);
            return;
        }
        string error;
        if (!_config.TrySet(ConfigKeys.ForwardAlwaysTarget, target, out error)) Emit("FORWARD unavailable " + error);
    }

    // ---- IPhoneStatus, IPhoneActions ---------------------------------------------------------------

    public string Registration
    {
        get
        {
            RegistrationClient reg = _agent.Registration;
            string detail = reg.Detail;
            switch (reg.State)
            {
                case RegistrationState.Registered:
                    // No countdown: the grant starts again with every refresh, and the client does not say when that was.
                    return "registered as sip:" + _agent.Settings.User + "@" + reg.Contact + " (" + reg.GrantedExpires + " s, renewed before it lapses)";
                case RegistrationState.Registering:
                    int waited = PhoneText.Seconds(_registeringSinceMs, _clock.NowMs);
                    string text = "registering";
                    if (waited >= 2) text += ", no answer from " + _agent.Settings.FirstHop + " for " + waited + " s (resending)";
                    return reg.Failures > 0 ? text + " after " + reg.Failures + (reg.Failures == 1 ? " failure" : " failures") : text;
                case RegistrationState.RetryWait:
                    return "not registered, retrying after " + reg.Failures + (reg.Failures == 1 ? " failure: " : " failures: ") + detail;
                case RegistrationState.AuthFailed:
                    return "not registered: authentication failed (check sip.password; register tries again)";
                case RegistrationState.Unregistering:
                    return "unregistering";
                default:
                    return "not registered" + (detail.Length > 0 ? ": " + detail : "");
            }
        }
    }

    public string CallState
    {
        get
        {
            if (_activeCall >= 0)
                return "in call with " + _activePeer + " for " + PhoneText.Seconds(_answeredAtMs, _clock.NowMs) + " s" + (_ownHold ? ", on hold" : "");
            if (_ringingCall >= 0) return "ringing from " + _ringingPeer;
            if (_dialCall >= 0)
            {
                if (_dialHungUp) return "hanging up the call to " + _dialPeer;
                return "calling " + _dialPeer + (_dialRingback ? ", it rings" : "");
            }
            if (_digitCount > 0) return "dialling " + Digits;
            return "idle";
        }
    }

    public long FreeMemoryBytes
    {
        get { return Platform == null ? -1 : Platform.FreeMemoryBytes; }
    }

    public void SetSipLog(bool on)
    {
        if (Platform != null) Platform.SetSipLog(on);
    }

    /// <summary>Registers again now, with the settings as they are (also after authentication failed).</summary>
    public void Register()
    {
        _running = true;
        _accountDirty = false;
        PhoneSettings.ApplyAccount(_config, _agent.Settings);
        _agent.Registration.Start();
    }

    public void Reboot()
    {
        if (Platform != null) Platform.Reboot();
    }

    // ---- Output ----------------------------------------------------------------------------------

    private void SetLamp(Indicator lamp, LampMode mode)
    {
        if (_hw.Indicators.Get(lamp) == mode) return;
        _hw.Indicators.Set(lamp, mode);
        Emit(PhoneEventLines.Lamp(lamp, mode));
    }

    private void Emit(string line)
    {
        IPhoneEventSink sink = Events;
        if (sink != null) sink.PhoneEvent(line);
    }
}
