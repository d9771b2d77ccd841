namespace NanoPhone.Media.Rtp;

/// <summary>
/// When to send the next RTCP report (RFC 3550 §6.2, §6.3.1, Appendix A.7). For a two-party call at
/// 64 kbit/s the bandwidth rule gives well under the minimum interval, so the deterministic interval
/// is the minimum Tmin (5 s; half of it before the first report, §6.2), randomised uniformly over
/// [0.5, 1.5] × Td and divided by e − 3/2 = 1.21828 (§6.3.1) so that reports of many members do not
/// synchronise. Integer arithmetic only.
/// </summary>
public static class RtcpSchedule
{
    public const int DefaultMinimumMs = 5000;

    /// <summary>The next interval in ms for a minimum of minimumMs; random supplies the randomisation.</summary>
    public static int NextIntervalMs(int minimumMs, bool first, uint random)
    {
        long td = first ? minimumMs / 2 : minimumMs;
        // Uniform factor 500 … 1500 (per mille), then the 1/1.21828 compensation.
        long factor = 500 + (long)(random % 1001u);
        return (int)(td * factor * 100000 / (1000L * 121828));
    }
}
