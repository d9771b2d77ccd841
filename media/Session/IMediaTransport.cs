using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// The media core's only way out: the call's RTP socket and its RTCP socket (RTP port + 1). With
/// symmetric RTP (RFC 4961) the integration sends from the ports it receives on. Implementations
/// must not keep buf after returning (the session reuses it). Return false when the send failed;
/// the session counts it and carries on.
/// </summary>
public interface IMediaTransport
{
    bool SendRtp(byte[] buf, int off, int len, Endpoint to);

    bool SendRtcp(byte[] buf, int off, int len, Endpoint to);
}
