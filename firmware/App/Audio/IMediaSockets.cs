using NanoPhone.Media.Session;
using NanoPhone.Sip.Sdp;

namespace NanoPhone.App.Audio;

/// <summary>
/// The phone's RTP and RTCP sockets: each call takes a bound pair when it gets its slot
/// (<see cref="IMediaPorts.Allocate"/>: an even RTP port from media.port.min to media.port.max,
/// RTCP on the next one), so the SDP never names a port nothing listens on, and gives it back when
/// it ends. The media session sends through the pair of the call it plays (<see cref="Select"/>),
/// from the ports it receives on (symmetric RTP, RFC 4961). What arrives on them the platform hands
/// to <see cref="PhoneAudio.ReceiveRtp"/> and <see cref="PhoneAudio.ReceiveRtcp"/> on the loop thread.
/// </summary>
public interface IMediaSockets : IMediaPorts, IMediaTransport
{
    /// <summary>From now on SendRtp and SendRtcp go out of the pair bound at rtpPort (0: nowhere).</summary>
    void Select(int rtpPort);
}
