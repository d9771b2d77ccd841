namespace NanoPhone.Sip.Sdp;

/// <summary>
/// The phone's side of a media session: where it receives RTP, and the o= line's session id and
/// version (RFC 4566 §5.2: the version grows with every new description we send).
/// </summary>
public sealed class LocalMedia
{
    public const int Pcmu = 0;
    public const int Pcma = 8;
    /// <summary>The payload type we offer for telephone-event (RFC 4733).</summary>
    public const int TelephoneEventOffered = 101;

    public string Address = "127.0.0.1";
    public bool AddressIsIpv6;
    public int RtpPort = 4000;
    public long SessionId = 1;
    public long SessionVersion = 1;

    /// <summary>Codecs the phone can send and receive, in preference order.</summary>
    public static readonly int[] Codecs = { Pcmu, Pcma };

    public static bool Supports(int pt)
    {
        return pt == Pcmu || pt == Pcma;
    }

    public static string CodecName(int pt)
    {
        return pt == Pcmu ? "PCMU/8000" : pt == Pcma ? "PCMA/8000" : null;
    }
}
