using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Jitter;
using NanoPhone.Media.Mixing;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tones;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;

namespace NanoPhone.App.Audio;

/// <summary>
/// The phone's audio: one <see cref="MediaSession"/> (built once, reused call after call) that
/// follows the call whose audio is heard — the answered call, or our own call once a 183 brought
/// early media — by its negotiated media (<see cref="NegotiatedMedia.Version"/>): Start when an
/// offer/answer first agrees, Update for hold, resume and a peer that moved, Stop (RTCP BYE) at the
/// end or for m=audio 0. Every 20 ms (<see cref="Poll"/>, on the frame clock) a microphone frame
/// goes out and a speaker frame comes in through <see cref="IAudioFrames"/>, with the call-progress
/// tones of the ringer's country instead when no call's audio plays: dial tone off-hook with no
/// call, ringback while our call rings without early media, busy after 486/600, congestion after
/// other failures. Keys: digits in a call go as RFC 4733 events, or as SIP INFO when telephone-event
/// was not negotiated; speaker, mute and volume (<see cref="AudioRouting"/>). INFO key presses and
/// telephone-events received give <c>DTMF d</c>. Loop thread only; nothing allocated per frame.
/// </summary>
internal sealed class PhoneAudio : IMediaEvents, ICallInfo, IPhoneTones
{
    public const int FrameMs = MediaSession.FrameMs;
    /// <summary>Frames run at once to catch up after a late turn; a longer gap restarts the frame clock.</summary>
    public const int MaxCatchUpFrames = 5;

    private readonly UserAgent _agent;
    private readonly PhoneConfig _config;
    private readonly IPhoneHardware _hw;
    private readonly PhoneOutput _out;
    private readonly IMediaSockets _sockets;
    private readonly Dialling _dialling;
    private readonly MediaSettings _settings;
    private readonly Random _random;
    private CallAudio _heard;       // the call heard (its session is the phone's one session)
    private CallAudio _second;      // the other party of a conference: made on the first conference, kept
    private ConferenceMixer _mixer;
    private readonly TonePlayer _tones = new TonePlayer();
    private readonly AudioRouting _routing = new AudioRouting();
    private readonly short[] _mic = new short[MediaSession.FrameSamples];
    private readonly short[] _speaker = new short[MediaSession.FrameSamples];
    private readonly byte[] _info = new byte[64];
    private IAudioFrames _frames;

    private ToneKind _tone;
    private ToneKind _failTone;     // busy or congestion after our call failed, until the hook moves
    private bool _callWaiting;
    private bool _lastOffHook;
    private long _nextFrameMs = -1;

    /// <param name="sockets">The RTP sockets; null: no audio path (no session, no tones, no routes).</param>
    public PhoneAudio(UserAgent agent, PhoneConfig config, IPhoneHardware hardware, PhoneOutput output, Dialling dialling, IMediaSockets sockets)
    {
        _agent = agent;
        _dialling = dialling;
        _config = config;
        _hw = hardware;
        _out = output;
        _sockets = sockets;
        if (sockets == null) return;
        MediaSettings settings = new MediaSettings();
        settings.JitterMinMs = config.GetInt(ConfigKeys.MediaJitterMinMs, 40);
        settings.JitterMaxMs = config.GetInt(ConfigKeys.MediaJitterMaxMs, 200);
        if (settings.JitterMaxMs < settings.JitterMinMs) settings.JitterMaxMs = settings.JitterMinMs;
        // Start at the delay a clean path settles on (a frame + the buffer's 6 ms margin): from the
        // core's 40 ms the buffer would slew down for the first 0.7 s of every call, heard as a pitch
        // wobble. A jittery path makes it grow from there.
        int initial = MediaSession.FrameMs + PlayoutDelay.MarginSamples / 8;
        settings.JitterInitialMs = initial < settings.JitterMinMs ? settings.JitterMinMs : initial > settings.JitterMaxMs ? settings.JitterMaxMs : initial;
        string user = config.Get(ConfigKeys.SipUser);
        settings.Cname = (user != null ? user : "nanophone") + "@" + agent.LocalContact.ToString();
        _settings = settings;
        _random = new Random(agent.Random);
        _heard = new CallAudio(sockets, _random, this, settings, output);
    }

    /// <summary>The conference the phone mixes (two calls joined), or null: none ever asked for.</summary>
    public Conference Conference;

    /// <summary>True when the phone has an audio path (RTP sockets).</summary>
    public bool IsOn { get { return _sockets != null; } }

    /// <summary>The audio hardware (microphone and speaker frames); null: frames are made and dropped.</summary>
    public IAudioFrames Frames
    {
        get { return _frames; }
        set
        {
            _frames = value;
            if (value != null) value.Route = _routing.Route;
        }
    }

