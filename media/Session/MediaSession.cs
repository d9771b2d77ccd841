using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Jitter;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// One call's audio stream, pure like the SIP core: datagrams in (<see cref="ReceiveRtp"/>,
/// <see cref="ReceiveRtcp"/>), a 20 ms tick with a microphone frame in and a speaker frame out
/// (<see cref="Tick"/>), datagrams out through <see cref="IMediaTransport"/>, time passed in as the
/// caller's millisecond clock. Built once for the phone and reused call after call: everything is
/// allocated at construction (6.8 KB of nanoFramework heap, plus 1 KB of G.711 tables), nothing per
/// frame or packet. State: Idle → <see cref="Start"/> → Running → <see cref="Stop"/> → Idle;
/// <see cref="Update"/> applies a new offer/answer to the running stream (hold and resume by the
/// direction, a peer that moved by its address and port, another codec or packet time).
/// Send: <see cref="RtpSender"/>; receive: <see cref="RtpReceiver"/> and <see cref="JitterBuffer"/>;
/// RTCP: <see cref="RtcpReporter"/>. See media/README.md for how a call drives it.
/// </summary>
public sealed class MediaSession
{
    public const int FrameSamples = RtpSender.FrameSamples;
    public const int FrameMs = RtpSender.FrameMs;

    private readonly IMediaTransport _transport;
    private readonly IMediaRandom _random;
    private readonly MediaSettings _settings;
    private readonly MediaStats _stats = new MediaStats();
    private readonly MediaParameters _params = new MediaParameters();
    private readonly RtpSender _sender;
    private readonly RtpReceiver _receiver;
    private readonly RtcpReporter _rtcp;
    private readonly JitterBuffer _buffer;

    private readonly IMediaEvents _events;
    private MediaState _state;
    // From the direction, kept at hand for the per-frame and per-packet paths.
    private bool _sending;
    private bool _playing;

    public MediaSession(IMediaTransport transport, IMediaRandom random, IMediaEvents events, MediaSettings settings)
    {
        if (transport == null || random == null) throw new System.ArgumentNullException(transport == null ? "transport" : "random");
        _transport = transport;
        _random = random;
        _events = events;
        _settings = settings ?? new MediaSettings();
        _buffer = new JitterBuffer(_settings.JitterMinMs, _settings.JitterMaxMs, _settings.JitterInitialMs);
        _sender = new RtpSender(transport, _stats);
        _receiver = new RtpReceiver(_stats, _buffer);
        _rtcp = new RtcpReporter(transport, _stats, _sender, _receiver, _settings);
    }

    public MediaState State { get { return _state; } }

    /// <summary>The parameters in force (a copy; do not change it, call Update).</summary>
    public MediaParameters Parameters { get { return _params; } }

    /// <summary>Our SSRC for this call.</summary>
    public uint Ssrc { get { return _sender.Ssrc; } }

    /// <summary>Where RTP goes and comes from: the latched source, else the SDP's address and port.</summary>
    public Endpoint Peer { get { return _receiver.Peer; } }

    public Endpoint RtcpDestination { get { return _rtcp.Destination; } }

    public bool IsLatched { get { return _receiver.IsLatched; } }

    /// <summary>Digits can go as telephone-events now (negotiated, sending); else send them by SIP INFO.</summary>
    public bool CanSendDigits
    {
        get { return _state == MediaState.Running && _params.TelephoneEventPayloadType >= 0 && _sending; }
    }

    /// <summary>The call's figures, brought up to date.</summary>
    public MediaStats Stats
    {
        get
        {
            _stats.C[StatIndex.Lost] = _receiver.HasSource ? _receiver.Sequence.CumulativeLost : 0;
            _stats.C[StatIndex.Duplicates] = _receiver.DuplicateSequences + _buffer.Duplicates;
            _stats.C[StatIndex.Late] = _buffer.Late;
            _stats.C[StatIndex.TooEarly] = _buffer.TooEarly;
            _stats.C[StatIndex.Resyncs] = _buffer.Resyncs;
            _stats.C[StatIndex.ConcealedFrames] = _buffer.ConcealedFrames;
            _stats.C[StatIndex.SkippedSamples] = _buffer.SkippedSamples;
            _stats.C[StatIndex.RepeatedSamples] = _buffer.RepeatedSamples;
            _stats.C[StatIndex.DelayMs] = _buffer.Delay.HasEstimate ? _buffer.Delay.Delay / 8 : 0;
            _stats.C[StatIndex.TargetDelayMs] = _buffer.Delay.Target / 8;
            return _stats;
        }
    }

