using NanoPhone.App.Phone;
using NanoPhone.Media.Session;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Audio;

/// <summary>
/// One call's audio: a <see cref="MediaSession"/> (built once, reused call after call) that follows
/// one call by its negotiated media (<see cref="NegotiatedMedia.Version"/>): Start when an
/// offer/answer first agrees, Update for hold, resume and a peer that moved, Stop (RTCP BYE) at the
/// end or for m=audio 0. It sends from its call's RTP port pair (symmetric RTP), so two of them can
/// run side by side (a conference). MEDIA lines say what happens. Nothing allocated per frame.
/// </summary>
internal sealed class CallAudio : IMediaTransport
{
    private readonly IMediaSockets _sockets;
    private readonly PhoneOutput _out;
    private readonly MediaSession _session;
    private readonly MediaParameters _params = new MediaParameters();
    private SipCall _call;          // the call the session plays, or null
    private int _callNumber;
    private int _version;
    private bool _held;
    private int _port;              // the RTP port the session sends from (its call's)

    public CallAudio(IMediaSockets sockets, IMediaRandom random, IMediaEvents events, MediaSettings settings, PhoneOutput output)
    {
        _sockets = sockets;
        _out = output;
        _session = new MediaSession(this, random, events, settings);
    }

    public MediaSession Session { get { return _session; } }

    /// <summary>The call whose audio this is, or null.</summary>
    public SipCall Call { get { return _call; } }

    public bool IsRunning { get { return _session.State == MediaState.Running; } }

    /// <summary>True when a datagram on rtpPort is this call's.</summary>
    public bool Owns(int rtpPort) { return _call != null && rtpPort == _call.Media.LocalPort; }

    /// <summary>
    /// Follows call (null: none): a different call (or the slot reused) stops the old one's media;
    /// a new version of its offer/answer starts, updates or stops the stream.
    /// </summary>
    public void Follow(SipCall call, long nowMs)
    {
        if (_call != null && (call != _call || _call.Number != _callNumber)) Stop(nowMs);
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
            if (IsRunning) StopSession(nowMs);
            return;
        }
        Fill(call);
        if (!IsRunning)
        {
            _port = media.LocalPort;
            _sockets.Select(_port);
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

    /// <summary>Stops the stream (RTCP BYE, the MEDIA stats line) and lets the call go.</summary>
    public void Stop(long nowMs)
    {
        if (IsRunning) StopSession(nowMs);
        _call = null;
        _callNumber = 0;
        _port = 0;
        _sockets.Select(0);
    }

    private bool HoldChanged(SipCall call)
    {
        return IsRunning && (call.IsHolding ? StreamDirection.Inactive : Direction(call.Media.Direction)) != _session.Parameters.Direction;
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

    // ---- IMediaTransport: out of this call's own port pair -------------------------------------

    public bool SendRtp(byte[] buf, int off, int len, Endpoint to)
    {
        _sockets.Select(_port);
        return _sockets.SendRtp(buf, off, len, to);
    }

    public bool SendRtcp(byte[] buf, int off, int len, Endpoint to)
    {
        _sockets.Select(_port);
        return _sockets.SendRtcp(buf, off, len, to);
    }
}