    /// <summary>The session (its statistics, its peer), or null without an audio path.</summary>
    public MediaSession Session { get { return _heard == null ? null : _heard.Session; } }

    /// <summary>True while two calls' audio is mixed (a conference with both parties' media running).</summary>
    public bool IsMixing { get { return _second != null && _second.IsRunning && _heard.IsRunning; } }

    /// <summary>
    /// Readies the second media session and the mixer for a conference (6.8 KB and 1.3 KB, made on
    /// the first conference and kept: a phone never conferencing never pays for them). False without
    /// an audio path, or when the heap cannot hold them.
    /// </summary>
    public bool PrepareConference()
    {
        if (_sockets == null) return false;
        if (_second != null) return true;
        try
        {
            _mixer = new ConferenceMixer();
            _second = new CallAudio(_sockets, _random, this, _settings, _out);
            return true;
        }
        catch (System.OutOfMemoryException)
        {
            _mixer = null;
            _second = null;
            return false;
        }
    }

    public AudioRouting Routing { get { return _routing; } }

    /// <summary>The tone playing now (None while a call's audio plays or nothing does).</summary>
    public ToneKind Tone { get { return _tone; } }

    /// <summary>When the next frame is due on the loop clock (-1 without an audio path): the loop should not sleep past it.</summary>
    public long NextFrameMs { get { return _nextFrameMs; } }

    // ---- The loop's turn -------------------------------------------------------------------------

    /// <summary>Follows the calls and the hook, then runs every 20 ms frame that is due.</summary>
    public void Poll(long nowMs)
    {
        if (_sockets == null) return;
        Follow(nowMs);
        Route();
        ChooseTone();
        if (PacedByMicrophone && _frames != null && _routing.Route != AudioRoute.Off)
        {
            // The read waits for the microphone's next 20 ms: one frame a turn, due again at once.
            // A read that fails (returns at once) falls back to the loop clock for that frame, so a
            // broken bus cannot make the loop send as fast as it turns.
            if (nowMs < _nextFrameMs) return;
            _nextFrameMs = Frame(nowMs) ? nowMs : nowMs + FrameMs;
            return;
        }
        if (_nextFrameMs < 0 || nowMs - _nextFrameMs >= MaxCatchUpFrames * FrameMs) _nextFrameMs = nowMs;
        while (nowMs >= _nextFrameMs)
        {
            Frame(_nextFrameMs);
            _nextFrameMs += FrameMs;
        }
    }

    /// <summary>
    /// True on a board: the microphone's clock is the media clock. While a route is on, each
    /// <see cref="Poll"/> runs one frame and <see cref="IAudioFrames.ReadFrame"/> waits for the
    /// capture, so a frame goes out for every 20 ms the microphone takes (its clock, not the loop's,
    /// sets the rate; the far end's jitter buffer absorbs the difference, as ours absorbs theirs).
    /// False (the simulator, tests): frames follow the loop clock, 20 ms apart. With the route off
    /// (no call, handset down) frames follow the loop clock either way.
    /// </summary>
    public bool PacedByMicrophone;

    /// <summary>One 20 ms frame; true when the microphone gave it (false: silence was sent).</summary>
    private bool Frame(long atMs)
    {
        IAudioFrames frames = _frames;
        bool route = frames != null && _routing.Route != AudioRoute.Off;
        bool read = route && frames.ReadFrame(_mic);
        if (!read || _routing.Muted) System.Array.Clear(_mic, 0, _mic.Length);
        if (IsMixing)
        {
            _mixer.Tick(_heard.Session, _second.Session, _mic, _speaker, atMs);
            if (_callWaiting) _tones.Mix(_speaker, 0, _speaker.Length);
        }
        else if (_heard.IsRunning)
        {
            _heard.Session.Tick(_mic, _speaker, atMs);
            if (_callWaiting) _tones.Mix(_speaker, 0, _speaker.Length);
        }
        else
        {
            _tones.Fill(_speaker, 0, _speaker.Length);
        }
        if (route) frames.WriteFrame(_speaker);
        return read;
    }

    /// <summary>An RTP datagram on the call's RTP port (rtpPort: the port it came in on).</summary>
    public void ReceiveRtp(byte[] buf, int off, int len, NanoPhone.Sip.Transport.Endpoint from, int rtpPort, long nowMs)
    {
        if (_heard == null) return;
        // A call that is not the one heard (a second call's early port) is not played, unless it is
        // the conference's other party.
        if (_heard.Owns(rtpPort)) _heard.Session.ReceiveRtp(buf, off, len, from, nowMs);
        else if (_second != null && _second.Owns(rtpPort)) _second.Session.ReceiveRtp(buf, off, len, from, nowMs);
    }

