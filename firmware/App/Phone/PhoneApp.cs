using NanoPhone.App.Audio;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Door;
using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Subscription;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Phone;

/// <summary>
/// The desk phone: ties the SIP user agent to the hardware and the configuration, one part per concern:
/// <list type="bullet">
/// <item><see cref="PhoneCalls"/>: the calls as the phone shows them — an incoming call rings
/// (<c>ringer.pattern</c>, the in-call lamp blinks fast) until it is answered, forwarded, answered
/// elsewhere, missed or rejected; event lines, the call log, the in-call and message lamps.</item>
/// <item><see cref="CallControl"/>: the hook switch and the keys (answer, hang up, decline, hold).</item>
/// <item><see cref="Dialling"/>: our own calls from the keypad, the redial key and the console.</item>
/// <item><see cref="SettingKeys"/>: the DND and forward keys and what they change.</item>
/// <item><see cref="RegistrationStatus"/>: the registered lamp and the registration's status line.</item>
/// <item><see cref="PhoneOutput"/>: lamps, ringer, event lines.</item>
/// <item><see cref="MessageWaiting"/>: voicemail waiting (RFC 3842) on the message lamp and in <c>status</c>.</item>
/// <item><see cref="DoorOpener"/>: the door code received as keys during a call pulses the relay.</item>
/// </list>
/// Here: the life cycle, the configuration (a change of a sip.* setting, except sip.local.port which
/// the host binds, re-registers; a registered phone removes its old binding first, under the old
/// account) and the console's status and actions.
/// Threading: everything here runs on the loop thread — the agent's events, the HAL's events
/// (raised by <see cref="Poll"/>), configuration changes (the host runs console lines on the loop)
/// and the console's status and actions. Other threads Post work to the loop.
/// </summary>
public sealed class PhoneApp : IAgentEvents, IMwiEvents, IInfoEvents, IConfigListener, IPhoneStatus, IMessageStatus, IPhoneActions, IForwardTargetGuard
{
    /// <summary>Digits the keypad collects for one number; more are ignored.</summary>
    public const int MaxDigits = Dialling.MaxDigits;

    private readonly PhoneConfig _config;
    private readonly IPhoneHardware _hw;
    private readonly IClock _clock;
    private readonly UserAgent _agent;
    private readonly CallLog _log;
    private readonly PhoneOutput _out;
    private readonly RegistrationStatus _registration;
    private readonly Dialling _dialling;
    private readonly PhoneCalls _calls;
    private readonly SettingKeys _settingKeys;
    private readonly CallControl _control;
    private readonly MessageWaiting _mwi;
    private readonly DoorOpener _door;
    private readonly PhoneAudio _audio;
    private readonly Conference _conference;

    private bool _running;
    private bool _accountDirty;
    private bool _removalGivenUp;

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
        : this(config, hardware, clock, network, localContact, seed, capacity, null)
    {
    }

    /// <param name="mediaPorts">Where each call receives RTP; null: every call on the configured port. An
    /// <see cref="IMediaSockets"/> (bound RTP/RTCP sockets) gives the phone its audio path: the call's
    /// RTP, call-progress tones, hands-free, mute and volume (see <see cref="AudioFrames"/>).</param>
    public PhoneApp(PhoneConfig config, IPhoneHardware hardware, IClock clock, IDatagramSender network,
        Endpoint localContact, uint seed, AgentCapacity capacity, IMediaPorts mediaPorts)
        : this(config, hardware, clock, network, localContact, seed, capacity, mediaPorts, null)
    {
    }

