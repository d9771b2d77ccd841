using NanoPhone.Media.Codec;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// What the offer/answer decided for the call's audio stream (RFC 3264), handed to
/// <see cref="MediaSession.Start"/> and <see cref="MediaSession.Update"/>. The session copies it.
/// </summary>
public sealed class MediaParameters
{
    /// <summary>Where the peer receives RTP: its c= address and m= port.</summary>
    public readonly Endpoint Remote = new Endpoint();
    /// <summary>The peer's RTCP port (its a=rtcp, RFC 3605); 0: the RTP port + 1 (RFC 3550 §11).</summary>
    public int RemoteRtcpPort;
    /// <summary>The codec we send, PCMU (0) or PCMA (8); received packets with it are played.</summary>
    public int PayloadType = G711.Pcmu;
    /// <summary>The other G.711 payload type if the answer listed both (also played when received); -1: none.</summary>
    public int SecondPayloadType = -1;
    /// <summary>The negotiated telephone-event payload type (RFC 4733 §7.1.1); -1: none (digits go as SIP INFO).</summary>
    public int TelephoneEventPayloadType = -1;
    /// <summary>The peer's a=ptime in ms (RFC 4566 §6); 0: not given.</summary>
    public int PtimeMs;
    /// <summary>The peer's a=maxptime in ms; 0: not given.</summary>
    public int MaxPtimeMs;
    public StreamDirection Direction = StreamDirection.SendRecv;
    /// <summary>
    /// The SDP address cannot be reached as it stands (a private address behind a NAT, see
    /// <see cref="AddressScope.ShouldLatch"/>): latch onto the first source that sends a well-formed
    /// packet with a negotiated payload type, once, and hear no other.
    /// </summary>
    public bool Latching;

    /// <summary>The ms of audio per packet we send: the peer's ptime, in 10 ms steps, 10–60 ms, within maxptime; 20 if none.</summary>
    public int SendPacketMs
    {
        get
        {
            int ms = PtimeMs > 0 ? PtimeMs : 20;
            int max = MaxPtimeMs > 0 && MaxPtimeMs < 60 ? MaxPtimeMs : 60;
            if (ms > max) ms = max;
            ms -= ms % 10;
            return ms < 10 ? 10 : ms;
        }
    }

    /// <summary>True if payloadType carries audio we play (the negotiated G.711 types).</summary>
    public bool IsAudio(int payloadType)
    {
        return payloadType == PayloadType || (payloadType == SecondPayloadType && G711.IsG711(payloadType));
    }

    public void CopyFrom(MediaParameters other)
    {
        Remote.CopyFrom(other.Remote);
        RemoteRtcpPort = other.RemoteRtcpPort;
        PayloadType = other.PayloadType;
        SecondPayloadType = other.SecondPayloadType;
        TelephoneEventPayloadType = other.TelephoneEventPayloadType;
        PtimeMs = other.PtimeMs;
        MaxPtimeMs = other.MaxPtimeMs;
        Direction = other.Direction;
        Latching = other.Latching;
    }
}
