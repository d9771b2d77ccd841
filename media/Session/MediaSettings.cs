namespace NanoPhone.Media.Session;

/// <summary>The phone's media configuration, the same for every call. Read at construction.</summary>
public sealed class MediaSettings
{
    /// <summary>Least playout delay the jitter buffer aims at.</summary>
    public int JitterMinMs = 20;
    /// <summary>Largest playout delay it grows to for the measured jitter.</summary>
    public int JitterMaxMs = 200;
    /// <summary>Delay of the first packets, before any jitter is measured.</summary>
    public int JitterInitialMs = 40;
    /// <summary>Minimum RTCP interval (RFC 3550 §6.2 Tmin).</summary>
    public int RtcpIntervalMs = 5000;
    /// <summary>Length of a key press sent as a telephone-event.</summary>
    public int DigitDurationMs = 100;
    /// <summary>The SDES CNAME (RFC 3550 §6.5.1), e.g. "linda@192.0.2.10"; ASCII, at most 64 bytes used.</summary>
    public string Cname = "nanophone";
    /// <summary>
    /// Milliseconds to add to the session's clock to get Unix time, for the SR's NTP timestamp
    /// (RFC 3550 §6.4.1); 0 when the phone has no wall clock (the NTP time is then the elapsed time).
    /// </summary>
    public long WallClockOffsetMs;
}
