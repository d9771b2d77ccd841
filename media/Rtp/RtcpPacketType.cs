namespace NanoPhone.Media.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1).</summary>
public static class RtcpPacketType
{
    public const int SenderReport = 200;
    public const int ReceiverReport = 201;
    public const int SourceDescription = 202;
    public const int Bye = 203;
    public const int App = 204;

    /// <summary>SDES item type CNAME (§6.5.1).</summary>
    public const int Cname = 1;
}