    /// <summary>Starts the call's stream with the negotiated parameters: new random SSRC, sequence number and timestamp.</summary>
    public void Start(MediaParameters p, long nowMs)
    {
        _params.CopyFrom(p);
        _stats.Clear();
        _sender.Start(_random.Next(), (int)(_random.Next() & 0xFFFF), _random.Next());
        _receiver.Start(_params, _events);
        _sender.Configure(_params.PayloadType, _params.TelephoneEventPayloadType, _params.SendPacketMs, _receiver.Peer);
        _rtcp.Start(_params, _random, nowMs);
        _sending = StreamDirections.Sends(_params.Direction);
        _playing = StreamDirections.Receives(_params.Direction);
        _state = MediaState.Running;
    }

    /// <summary>
    /// A new offer/answer for the running stream (RFC 3264 §8): a new address or port moves the
    /// stream and restarts latching; a new direction holds or resumes sending and playing; a new
    /// payload type or packet time applies from the next packet. The SSRC and sequence go on.
    /// </summary>
    public void Update(MediaParameters p, long nowMs)
    {
        if (_state != MediaState.Running)
        {
            Start(p, nowMs);
            return;
        }
        bool moved = !_params.Remote.Equals(p.Remote) || _params.RemoteRtcpPort != p.RemoteRtcpPort || _params.Latching != p.Latching;
        bool wasSending = _sending;
        bool wasPlaying = _playing;
        _params.CopyFrom(p);
        _sending = StreamDirections.Sends(_params.Direction);
        _playing = StreamDirections.Receives(_params.Direction);
        if (moved)
        {
            _receiver.SetRemote(_params);
            _rtcp.SetRemote(_params);
            _sender.Pause();
        }
        if (!wasSending && _sending) _sender.Pause();
        if (!wasPlaying && _playing) _receiver.RestartPlayout();
        _sender.Configure(_params.PayloadType, _params.TelephoneEventPayloadType, _params.SendPacketMs, _receiver.Peer);
    }

    /// <summary>Ends the stream (hang-up, or m=audio 0): sends the last RTCP report with a BYE. Stats stay readable.</summary>
    public void Stop(long nowMs)
    {
        if (_state != MediaState.Running) return;
        _rtcp.SendBye(nowMs);
        _state = MediaState.Idle;
    }

    /// <summary>A datagram that arrived on the call's RTP port.</summary>
    public void ReceiveRtp(byte[] buf, int off, int len, Endpoint from, long nowMs)
    {
        if (_state != MediaState.Running)
        {
            _stats.C[StatIndex.NotPlayed]++;
            return;
        }
        _receiver.Receive(buf, off, len, from, nowMs, _params, _playing);
    }

    /// <summary>A datagram that arrived on the call's RTCP port.</summary>
    public void ReceiveRtcp(byte[] buf, int off, int len, Endpoint from, long nowMs)
    {
        if (_state != MediaState.Running) return;
        if (_rtcp.Receive(buf, off, len, from, nowMs) && _events != null) _events.RemoteBye();
    }

    /// <summary>
    /// The 20 ms step: sends the microphone frame (mic[0 .. 160), captured up to nowMs), fills the
    /// speaker frame (speaker[0 .. 160)) and sends RTCP when due. Returns true when the speaker frame
    /// was partly concealed. Either frame may be null.
    /// </summary>
    public bool Tick(short[] mic, short[] speaker, long nowMs)
    {
        if (mic != null) SendFrame(mic, nowMs);
        bool concealed = speaker != null && PlayFrame(speaker, nowMs);
        Poll(nowMs);
        return concealed;
    }

    /// <summary>One microphone frame: RTP (or the digit's telephone-event) when sending; else just time moving on.</summary>
    public void SendFrame(short[] mic, long nowMs)
    {
        if (_state != MediaState.Running) return;
        Endpoint to = _receiver.Peer;
        bool sending = _sending && to.Port > 0 && to.Kind != HostKind.None;
        _sender.Frame(mic, nowMs, sending, to);
    }

    /// <summary>One speaker frame from the jitter buffer; silence when not playing. True when partly concealed.</summary>
    public bool PlayFrame(short[] speaker, long nowMs)
    {
        if (_state != MediaState.Running || !_playing)
        {
            System.Array.Clear(speaker, 0, FrameSamples);
            return false;
        }
        return _buffer.Read(speaker, nowMs);
    }

    /// <summary>RTCP reports when due (also done by Tick).</summary>
    public void Poll(long nowMs)
    {
        if (_state == MediaState.Running) _rtcp.Poll(nowMs);
    }

    /// <summary>
    /// A key pressed during the call, sent as an RFC 4733 event of the configured length from the next
    /// frame on. False when telephone-event was not negotiated, the stream does not send, or 8
    /// digits wait already: then send it by SIP INFO (<see cref="DtmfInfoBody"/>).
    /// </summary>
    public bool SendDigit(char digit)
    {
        if (!CanSendDigits || DtmfEvent.FromDigit(digit) < 0) return false;
        return _sender.QueueDigit(digit, _settings.DigitDurationMs);
    }
}