    /// <param name="streams">The platform's TCP and TLS connections (sip.transport tcp, tls); null: UDP only.</param>
    public PhoneApp(PhoneConfig config, IPhoneHardware hardware, IClock clock, IDatagramSender network,
        Endpoint localContact, uint seed, AgentCapacity capacity, IMediaPorts mediaPorts, IStreamSockets streams)
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
        _agent = new UserAgent(new AgentSettings(), clock, network, this, new Randomness(seed), localContact, capacity, mediaPorts, streams);
        PhoneSettings.ApplyAccount(config, _agent.Settings);
        PhoneSettings.ApplyDns(config, _agent.Locator.Resolver.Server, PlatformDns);
        PhoneSettings.ApplyCalls(config, _agent.CallSettings, _agent.LocalContact);
        PhoneSettings.ApplyMwi(config, _agent.MwiSettings);
        _out = new PhoneOutput(hardware, config);
        _registration = new RegistrationStatus(_agent, clock, _out);
        _dialling = new Dialling(config, _agent, _out);
        _calls = new PhoneCalls(_agent, clock, _out, _log, _dialling);
        _settingKeys = new SettingKeys(config, _agent.CallSettings, _out);
        _conference = new Conference(_agent, _out, _calls);
        _control = new CallControl(_agent, hardware, _out, _calls, _dialling, _settingKeys, _conference);
        _mwi = new MessageWaiting(_out, _calls);
        _door = new DoorOpener(config, hardware, _out);
        _audio = new PhoneAudio(_agent, config, hardware, _out, _dialling, mediaPorts as IMediaSockets);
        _agent.Calls.Info = _audio;
        _audio.RemoteDigit = OnRemoteDigit;
        _audio.Conference = _conference;
        _conference.Audio = _audio;
        if (_audio.IsOn) _out.Tones = _audio;
        config.AddListener(this);
        config.ForwardGuard = this;
        hardware.Hook.Changed += _control.OnHookChanged;
        hardware.Keypad.KeyEvent += _control.OnKeyEvent;
        hardware.Keypad.KeyEvent += _audio.OnKeyEvent;
    }

    /// <summary>The date and time (set by SNTP or the host's clock); the call log's dates come from it.</summary>
    public NanoPhone.App.Time.WallClock WallClock { get; }

    /// <summary>Where event lines go; null drops them.</summary>
    public IPhoneEventSink Events
    {
        get { return _out.Events; }
        set { _out.Events = value; }
    }

    /// <summary>Reboot, SIP log and free memory; null when the platform offers none.</summary>
    public IPhonePlatform Platform { get; set; }

    /// <summary>The user agent (its state belongs to the loop thread).</summary>
    public UserAgent Agent { get { return _agent; } }

    public PhoneConfig Config { get { return _config; } }

    public IPhoneHardware Hardware { get { return _hw; } }

    /// <summary>
    /// The microphone and the speaker, 20 ms frames (the device's I2S, the simulator's files and
    /// tones); null: the audio is made and dropped. Used only with an audio path (IMediaSockets).
    /// </summary>
    public IAudioFrames AudioFrames
    {
        get { return _audio.Frames; }
        set { _audio.Frames = value; }
    }

    /// <summary>
    /// True on a board whose <see cref="AudioFrames"/> read waits for the microphone (I2S): while a
    /// route is on, each <see cref="Poll"/> runs one 20 ms frame and the read paces it, so the
    /// microphone's clock is the media clock. False (default): frames follow the loop clock
    /// (<see cref="NextAudioFrameMs"/>).
    /// </summary>
    public bool AudioPacedByMicrophone
    {
        get { return _audio.PacedByMicrophone; }
        set { _audio.PacedByMicrophone = value; }
    }

    /// <summary>True when the phone has an audio path (its calls' RTP on bound sockets).</summary>
    public bool HasAudio { get { return _audio.IsOn; } }

    /// <summary>When the next 20 ms audio frame is due on the loop clock, or -1: the loop must not sleep past it.</summary>
    public long NextAudioFrameMs { get { return _audio.NextFrameMs; } }

    /// <summary>
    /// How long the loop's next turn may wait without making the next audio frame late: the time
    /// to <see cref="NextAudioFrameMs"/>, 0 when it is due (always so while the microphone paces the
    /// frames: its read is the wait), at most <see cref="NanoPhone.App.Runtime.PhoneLoop.MaxWaitMs"/>.
    /// The host sets the loop's WaitLimitMs to it after each <see cref="Poll"/>.
    /// </summary>
    public int LoopWaitLimitMs
    {
        get
        {
            long next = _audio.NextFrameMs;
            if (next < 0) return NanoPhone.App.Runtime.PhoneLoop.MaxWaitMs;
            long wait = next - _clock.NowMs;
            return wait < 0 ? 0 : wait > NanoPhone.App.Runtime.PhoneLoop.MaxWaitMs ? NanoPhone.App.Runtime.PhoneLoop.MaxWaitMs : (int)wait;
        }
    }

    /// <summary>The media session of the calls (statistics, peer); null without an audio path.</summary>
    public NanoPhone.Media.Session.MediaSession Media { get { return _audio.Session; } }

    /// <summary>An RTP datagram on the call's port rtpPort, arrived at atMs on the loop clock (loop thread).</summary>
    public void ReceiveRtp(byte[] buf, int off, int len, Endpoint from, int rtpPort, long atMs)
    {
        _audio.ReceiveRtp(buf, off, len, from, rtpPort, atMs);
    }

    /// <summary>An RTCP datagram on the port after rtpPort, arrived at atMs (loop thread).</summary>
    public void ReceiveRtcp(byte[] buf, int off, int len, Endpoint from, int rtpPort, long atMs)
    {
        _audio.ReceiveRtcp(buf, off, len, from, rtpPort, atMs);
    }

    /// <summary>The calls, incoming and our own, newest first; the console's <c>calls</c>.</summary>
    public CallLog CallLog { get { return _log; } }

    /// <summary>True between <see cref="Start"/> and <see cref="Shutdown"/>.</summary>
    public bool IsRunning { get { return _running; } }

    /// <summary>The number of the call ringing now (the one the answer key takes), or -1.</summary>
    public int RingingCall { get { return NumberOf(_calls.Ringing); } }

    /// <summary>The number of the answered call, or -1.</summary>
    public int ActiveCall { get { return NumberOf(_calls.Answered); } }

    /// <summary>The number of our own call until it is answered, fails or ends, or -1.</summary>
    public int DialCall { get { return NumberOf(_calls.Placing); } }

    /// <summary>The digits typed so far (handset up, no call), or "".</summary>
    public string Digits { get { return _dialling.Digits; } }

    /// <summary>What the redial key dials: the last number or URI a call was placed to, or null.</summary>
    public string LastDialled { get { return _dialling.LastDialled; } }

    /// <summary>True while this phone holds the answered call (hold, or the redial key in a call).</summary>
    public bool IsHolding
    {
        get
        {
            SipCall answered = _calls.Answered;
            return answered != null && answered.IsHolding;
        }
    }

    /// <summary>Missed calls since the user last lifted the handset or pressed a key while idle.</summary>
    public int UnseenMissedCalls { get { return _calls.UnseenMissed; } }

    private static int NumberOf(SipCall call) { return call == null ? -1 : call.Number; }

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

    /// <summary>
    /// The DNS server the platform knows (DHCP's on the device, resolv.conf's in the simulator), used
    /// unless net.dns names one; Kind None when there is none (names then go to the platform as they are).
    /// </summary>
    public Endpoint PlatformDns { get; } = new Endpoint();

    /// <summary>True when <see cref="Start"/> made this phone's sip.instance (the host saves the settings then).</summary>
    public bool InstanceCreated { get; private set; }

    /// <summary>Shows the lamps and starts registering (an incomplete account reports so and waits for the settings).</summary>
    public void Start()
    {
        _running = true;
        _accountDirty = false;
        if (_config.Get(ConfigKeys.SipInstance) == null)
        {
            // RFC 5626 §4.1: one instance URN for the device's life, kept in its settings.
            string error;
            InstanceCreated = _config.TrySet(ConfigKeys.SipInstance, PhoneSettings.NewInstance(_agent.Random), out error);
            _accountDirty = false;
        }
        PhoneSettings.ApplyAccount(_config, _agent.Settings);
        PhoneSettings.ApplyDns(_config, _agent.Locator.Resolver.Server, PlatformDns);
        _settingKeys.ShowDndLamp();
        _agent.Registration.Start();
        _agent.Mwi.Start();
    }

    /// <summary>
    /// One loop turn's worth of phone work: polls the hardware (key and hook events, ring cadence,
    /// blinking), dials typed digits whose timeout passed and applies a changed account. Call it on
    /// the loop thread after every PhoneLoop.RunOnce.
    /// </summary>
    public void Poll()
    {
        _hw.Poll();
        _dialling.Poll(_clock.NowMs);
        _audio.Poll(_clock.NowMs);
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
        _dialling.Clear();
        // Every live call ends (two on the device: call waiting, a consultation).
        for (SipCall live = _agent.Calls.Current, last = null; live != null && live != last; live = _agent.Calls.Current)
        {
            last = live;
            _agent.Calls.HangUp(live.Number);
        }
        _running = false;
        _accountDirty = false;
        _out.StopRinger();
        _agent.Registration.Stop();
        _agent.Mwi.Stop();
        _out.SetLamp(Indicator.InCall, LampMode.Off);
        _out.SetLamp(Indicator.MessageWaiting, LampMode.Off);
        if (unanswered)
        {
            _out.SetLamp(Indicator.Registered, LampMode.Off);
            _out.Emit(PhoneEventLines.Registration(RegistrationState.Unregistered,
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
        _out.Emit(PhoneEventLines.Registration(RegistrationState.Unregistered,
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
        if (key == ConfigKeys.NetDns)
        {
            PhoneSettings.ApplyDns(_config, _agent.Locator.Resolver.Server, PlatformDns);
            _accountDirty = true;
            return;
        }
        if (ConfigKeys.AffectsRegistration(key))
        {
            _accountDirty = true;
            return;
        }
        if (key == ConfigKeys.RingerPattern)
        {
            if (_out.IsRinging) _out.StartRinger();
            return;
        }
        if (PhoneSettings.IsMwiKey(key))
        {
            PhoneSettings.ApplyMwi(_config, _agent.MwiSettings);
            if (_running) _agent.Mwi.Start();
            return;
        }
        if (key == ConfigKeys.DoorCode)
        {
            _door.Applied();
            return;
        }
        PhoneSettings.ApplyCalls(_config, _agent.CallSettings, _agent.LocalContact);
        _settingKeys.Applied();
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
        PhoneSettings.ApplyDns(_config, _agent.Locator.Resolver.Server, PlatformDns);
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
        // The subscription belongs to the account: a new one under the new settings.
        _agent.Mwi.Start();
    }

    /// <summary>Refuses a forward target that is our own registered Contact (calls would come straight back).</summary>
    public string CheckForwardTarget(string key, SipUri target)
    {
        return _agent.IsOwnAddress(target.ToString()) ? "must not be this phone's own address (calls would loop)" : null;
    }

    // ---- The user agent's events ----------------------------------------------------------------

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
    {
        _registration.OnRegistration(state, contact, expires, detail);
    }

    public void OnCall(CallEvent e)
    {
        _calls.OnCall(e);
        _conference.OnCall(e);
        _audio.OnCall(e);
        SipCall call = e.Call;
        switch (e.Kind)
        {
            case CallEventKind.Ringing:
                if (call != null && call.AutoAnswerSeconds != AutoAnswer.Never)
                    _out.Emit(PhoneEventLines.Call("AUTOANSWER", e.Number, call.AutoAnswerSeconds.ToString()));
                break;
            case CallEventKind.Answered:
                _door.Reset();
                if (call != null && call.AutoAnswered) OnSpeaker(e.Number);
                break;
            case CallEventKind.Ended:
                _door.Reset();
                break;
        }
    }

    /// <summary>An auto-answered call: the handset is on the hook, so the audio path (AudioRouting)
    /// plays it on the loudspeaker; the line says so.</summary>
    private void OnSpeaker(int number)
    {
        _out.Emit(PhoneEventLines.Call("AUDIO speaker", number, null));
    }

    // ---- Message waiting (IMwiEvents) ---------------------------------------------------------------

    public void OnMessageSummary(MessageSummary summary, bool unsolicited)
    {
        _mwi.OnSummary(summary);
    }

    public void OnMwiSubscription(MwiState state, int expires, string detail)
    {
        _mwi.OnSubscription(state, expires, detail);
    }

    /// <summary>The <c>messages:</c> line of <c>status</c>: voicemail counts, missed calls, the subscription.</summary>
    public string Messages { get { return _mwi.Text(_calls.UnseenMissed); } }

    // ---- Keys from the far end (the door code) --------------------------------------------------------

    /// <summary>
    /// A key the far end of the answered call sent: an RFC 4733 event (the media path calls this for
    /// each IMediaEvents.DigitReceived) or a SIP INFO's. Keys outside an answered call are ignored.
    /// </summary>
    public void OnRemoteDigit(char digit)
    {
        if (_calls.Answered == null) return;
        _door.OnRemoteDigit(digit, _clock.NowMs);
    }

    /// <summary>An INFO in an answered call (IInfoEvents): its key, if it carries one, as <see cref="OnRemoteDigit"/>.</summary>
    public void OnCallInfo(SipCall call, SipMessage info)
    {
        _door.OnInfo(info, _clock.NowMs);
    }

    // ---- Our own calls (keypad, redial key, console) ---------------------------------------------

    /// <summary>
    /// Places a call to a number (sip:number@domain; a trailing # is dropped) or a SIP URI, with the
    /// handset up or down (hands-free). Drops digits typed so far; remembers the target for the redial
    /// key. Returns the call number, or 0 and why not (account not configured, already in a call, ...).
    /// </summary>
    public int Dial(string target, out string error)
    {
        return _dialling.Dial(target, out error);
    }

    /// <summary>
    /// Ends the answered call (BYE) or our own call before its answer (CANCEL once a provisional came,
    /// or as soon as one comes). A call ringing here is left alone (the hang-up key declines it).
    /// False when there is no such call.
    /// </summary>
    public bool HangUp()
    {
        return _control.HangUp();
    }

    /// <summary>Puts the answered call on hold (re-INVITE a=sendonly) or takes it off (a=sendrecv). False and why not.</summary>
    public bool Hold(bool hold, out string error)
    {
        return _control.Hold(hold, out error);
    }

    /// <summary>Two answered calls: takes back the held one and holds the other. False and why not.</summary>
    public bool Swap(out string error)
    {
        return _control.Swap(out error);
    }

    /// <summary>
    /// Blind transfer of the call talked on to target (REFER); without a target, with a call held
    /// beside it, the attended transfer joining the two (REFER with Replaces). False and why not.
    /// </summary>
    public bool Transfer(string target, out string error)
    {
        if ((target == null || target.Length == 0) && !CanTransferAttended) { error = "no second call to join"; return false; }
        return _control.Transfer(target, out error);
    }

    /// <summary>
    /// A 3-way conference: with two answered calls, the held one is taken off hold beside the other
    /// and the phone mixes their audio (<see cref="NanoPhone.App.Phone.Conference"/>). False and why not.
    /// </summary>
    public bool StartConference(out string error)
    {
        return _conference.Start(out error);
    }

    /// <summary>True while two calls are joined in a conference.</summary>
    public bool InConference { get { return _conference.IsOn; } }

    /// <summary>True with a call held beside the one talked on: <c>transfer</c> without a target joins them.</summary>
    public bool CanTransferAttended
    {
        get
        {
            SipCall answered = _calls.Answered;
            return answered != null && !answered.IsHolding && _calls.Held != null;
        }
    }

    /// <summary>The earpiece's tones (the call waiting beep), played by the media path; null: none.</summary>
    public IPhoneTones Tones
    {
        get { return _out.Tones; }
        set { _out.Tones = value; }
    }

    /// <summary>True while the call waiting tone is asked for (a call waits during a call).</summary>
    public bool IsCallWaitingTone { get { return _out.IsCallWaitingTone; } }

    // ---- IPhoneStatus, IPhoneActions ---------------------------------------------------------------

    public string Registration { get { return _registration.Text; } }

    public string CallState
    {
        get
        {
            string conference = _conference.Text(_clock.NowMs);
            return conference != null ? conference : _calls.Text(_dialling.Digits);
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
}
