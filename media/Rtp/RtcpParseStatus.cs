namespace NanoPhone.Media.Rtp;

/// <summary>The verdict on a received RTCP compound packet (RFC 3550 §6.1, the checks of Appendix A.2).</summary>
public enum RtcpParseStatus : byte
{
    Ok = 0,
    /// <summary>Shorter than one 8-byte RTCP header plus SSRC, or not a multiple of 32 bits.</summary>
    TooShort,
    /// <summary>A packet whose version field is not 2.</summary>
    BadVersion,
    /// <summary>The packets' length fields do not add up to the datagram's length.</summary>
    BadLength,
    /// <summary>The first packet is not a sender or receiver report, or has its padding bit set.</summary>
    BadFirstPacket,
    /// <summary>Padding on a packet other than the last, or a padding count that does not fit.</summary>
    BadPadding,
    /// <summary>A report's count of report blocks (or a BYE's of sources) runs past the packet.</summary>
    BadCount,
}
