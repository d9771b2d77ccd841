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

    /// <summary>
    /// What this phone does once its offered direction met the answer's (RFC 3264 §6.1): it sends
    /// if it offered to and the answer receives, and receives if it offered to and the answer sends.
    /// </summary>
    public static MediaDirection Agreed(MediaDirection offered, MediaDirection answered)
    {
        bool send = Sends(offered) && Receives(answered);
        bool receive = Receives(offered) && Sends(answered);
        if (send && receive) return MediaDirection.SendRecv;
        if (send) return MediaDirection.SendOnly;
        return receive ? MediaDirection.RecvOnly : MediaDirection.Inactive;
    }

    public static bool Sends(MediaDirection d) { return d == MediaDirection.SendRecv || d == MediaDirection.SendOnly; }

    public static bool Receives(MediaDirection d) { return d == MediaDirection.SendRecv || d == MediaDirection.RecvOnly; }
}
