namespace NanoPhone.Media.Rtp;

/// <summary>
/// The fixed header of an RTP packet (RFC 3550 §5.1), parsed in place: the fields, and the payload
/// as an offset and length into the datagram, with the CSRC list, the header extension (§5.3.1,
/// skipped: this phone uses none) and the padding (§5.1, P bit) taken off. Reusable; never throws.
/// <code>
///  0                   1                   2                   3
///  V=2 P X  CC  |M|     PT      |       sequence number         |
///  timestamp                                                    |
///  synchronization source (SSRC) identifier                     |
///  contributing source (CSRC) identifiers, CC of them ...       |
/// </code>
/// </summary>
public sealed class RtpHeader
{
    public const int FixedLength = 12;
    public const int Version = 2;

    public bool Padding;
    public bool Extension;
    public int CsrcCount;
    public bool Marker;
    public int PayloadType;
    /// <summary>0 … 65535.</summary>
    public int Sequence;
    public uint Timestamp;
    public uint Ssrc;
    public int PayloadOffset;
    public int PayloadLength;

    /// <summary>Parses the header of the datagram b[off .. off+len).</summary>
    public RtpParseStatus Parse(byte[] b, int off, int len)
    {
        PayloadOffset = off;
        PayloadLength = 0;
        if (b == null || off < 0 || len < FixedLength || off + len > b.Length) return RtpParseStatus.TooShort;
        int b0 = b[off];
        if ((b0 >> 6) != Version) return RtpParseStatus.BadVersion;
        Padding = (b0 & 0x20) != 0;
        Extension = (b0 & 0x10) != 0;
        CsrcCount = b0 & 0x0F;
        int b1 = b[off + 1];
        Marker = (b1 & 0x80) != 0;
        PayloadType = b1 & 0x7F;
        if (b1 >= 200 && b1 <= 204) return RtpParseStatus.RtcpOnRtpPort;
        Sequence = (b[off + 2] << 8) | b[off + 3];
        Timestamp = ((uint)b[off + 4] << 24) | ((uint)b[off + 5] << 16) | ((uint)b[off + 6] << 8) | b[off + 7];
        Ssrc = ((uint)b[off + 8] << 24) | ((uint)b[off + 9] << 16) | ((uint)b[off + 10] << 8) | b[off + 11];

        int pos = FixedLength + 4 * CsrcCount;
        if (pos > len) return RtpParseStatus.BadCsrcCount;
        if (Extension)
        {
            if (pos + 4 > len) return RtpParseStatus.BadExtension;
            int words = (b[off + pos + 2] << 8) | b[off + pos + 3];
            pos += 4 + 4 * words;
            if (pos > len) return RtpParseStatus.BadExtension;
        }
        int payload = len - pos;
        if (Padding)
        {
            int pad = b[off + len - 1];
            if (pad == 0 || pad > payload) return RtpParseStatus.BadPadding;
            payload -= pad;
        }
        PayloadOffset = off + pos;
        PayloadLength = payload;
        return RtpParseStatus.Ok;
    }

    /// <summary>Writes a 12-byte header without CSRCs, extension or padding; returns the offset after it.</summary>
    public static int Write(byte[] b, int off, bool marker, int payloadType, int sequence, uint timestamp, uint ssrc)
    {
        b[off] = Version << 6;
        b[off + 1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        b[off + 2] = (byte)(sequence >> 8);
        b[off + 3] = (byte)sequence;
        b[off + 4] = (byte)(timestamp >> 24);
        b[off + 5] = (byte)(timestamp >> 16);
        b[off + 6] = (byte)(timestamp >> 8);
        b[off + 7] = (byte)timestamp;
        b[off + 8] = (byte)(ssrc >> 24);
        b[off + 9] = (byte)(ssrc >> 16);
        b[off + 10] = (byte)(ssrc >> 8);
        b[off + 11] = (byte)ssrc;
        return off + FixedLength;
    }

    public static uint ReadUInt32(byte[] b, int off)
    {
        return ((uint)b[off] << 24) | ((uint)b[off + 1] << 16) | ((uint)b[off + 2] << 8) | b[off + 3];
    }

    public static void WriteUInt32(byte[] b, int off, uint v)
    {
        b[off] = (byte)(v >> 24);
        b[off + 1] = (byte)(v >> 16);
        b[off + 2] = (byte)(v >> 8);
        b[off + 3] = (byte)v;
    }
}