    /// <summary>An RTCP datagram on the call's RTCP port (RTP port + 1).</summary>
    public void ReceiveRtcp(byte[] buf, int off, int len, NanoPhone.Sip.Transport.Endpoint from, int rtpPort, long nowMs)
    {
        if (_heard == null) return;
        if (_heard.Owns(rtpPort)) _heard.Session.ReceiveRtcp(buf, off, len, from, nowMs);
        else if (_second != null && _second.Owns(rtpPort)) _second.Session.ReceiveRtcp(buf, off, len, from, nowMs);
    }

    // ---- Following the call's media ------------------------------------------------------------

    /// <summary>A call event: the end of the played call stops its media at once (its RTCP BYE goes before the socket closes).</summary>
    public void OnCall(CallEvent e)
    {
        if (_sockets == null) return;
        if (e.Kind == CallEventKind.Failed) _failTone = e.Status == 486 || e.Status == 600 ? ToneKind.Busy : ToneKind.Congestion;
        else if (e.Kind == CallEventKind.Dialing || e.Kind == CallEventKind.Answered) _failTone = ToneKind.None;
        if (!CallEventKinds.IsFinal(e.Kind) || e.Call == null) return;
        if (e.Call == _heard.Call) _heard.Stop(_agent.Clock.NowMs);
        else if (_second != null && e.Call == _second.Call) _second.Stop(_agent.Clock.NowMs);
    }

    /// <summary>
    /// The heard call's audio follows the heard call; in a conference the other party's follows the
    /// other call. Each stream stays with its call when the roles change (the conference starts, a
    /// party leaves), so no stream restarts (same SSRC, sequence and timestamps go on).
    /// </summary>
    private void Follow(long nowMs)
    {
        SipCall heard = HeardCall();
        SipCall other = Conference != null ? Conference.Other(heard) : null;
        // A leg keeps the call it plays: the heard call's stream becomes the second party's when the
        // conference makes the other call the heard one, and back when that call ends.
        if (_second != null && (other != null && _heard.Call == other || _second.Call != null && _second.Call == heard && _heard.Call != heard))
        {
            CallAudio t = _heard;
            _heard = _second;
            _second = t;
        }
        _heard.Follow(heard, nowMs);
        if (_second != null) _second.Follow(other, nowMs);
    }

    /// <summary>The call whose audio is heard: the answered one we do not hold, else our own while a 183 brought early media, else the one on hold.</summary>
    private SipCall HeardCall()
    {
        CallManager calls = _agent.Calls;
        SipCall early = null, held = null;
        for (int i = 0; i < calls.SlotCount; i++)
        {
            SipCall c = calls.SlotAt(i);
            // With a call waiting on hold, the one the user talks to is heard.
            if (CallStates.IsAnswered(c.State))
            {
                if (!c.IsHolding) return c;
                if (held == null) held = c;
            }
            if (CallStates.IsOutgoing(c.State) && c.State == CallState.OutgoingEarly && c.Media.IsAgreed) early = c;
        }
        return early != null ? early : held;
    }

    // ---- Route and tones -----------------------------------------------------------------------

    private bool CallLive { get { return _agent.Calls.Current != null; } }

    private bool OffHook { get { return _hw.Hook.State == HookState.OffHook; } }

    private void Route()
    {
        bool offHook = OffHook;
        if (offHook != _lastOffHook)
        {
            _lastOffHook = offHook;
            _failTone = ToneKind.None;
        }
        if (!_routing.Update(offHook, CallLive)) return;
        if (_frames != null) _frames.Route = _routing.Route;
        _out.Emit("AUDIO " + RouteName(_routing.Route));
    }

    private static string RouteName(AudioRoute r)
    {
        return r == AudioRoute.Handset ? "handset" : r == AudioRoute.Speaker ? "speaker" : "off";
    }

    private void ChooseTone()
    {
        ToneKind want = ToneKind.None;
        if (!_heard.IsRunning && !_callWaiting)
        {
            SipCall current = _agent.Calls.Current;
            if (current != null)
            {
                if (current.State == CallState.OutgoingEarly) want = ToneKind.Ringback;
            }
            else if (_failTone != ToneKind.None && _routing.Route != AudioRoute.Off) want = _failTone;
            else if (OffHook && !_routing.HandsFree && _dialling.Count == 0) want = ToneKind.Dial;
        }
        if (_callWaiting) want = ToneKind.CallWaiting;
        if (want == _tone) return;
        _tone = want;
        if (want == ToneKind.None)
        {
            _tones.Stop();
            _out.Emit("TONE off");
            return;
        }
        ToneSet set = ToneSet.ForCountry(_config.Get(ConfigKeys.RingerPattern));
        if (set == null) set = ToneSet.Us;
        _tones.Start(set.For(want));
        _out.Emit("TONE " + ToneName(want));
    }

