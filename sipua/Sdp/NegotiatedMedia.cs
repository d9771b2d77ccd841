using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Sdp;

/// <summary>
/// One call's audio as offer and answer left it (RFC 3264): where the phone receives RTP, where
/// the far end does, the codec and telephone-event payload types, the packet time, which way media
/// flows and whether the far end holds the call. Each call keeps its own (<c>SipCall.Media</c>),
/// updated by the offer/answer of the INVITE and its 2xx or ACK and of every re-INVITE; the media
/// layer reads it, and re-reads it when <see cref="Version"/> moves.
/// </summary>
public sealed class NegotiatedMedia
{
    /// <summary>This phone's RTP port for the call (from <see cref="IMediaPorts"/>); 0 before the call has one.</summary>
    public int LocalPort { get; internal set; }

    /// <summary>Where the far end receives RTP: its c= address and m= port; Port 0 until an SDP of its came.</summary>
    public Endpoint Remote { get; } = new Endpoint();

    /// <summary>The codec both sides send: 0 (PCMU) or 8 (PCMA); -1 while none is agreed.</summary>
    public int PayloadType { get; private set; }

    /// <summary>The far end's telephone-event payload type (RFC 4733), or -1 when it has none.</summary>
    public int TelephoneEvent { get; private set; }

    /// <summary>Milliseconds of audio per packet the far end asks for (a=ptime), 20 when it says nothing.</summary>
    public int PtimeMs { get; private set; }

    /// <summary>What this phone does: send and receive, send only (it holds the call), receive only (held), or neither.</summary>
    public MediaDirection Direction { get; private set; }

    /// <summary>True when the far end's last SDP holds the call (sendonly, inactive, or c= 0.0.0.0).</summary>
    public bool RemoteHold { get; private set; }

    /// <summary>Grows with every change (0: nothing agreed yet).</summary>
    public int Version { get; private set; }

    /// <summary>True once an offer and its answer agreed on a codec.</summary>
    public bool IsAgreed { get { return PayloadType >= 0; } }

    public NegotiatedMedia()
    {
        Clear();
    }

    /// <summary>A new call: nothing agreed, no port.</summary>
    public void Clear()
    {
        LocalPort = 0;
        Remote.Clear();
        PayloadType = -1;
        TelephoneEvent = -1;
        PtimeMs = 20;
        Direction = MediaDirection.Inactive;
        RemoteHold = false;
        Version = 0;
    }

    /// <summary>
    /// The far end offered, this phone answered (<see cref="SdpNegotiator.WriteAnswer"/>, with
    /// weHold): the stream and codec the answer takes, the direction it states.
    /// </summary>
    public void Answered(SessionDescription offer, bool weHold)
    {
        int codec;
        int m = SdpNegotiator.ChooseStream(offer, out codec);
        if (m < 0) return;
        Take(offer, m, codec, MediaDirections.Answer(offer.EffectiveDirection(m), weHold));
    }

    /// <summary>The far end's offer removed the audio stream (m=audio 0, RFC 3264 §8.2): no media flows.</summary>
    public void Removed()
    {
        PayloadType = -1;
        Direction = MediaDirection.Inactive;
        Version++;
    }

    /// <summary>This phone offered with the direction offered; answer is the far end's answer.</summary>
    public void Agreed(SessionDescription answer, MediaDirection offered)
    {
        int m = answer.FirstAudio;
        if (m < 0)
        {
            PayloadType = -1;
            Direction = MediaDirection.Inactive;
            Version++;
            return;
        }
        int codec = -1;
        for (int i = 0; i < answer.FormatCount[m] && codec < 0; i++)
        {
            if (LocalMedia.Supports(answer.Formats[m][i])) codec = answer.Formats[m][i];
        }
        Take(answer, m, codec, MediaDirections.Agreed(offered, answer.EffectiveDirection(m)));
    }

    private void Take(SessionDescription sdp, int m, int codec, MediaDirection direction)
    {
        int offset, length;
        if (!sdp.ConnectionAddress(m, out offset, out length) || !Remote.TrySetHost(sdp.Buffer, offset, length, sdp.Port[m]))
            Remote.Clear();
        PayloadType = codec;
        TelephoneEvent = sdp.TelephoneEvent[m];
        PtimeMs = sdp.Ptime[m] > 0 ? sdp.Ptime[m] : 20;
        Direction = direction;
        RemoteHold = sdp.IsHold(m);
        Version++;
    }

    /// <summary>"PCMU sendrecv to 192.0.2.7:49170 from port 4000" (allocates; logs and the console).</summary>
    public override string ToString()
    {
        if (!IsAgreed) return "no media agreed (port " + LocalPort + ")";
        string codec = LocalMedia.CodecName(PayloadType);
        return (codec == null ? PayloadType.ToString() : codec.Substring(0, 4)) + " " + MediaDirections.Attribute(Direction)
            + " to " + Remote + " from port " + LocalPort + (RemoteHold ? ", held by the far end" : "");
    }
}
