namespace NanoPhone.Media.Rtp;

/// <summary>
/// Writes the RTCP packets of a compound (RFC 3550 §6.1: a report first, an SDES with the CNAME in
/// every compound, a BYE last when leaving): sender report (§6.4.1), receiver report (§6.4.2), one
/// report block, SDES CNAME (§6.5.1) and BYE (§6.6). Each method writes at off and returns the offset
/// after what it wrote; the caller's buffer must have room (<see cref="MaxCompoundLength"/>).
/// </summary>
public static class RtcpWriter
{
    public const int ReportBlockLength = 24;
    /// <summary>Longest CNAME written; a longer one is cut (§6.5: up to 255 octets, we keep it short).</summary>
    public const int MaxCnameLength = 64;
    /// <summary>SR with one block (52) + SDES with the longest CNAME (80) + BYE (8).</summary>
    public const int MaxCompoundLength = 28 + ReportBlockLength + 12 + MaxCnameLength + 4 + 8;

    /// <summary>An SR header with the sender info (§6.4.1); blocks report blocks must follow.</summary>
    public static int SenderReport(byte[] b, int off, uint ssrc, uint ntpSeconds, uint ntpFraction,
        uint rtpTimestamp, uint packets, uint octets, int blocks)
    {
        Header(b, off, blocks, RtcpPacketType.SenderReport, (28 + blocks * ReportBlockLength) / 4 - 1);
        RtpHeader.WriteUInt32(b, off + 4, ssrc);
        RtpHeader.WriteUInt32(b, off + 8, ntpSeconds);
        RtpHeader.WriteUInt32(b, off + 12, ntpFraction);
        RtpHeader.WriteUInt32(b, off + 16, rtpTimestamp);
        RtpHeader.WriteUInt32(b, off + 20, packets);
        RtpHeader.WriteUInt32(b, off + 24, octets);
        return off + 28;
    }

    /// <summary>An RR header (§6.4.2); blocks report blocks must follow.</summary>
    public static int ReceiverReport(byte[] b, int off, uint ssrc, int blocks)
    {
        Header(b, off, blocks, RtcpPacketType.ReceiverReport, (8 + blocks * ReportBlockLength) / 4 - 1);
        RtpHeader.WriteUInt32(b, off + 4, ssrc);
        return off + 8;
    }

    /// <summary>One report block (§6.4.1): fraction in 1/256, lost 24-bit signed, jitter in timestamp units.</summary>
    public static int ReportBlock(byte[] b, int off, uint source, int fractionLost, int cumulativeLost,
        uint extendedHighest, uint jitter, uint lastSenderReport, uint delaySinceLast)
    {
        RtpHeader.WriteUInt32(b, off, source);
        b[off + 4] = (byte)fractionLost;
        b[off + 5] = (byte)(cumulativeLost >> 16);
        b[off + 6] = (byte)(cumulativeLost >> 8);
        b[off + 7] = (byte)cumulativeLost;
        RtpHeader.WriteUInt32(b, off + 8, extendedHighest);
        RtpHeader.WriteUInt32(b, off + 12, jitter);
        RtpHeader.WriteUInt32(b, off + 16, lastSenderReport);
        RtpHeader.WriteUInt32(b, off + 20, delaySinceLast);
        return off + ReportBlockLength;
    }

    /// <summary>
    /// An SDES packet with one chunk: our SSRC and a CNAME item (§6.5.1), then the null item that ends
    /// the chunk, padded with zeros to a 32-bit boundary (§6.5).
    /// </summary>
    public static int SourceDescription(byte[] b, int off, uint ssrc, byte[] cname, int cnameLength)
    {
        if (cnameLength > MaxCnameLength) cnameLength = MaxCnameLength;
        if (cnameLength < 0 || cname == null) cnameLength = 0;
        int items = 2 + cnameLength + 1;           // type, length, text, null item
        int chunk = 4 + ((items + 3) & ~3);
        Header(b, off, 1, RtcpPacketType.SourceDescription, (4 + chunk) / 4 - 1);
        RtpHeader.WriteUInt32(b, off + 4, ssrc);
        int p = off + 8;
        b[p++] = RtcpPacketType.Cname;
        b[p++] = (byte)cnameLength;
        if (cnameLength > 0) System.Array.Copy(cname, 0, b, p, cnameLength);
        p += cnameLength;
        int end = off + 4 + chunk;
        while (p < end) b[p++] = 0;
        return end;
    }

    /// <summary>A BYE packet for our SSRC, without a reason (§6.6).</summary>
    public static int Bye(byte[] b, int off, uint ssrc)
    {
        Header(b, off, 1, RtcpPacketType.Bye, 1);
        RtpHeader.WriteUInt32(b, off + 4, ssrc);
        return off + 8;
    }

    private static void Header(byte[] b, int off, int count, int type, int lengthWords)
    {
        b[off] = (byte)(0x80 | (count & 0x1F));
        b[off + 1] = (byte)type;
        b[off + 2] = (byte)(lengthWords >> 8);
        b[off + 3] = (byte)lengthWords;
    }
}
