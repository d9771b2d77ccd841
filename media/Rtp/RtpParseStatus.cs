namespace NanoPhone.Media.Rtp;

/// <summary>The verdict on a received RTP datagram's fixed header (RFC 3550 §5.1, Appendix A.1).</summary>
public enum RtpParseStatus : byte
{
    Ok = 0,
    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,
    /// <summary>The version field is not 2.</summary>
    BadVersion,
    /// <summary>The CSRC list (CC × 4 bytes) runs past the datagram.</summary>
    BadCsrcCount,
    /// <summary>The header extension (X bit) is cut short or its length runs past the datagram.</summary>
    BadExtension,
    /// <summary>The P bit is set but the last octet's padding count is 0 or longer than the payload.</summary>
    BadPadding,
    /// <summary>Marker and payload type read as an RTCP packet type 200–204 (RFC 5761 §4): not RTP.</summary>
    RtcpOnRtpPort,
}
