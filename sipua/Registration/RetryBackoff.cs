namespace NanoPhone.Sip.Registration;

/// <summary>
/// How long to wait after the n-th failure in a row: 30 s·2ⁿ capped at 30 min, drawn uniformly
/// from the upper half of that span so that phones that failed together do not retry together.
/// A Retry-After from the server wins when present.
/// </summary>
public static class RetryBackoff
{
    public const int BaseSeconds = 30;
    public const int CapSeconds = 1800;

    /// <summary>The upper bound of the wait after failure number failures (1 = first), seconds.</summary>
    public static int CeilingSeconds(int failures)
    {
        int s = BaseSeconds;
        for (int i = 1; i < failures && s < CapSeconds; i++) s *= 2;
        return s > CapSeconds ? CapSeconds : s;
    }

    /// <summary>The wait in ms; random is a value in [0, 2^31).</summary>
    public static long DelayMs(int failures, int retryAfterSeconds, int random)
    {
        if (retryAfterSeconds > 0) return retryAfterSeconds * 1000L;
        long ceiling = CeilingSeconds(failures) * 1000L;
        long half = ceiling / 2;
        return half + (random % (half + 1));
    }
}