    private static string ToneName(ToneKind k)
    {
        switch (k)
        {
            case ToneKind.Dial: return "dial";
            case ToneKind.Ringback: return "ringback";
            case ToneKind.Busy: return "busy";
            case ToneKind.Congestion: return "congestion";
            default: return "call-waiting";
        }
    }

    /// <summary>
    /// The call-waiting beep (<see cref="IPhoneTones"/>), mixed into the call's audio (or alone
    /// without one) until stopped: for a second call ringing during a call.
    /// </summary>
    public void CallWaiting(bool on)
    {
        _callWaiting = on && _sockets != null;
        if (_sockets != null) ChooseTone();
    }

    // ---- Keys ----------------------------------------------------------------------------------

    /// <summary>A key pressed: digits in the answered call go as DTMF; speaker, mute and volume keys.</summary>
    public void OnKeyEvent(PhoneKey key, KeyAction action, long atMs)
    {
        if (action != KeyAction.Pressed) return;
        char digit = PhoneKeys.ToDialChar(key);
        if (digit != '\0')
        {
            SendDigit(digit);
            return;
        }
        switch (key)
        {
            case PhoneKey.Speaker:
                if (_sockets != null && _routing.ToggleSpeaker(OffHook, CallLive)) Route();
                return;
            case PhoneKey.Mute:
                if (_sockets != null && _routing.ToggleMute(_heard.Call != null)) _out.Emit(_routing.Muted ? "MUTE on" : "MUTE off");
                return;
            case PhoneKey.VolumeUp:
            case PhoneKey.VolumeDown:
                IAudioFrames f = _frames;
                if (f == null) return;
                int v = AudioRouting.Step(f.Volume, f.MaxVolume, key == PhoneKey.VolumeUp);
                if (v == f.Volume) return;
                f.Volume = v;
                _out.Emit("VOLUME " + v);
                return;
        }
    }

    /// <summary>A key during the answered call: an RFC 4733 event when negotiated, else INFO (application/dtmf-relay).</summary>
    private void SendDigit(char digit)
    {
        SipCall answered = null;
        CallManager calls = _agent.Calls;
        for (int i = 0; i < calls.SlotCount && answered == null; i++)
        {
            if (CallStates.IsAnswered(calls.SlotAt(i).State) && !calls.SlotAt(i).IsHolding) answered = calls.SlotAt(i);
        }
        if (answered == null || answered.IsHolding) return;
        if (_heard != null && _heard.Call == answered && _heard.Session.SendDigit(digit)) return;
        int n = DtmfInfoBody.WriteRelay(_info, 0, digit, 160);
        calls.SendInfo(answered.Number, DtmfInfoBody.RelayType, _info, 0, n);
    }

    // ---- What the far end sends ----------------------------------------------------------------

    /// <summary>Told each key the far end sends as RFC 4733 events (the door opener); INFO keys reach
    /// the app through the agent (IInfoEvents) instead.</summary>
    public RemoteDigitHandler RemoteDigit;

    public void DigitReceived(char digit)
    {
        _out.Emit("DTMF " + digit);
        if (RemoteDigit != null) RemoteDigit(digit);
    }

    public void Latched(NanoPhone.Sip.Transport.Endpoint source)
    {
        _out.Emit("MEDIA latched " + source);
    }

    public void RemoteBye() { }

    /// <summary>INFO in a call: a key press (application/dtmf-relay or application/dtmf) gives a DTMF line; 200, or 400 for a body that names no key.</summary>
    public int OnInfo(SipCall call, SipMessage info)
    {
        if (info.BodyLength == 0) return 200;
        int ct = info.IndexOf(HeaderId.ContentType);
        if (ct < 0) return 415;
        char digit;
        int durationMs;
        bool ok;
        if (RequestCheck.IsApplication(info.Buffer, info.ValueOffsetAt(ct), info.ValueLengthAt(ct), RequestCheck.DtmfRelaySubtype))
            ok = DtmfInfoBody.TryParseRelay(info.Buffer, info.BodyOffset, info.BodyLength, out digit, out durationMs);
        else if (RequestCheck.IsApplication(info.Buffer, info.ValueOffsetAt(ct), info.ValueLengthAt(ct), RequestCheck.DtmfSubtype))
            ok = DtmfInfoBody.TryParseDtmf(info.Buffer, info.BodyOffset, info.BodyLength, out digit);
        else return 415;
        if (!ok) return 400;
        _out.Emit("DTMF " + digit);
        return 200;
    }

    /// <summary>The agent's random source as the media core's.</summary>
    private sealed class Random : IMediaRandom
    {
        private readonly NanoPhone.Sip.Timing.Randomness _r;

        public Random(NanoPhone.Sip.Timing.Randomness r) { _r = r; }

        public uint Next() { return _r.Next(); }
    }
}
