namespace NanoPhone.Media.Rtp;

/// <summary>
/// NTP timestamps for RTCP sender reports (RFC 3550 §4, §6.4.1): seconds since 1900-01-01 in the
/// high word and the fraction of a second in the low word, from a millisecond clock. Without a wall
/// clock the origin is arbitrary, which §6.4.1 allows (the receiver only echoes and differences it).
/// </summary>
public static class NtpTime
{
    /// <summary>Seconds from 1900-01-01 to 1970-01-01.</summary>
    public const long UnixEpochSeconds = 2208988800L;

    /// <summary>The 64-bit NTP timestamp of ms (milliseconds since the NTP epoch).</summary>
    public static void FromMilliseconds(long ms, out uint seconds, out uint fraction)
    {
        if (ms < 0) ms = 0;
        seconds = (uint)(ms / 1000);
        fraction = (uint)(((ms % 1000) << 32) / 1000);
    }

    /// <summary>The middle 32 bits of a 64-bit NTP timestamp (the LSR field of a report block, §6.4.1).</summary>
    public static uint Middle32(uint seconds, uint fraction)
    {
        return (seconds << 16) | (fraction >> 16);
    }

    /// <summary>Milliseconds as units of 1/65536 s (the DLSR field), saturating.</summary>
    public static uint ToUnits65536(long ms)
    {
        if (ms <= 0) return 0;
        long u = (ms << 16) / 1000;
        return u > 0xFFFFFFFFL ? 0xFFFFFFFFu : (uint)u;
    }

    /// <summary>Units of 1/65536 s as milliseconds.</summary>
    public static int ToMilliseconds(uint units65536)
    {
        return (int)(((long)units65536 * 1000) >> 16);
    }
}
