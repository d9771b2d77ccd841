namespace NanoPhone.Sip.Sdp;

/// <summary>The direction attribute of an audio stream (RFC 3264 §5.1, §6.1).</summary>
public enum MediaDirection : byte
{
    SendRecv = 0,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirections
{
    public static string Attribute(MediaDirection d)
    {
        switch (d)
        {
            case MediaDirection.SendOnly: return "sendonly";
            case MediaDirection.RecvOnly: return "recvonly";
            case MediaDirection.Inactive: return "inactive";
            default: return "sendrecv";
        }
    }

    /// <summary>The answer's direction for an offered one, given whether we hold the call (RFC 3264 §6.1).</summary>
    public static MediaDirection Answer(MediaDirection offered, bool weHold)
    {
        switch (offered)
        {
            case MediaDirection.SendOnly: return weHold ? MediaDirection.Inactive : MediaDirection.RecvOnly;
            case MediaDirection.RecvOnly: return MediaDirection.SendOnly;
            case MediaDirection.Inactive: return MediaDirection.Inactive;
            default: return weHold ? MediaDirection.SendOnly : MediaDirection.SendRecv;
        }
    }
}
