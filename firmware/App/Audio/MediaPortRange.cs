namespace NanoPhone.App.Audio;

/// <summary>
/// Which RTP ports the calls take, from media.port.min and media.port.max: even ports only, RTCP on
/// the next (RFC 3550 §11), the range's last RTP port the highest even one whose RTCP port is still in
/// the range. <see cref="Next"/> hands them out in turn, wrapping round, so a new call does not get
/// the last call's port (and its late packets). When max is below min + 1 the calls share the one
/// pair at min, and <see cref="Problem"/> says so (the host prints it as a WARNING). The platform's
/// sockets (<see cref="IMediaSockets"/>) ask it for candidates and bind them; no I/O here.
/// </summary>
public sealed class MediaPortRange
{
    private readonly int _first;
    private readonly int _last;
    private int _next;

    /// <param name="min">media.port.min (an odd one is raised to the next even port).</param>
    /// <param name="max">media.port.max.</param>
    public MediaPortRange(int min, int max)
    {
        _first = min + (min & 1);
        int last = max - 1;
        last -= last & 1;
        if (last < _first)
        {
            last = _first;
            Problem = "media.port.max " + max + " is below media.port.min " + min + ": calls take the one pair "
                + _first + "-" + (_first + 1) + " (set media.port.max above media.port.min)";
        }
        _last = last;
        _next = _first;
    }

    /// <summary>The first RTP port.</summary>
    public int First { get { return _first; } }

    /// <summary>The last RTP port (its RTCP port is <c>Last + 1</c>).</summary>
    public int Last { get { return _last; } }

    /// <summary>How many RTP/RTCP pairs the range holds.</summary>
    public int PairCount { get { return (_last - _first) / 2 + 1; } }

    /// <summary>Why the range was changed from what was set, or null when it is used as set.</summary>
    public string Problem { get; }

    /// <summary>The next RTP port to try (even; RTCP on the next), in turn round the range.</summary>
    public int Next()
    {
        int port = _next;
        _next = port + 2 > _last ? _first : port + 2;
        return port;
    }

    /// <summary>The line for a call that found no free pair (every port tried was taken or would not bind).</summary>
    public string NoFreePair()
    {
        return "no free RTP port pair from " + _first + " to " + (_last + 1) + " (media.port.min, media.port.max)";
    }
}
