namespace NanoPhone.Media.Session;

/// <summary>
/// The negotiated direction of the audio stream from the phone's side (RFC 3264 §5.1, §6.1): what our
/// own SDP says after the offer/answer. SendOnly: we send and do not play (we hold the call); RecvOnly:
/// we play and do not send (the other side holds); Inactive: neither. RTCP goes on in every direction.
/// </summary>
public enum StreamDirection : byte
{
    SendRecv = 0,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class StreamDirections
{
    public static bool Sends(StreamDirection d)
    {
        return d == StreamDirection.SendRecv || d == StreamDirection.SendOnly;
    }

    public static bool Receives(StreamDirection d)
    {
        return d == StreamDirection.SendRecv || d == StreamDirection.RecvOnly;
    }

    public static string Name(StreamDirection d)
    {
        switch (d)
        {
            case StreamDirection.SendOnly: return "sendonly";
            case StreamDirection.RecvOnly: return "recvonly";
            case StreamDirection.Inactive: return "inactive";
            default: return "sendrecv";
        }
    }
}
