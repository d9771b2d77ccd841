namespace NanoPhone.Sip.Transaction;

/// <summary>
/// RFC 3261 §17 and Table 4 timer values for an unreliable transport (UDP), in milliseconds,
/// derived from T1 (RTT estimate), T2 (largest retransmit interval) and T4 (time the network
/// holds a message); Timers L and M from RFC 6026. Change T1/T2/T4 to tune all timers at once.
/// </summary>
public sealed class TimerSettings
{
    public int T1 = 500;
    public int T2 = 4000;
    public int T4 = 5000;
    /// <summary>Smallest Timer D: "at least 32 seconds for unreliable transports" (§17.1.1.2).</summary>
    public int TimerDMinimum = 32000;

    /// <summary>INVITE request retransmit, first interval; doubles each time (§17.1.1.2).</summary>
    public int TimerA { get { return T1; } }

    /// <summary>INVITE transaction timeout: 64*T1.</summary>
    public int TimerB { get { return 64 * T1; } }

    /// <summary>Wait time for response retransmits in the INVITE client's Completed state.</summary>
    public int TimerD { get { return 64 * T1 > TimerDMinimum ? 64 * T1 : TimerDMinimum; } }

    /// <summary>Non-INVITE request retransmit, first interval; doubles up to T2 (§17.1.2.2).</summary>
    public int TimerE { get { return T1; } }

    /// <summary>Non-INVITE transaction timeout: 64*T1.</summary>
    public int TimerF { get { return 64 * T1; } }

    /// <summary>INVITE final response retransmit, first interval; doubles up to T2 (§17.2.1).</summary>
    public int TimerG { get { return T1; } }

    /// <summary>Wait time for ACK receipt: 64*T1.</summary>
    public int TimerH { get { return 64 * T1; } }

    /// <summary>Wait time for ACK retransmits in the INVITE server's Confirmed state: T4.</summary>
    public int TimerI { get { return T4; } }

    /// <summary>Wait time for non-INVITE request retransmits: 64*T1.</summary>
    public int TimerJ { get { return 64 * T1; } }

    /// <summary>Wait time for non-INVITE response retransmits: T4.</summary>
    public int TimerK { get { return T4; } }

    /// <summary>Wait time for retransmits of an accepted INVITE (RFC 6026 §7.1): 64*T1.</summary>
    public int TimerL { get { return 64 * T1; } }

    /// <summary>Wait time for 2xx retransmits and forked 2xx (RFC 6026 §7.2): 64*T1.</summary>
    public int TimerM { get { return 64 * T1; } }

    /// <summary>The next retransmit interval: doubled, capped at T2 (Timers E and G).</summary>
    public int Backoff(int interval)
    {
        int next = interval * 2;
        return next > T2 ? T2 : next;
    }
}
