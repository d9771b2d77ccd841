using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Jitter;
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
    private readonly MediaSession _session;
    private readonly MediaParameters _params = new MediaParameters();
    private readonly TonePlayer _tones = new TonePlayer();
    private readonly AudioRouting _routing = new AudioRouting();
    private readonly short[] _mic = new short[MediaSession.FrameSamples];
    private readonly short[] _speaker = new short[MediaSession.FrameSamples];
    private readonly byte[] _info = new byte[64];
    private IAudioFrames _frames;

    private SipCall _call;          // the call the session plays, or null
    private int _callNumber;
    private int _version;
    private bool _held;
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
        _session = new MediaSession(sockets, new Random(agent.Random), this, settings);
    }

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
    public MediaSession Session { get { return _session; } }

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
        if (_nextFrameMs < 0 || nowMs - _nextFrameMs >= MaxCatchUpFrames * FrameMs) _nextFrameMs = nowMs;
        while (nowMs >= _nextFrameMs)
        {
            Frame(_nextFrameMs);
            _nextFrameMs += FrameMs;
        }
    }

    private void Frame(long atMs)
    {
        IAudioFrames frames = _frames;
        bool route = frames != null && _routing.Route != AudioRoute.Off;
        if (!route || !frames.ReadFrame(_mic) || _routing.Muted) System.Array.Clear(_mic, 0, _mic.Length);
        if (_session.State == MediaState.Running)
        {
            _session.Tick(_mic, _speaker, atMs);
            if (_callWaiting) _tones.Mix(_speaker, 0, _speaker.Length);
        }
        else
        {
            _tones.Fill(_speaker, 0, _speaker.Length);
        }
        if (route) frames.WriteFrame(_speaker);
    }

    /// <summary>An RTP datagram on the call's RTP port (rtpPort: the port it came in on).</summary>
    public void ReceiveRtp(byte[] buf, int off, int len, NanoPhone.Sip.Transport.Endpoint from, int rtpPort, long nowMs)
    {
        if (_session == null) return;
        // A call that is not the one heard (a second call's early port) is not played.
        if (_call != null && rtpPort == _call.Media.LocalPort) _session.ReceiveRtp(buf, off, len, from, nowMs);
    }

    /// <summary>An RTCP datagram on the call's RTCP port (RTP port + 1).</summary>
    public void ReceiveRtcp(byte[] buf, int off, int len, NanoPhone.Sip.Transport.Endpoint from, int rtpPort, long nowMs)
    {
        if (_session != null && _call != null && rtpPort == _call.Media.LocalPort) _session.ReceiveRtcp(buf, off, len, from, nowMs);
    }

    // ---- Following the call's media ------------------------------------------------------------

    /// <summary>A call event: the end of the played call stops its media at once (its RTCP BYE goes before the socket closes).</summary>
    public void OnCall(CallEvent e)
    {
        if (_sockets == null) return;
        if (e.Kind == CallEventKind.Failed) _failTone = e.Status == 486 || e.Status == 600 ? ToneKind.Busy : ToneKind.Congestion;
        else if (e.Kind == CallEventKind.Dialing || e.Kind == CallEventKind.Answered) _failTone = ToneKind.None;
        if (CallEventKinds.IsFinal(e.Kind) && e.Call != null && e.Call == _call) StopMedia(_agent.Clock.NowMs);
    }

    private void Follow(long nowMs)
    {
        SipCall call = HeardCall();
        if (_call != null && (call != _call || _call.Number != _callNumber)) StopMedia(nowMs);
        if (call == null) return;
        if (_call == null)
        {
            _call = call;
            _callNumber = call.Number;
            _version = -1;
        }
        NegotiatedMedia media = call.Media;
        if (media.Version == _version && !HoldChanged(call)) return;
        _version = media.Version;
        if (!media.IsAgreed || media.Remote.Port == 0)
        {
            // m=audio 0 (or nothing agreed): no stream.
            if (_session.State == MediaState.Running) StopSession(nowMs);
            return;
        }
        Fill(call);
        if (_session.State != MediaState.Running)
        {
            _sockets.Select(media.LocalPort);
            _session.Start(_params, nowMs);
            _held = _params.Direction != StreamDirection.SendRecv;
            _out.Emit("MEDIA started " + CodecName(_params.PayloadType) + " " + _params.Remote);
            if (_held) _out.Emit("MEDIA held");
            return;
        }
        bool moved = !_session.Parameters.Remote.Equals(_params.Remote);
        _session.Update(_params, nowMs);
        if (moved) _out.Emit("MEDIA moved " + _params.Remote);
        bool held = _params.Direction != StreamDirection.SendRecv;
        if (held != _held) _out.Emit(held ? "MEDIA held" : "MEDIA resumed");
        _held = held;
    }

    private bool HoldChanged(SipCall call)
    {
        return _session.State == MediaState.Running && (call.IsHolding ? StreamDirection.Inactive : Direction(call.Media.Direction)) != _session.Parameters.Direction;
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

    private void Fill(SipCall call)
    {
        NegotiatedMedia m = call.Media;
        _params.Remote.CopyFrom(m.Remote);
        _params.RemoteRtcpPort = 0;
        _params.PayloadType = m.PayloadType;
        _params.SecondPayloadType = -1;
        _params.TelephoneEventPayloadType = m.TelephoneEvent;
        _params.PtimeMs = m.PtimeMs;
        _params.MaxPtimeMs = 0;
        // This phone holding sends nothing and plays nothing (there is no music on hold).
        _params.Direction = call.IsHolding ? StreamDirection.Inactive : Direction(m.Direction);
        _params.Latching = AddressScope.ShouldLatch(m.Remote, call.SignalledFrom);
    }

    private static StreamDirection Direction(MediaDirection d)
    {
        switch (d)
        {
            case MediaDirection.SendOnly: return StreamDirection.SendOnly;
            case MediaDirection.RecvOnly: return StreamDirection.RecvOnly;
            case MediaDirection.Inactive: return StreamDirection.Inactive;
            default: return StreamDirection.SendRecv;
        }
    }

    private void StopMedia(long nowMs)
    {
        if (_session.State == MediaState.Running) StopSession(nowMs);
        _call = null;
        _callNumber = 0;
        _sockets.Select(0);
    }

    private void StopSession(long nowMs)
    {
        _session.Stop(nowMs);
        MediaStats s = _session.Stats;
        _out.Emit("MEDIA stats sent=" + s.PacketsSent + " lost=" + s.Lost + " jitter=" + s.MaxJitterMs + " concealed=" + s.ConcealedFrames
            + " received=" + s.PacketsReceived + " late=" + s.Late + " strangers=" + s.Strangers);
    }

    private static string CodecName(int pt)
    {
        return pt == LocalMedia.Pcma ? "PCMA" : pt == LocalMedia.Pcmu ? "PCMU" : pt.ToString();
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
        if (_session.State != MediaState.Running && !_callWaiting)
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
                if (_sockets != null && _routing.ToggleMute(_call != null)) _out.Emit(_routing.Muted ? "MUTE on" : "MUTE off");
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
        if (_session != null && _call == answered && _session.SendDigit(digit)) return;
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
