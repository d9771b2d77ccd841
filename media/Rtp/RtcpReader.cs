namespace NanoPhone.Media.Rtp;

/// <summary>
/// Reads a received RTCP compound packet (RFC 3550 §6.1) after the validity checks of Appendix A.2:
/// every packet version 2, the first a sender or receiver report without padding, padding only on
/// the last, and length fields that add up to the datagram. Keeps what the phone uses: the sender
/// report's NTP and RTP timestamps and counts (§6.4.1, for the LSR/DLSR of our next report), the
/// report block about our own SSRC (loss, jitter, LSR/DLSR for the round-trip time) and whether a BYE
/// names the remote SSRC or the compound's sender (§6.6). SDES, APP and packet types it does not know are skipped.
/// Reusable; never throws.
/// </summary>
public sealed class RtcpReader
{
    private const int HeaderLength = 4;
    private const int SenderInfoLength = 20;
    private const int ReportBlockLength = 24;

    /// <summary>RTCP packets in the compound.</summary>
    public int PacketCount;

    public bool HasSenderReport;
    /// <summary>SSRC of the first SR or RR: the sender of the compound.</summary>
    public uint SenderSsrc;
    public uint NtpSeconds;
    public uint NtpFraction;
    public uint SenderRtpTimestamp;
    public uint SenderPacketCount;
    public uint SenderOctetCount;

    /// <summary>A report block about the SSRC given to Parse was found.</summary>
    public bool HasReportAboutUs;
    /// <summary>Fraction lost in 1/256.</summary>
    public int FractionLost;
    /// <summary>Cumulative packets lost (24-bit signed).</summary>
    public int CumulativeLost;
    public uint ExtendedHighestSequence;
    /// <summary>Interarrival jitter in timestamp units.</summary>
    public uint Jitter;
    public uint LastSenderReport;
    public uint DelaySinceLastSenderReport;

    /// <summary>A BYE packet lists the remote SSRC given to Parse.</summary>
    public bool ByeFromRemote;
    /// <summary>A BYE packet lists the SSRC of the compound's first report (its sender).</summary>
    public bool ByeListsSender;

    /// <summary>Parses b[off .. off+len); ourSsrc selects the report block kept, remoteSsrc the BYE that counts.</summary>
    public RtcpParseStatus Parse(byte[] b, int off, int len, uint ourSsrc, uint remoteSsrc)
    {
        PacketCount = 0;
        HasSenderReport = false;
        HasReportAboutUs = false;
        ByeFromRemote = false;
        ByeListsSender = false;
        SenderSsrc = 0;
        if (b == null || off < 0 || len < HeaderLength + 4 || off + len > b.Length || (len & 3) != 0) return RtcpParseStatus.TooShort;

        int first = b[off];
        int firstType = b[off + 1];
        if ((first & 0x20) != 0 || (firstType != RtcpPacketType.SenderReport && firstType != RtcpPacketType.ReceiverReport))
        {
            return (first >> 6) != 2 ? RtcpParseStatus.BadVersion : RtcpParseStatus.BadFirstPacket;
        }

        // A.2: walk the length fields first; nothing is kept from a compound that fails.
        int pos = off;
        int end = off + len;
        while (pos < end)
        {
            if (pos + HeaderLength > end) return RtcpParseStatus.BadLength;
            if ((b[pos] >> 6) != 2) return RtcpParseStatus.BadVersion;
            int plen = (((b[pos + 2] << 8) | b[pos + 3]) + 1) * 4;
            if (pos + plen > end) return RtcpParseStatus.BadLength;
            if ((b[pos] & 0x20) != 0)
            {
                if (pos + plen != end) return RtcpParseStatus.BadPadding;
                int pad = b[end - 1];
                if (pad == 0 || pad > plen - HeaderLength) return RtcpParseStatus.BadPadding;
            }
            pos += plen;
        }

        pos = off;
        while (pos < end)
        {
            int count = b[pos] & 0x1F;
            int type = b[pos + 1];
            int plen = (((b[pos + 2] << 8) | b[pos + 3]) + 1) * 4;
            int body = plen;
            if ((b[pos] & 0x20) != 0) body -= b[end - 1];
            RtcpParseStatus s = RtcpParseStatus.Ok;
            if (type == RtcpPacketType.SenderReport || type == RtcpPacketType.ReceiverReport) s = ReadReport(b, pos, body, count, type, ourSsrc);
            else if (type == RtcpPacketType.Bye) s = ReadBye(b, pos, body, count, remoteSsrc);
            if (s != RtcpParseStatus.Ok) return s;
            PacketCount++;
            pos += plen;
        }
        return RtcpParseStatus.Ok;
    }

    private RtcpParseStatus ReadReport(byte[] b, int pos, int body, int count, int type, uint ourSsrc)
    {
        bool sr = type == RtcpPacketType.SenderReport;
        int blocks = HeaderLength + 4 + (sr ? SenderInfoLength : 0);
        if (blocks + count * ReportBlockLength > body) return RtcpParseStatus.BadCount;
        uint ssrc = RtpHeader.ReadUInt32(b, pos + 4);
        if (PacketCount == 0) SenderSsrc = ssrc;
        if (sr && !HasSenderReport)
        {
            HasSenderReport = true;
            NtpSeconds = RtpHeader.ReadUInt32(b, pos + 8);
            NtpFraction = RtpHeader.ReadUInt32(b, pos + 12);
            SenderRtpTimestamp = RtpHeader.ReadUInt32(b, pos + 16);
            SenderPacketCount = RtpHeader.ReadUInt32(b, pos + 20);
            SenderOctetCount = RtpHeader.ReadUInt32(b, pos + 24);
        }
        for (int i = 0; i < count; i++)
        {
            int r = pos + blocks + i * ReportBlockLength;
            if (RtpHeader.ReadUInt32(b, r) != ourSsrc || HasReportAboutUs) continue;
            HasReportAboutUs = true;
            FractionLost = b[r + 4];
            int lost = (b[r + 5] << 16) | (b[r + 6] << 8) | b[r + 7];
            CumulativeLost = (lost & 0x800000) != 0 ? lost - 0x1000000 : lost;
            ExtendedHighestSequence = RtpHeader.ReadUInt32(b, r + 8);
            Jitter = RtpHeader.ReadUInt32(b, r + 12);
            LastSenderReport = RtpHeader.ReadUInt32(b, r + 16);
            DelaySinceLastSenderReport = RtpHeader.ReadUInt32(b, r + 20);
        }
        return RtcpParseStatus.Ok;
    }

    private RtcpParseStatus ReadBye(byte[] b, int pos, int body, int count, uint remoteSsrc)
    {
        if (HeaderLength + 4 * count > body) return RtcpParseStatus.BadCount;
        for (int i = 0; i < count; i++)
        {
            uint ssrc = RtpHeader.ReadUInt32(b, pos + HeaderLength + 4 * i);
            if (ssrc == remoteSsrc) ByeFromRemote = true;
            if (ssrc == SenderSsrc) ByeListsSender = true;
        }
        return RtcpParseStatus.Ok;
    }
}
