namespace NanoPhone.Media.Session;

/// <summary>The life of a media session.</summary>
public enum MediaState : byte
{
    /// <summary>Constructed, or stopped: sends nothing, takes nothing in. Statistics of the last call stay readable.</summary>
    Idle = 0,
    /// <summary>Started with the negotiated parameters; what it sends and plays follows the direction.</summary>
    Running,
}

public static class MediaStates
{
    public static string Name(MediaState s)
    {
        return s == MediaState.Running ? "running" : "idle";
    }
}
