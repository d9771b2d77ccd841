using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Subscription;

/// <summary>The substate-value of a Subscription-State header (RFC 6665 §8.3).</summary>
public enum SubState : byte
{
    /// <summary>No Subscription-State header, or one that does not parse.</summary>
    Missing = 0,
    Active,
    Pending,
    Terminated,
    /// <summary>An extension value: RFC 6665 §8.3 says to treat it as "active".</summary>
    Other,
}

/// <summary>What the notifier's termination reason asks of the subscriber (RFC 6665 §4.1.3).</summary>
public enum TerminationReason : byte
{
    /// <summary>No reason given: the subscriber may re-subscribe at once.</summary>
    None = 0,
    /// <summary>deactivated, timeout: re-subscribe at once.</summary>
    ResubscribeNow,
    /// <summary>probation, giveup: re-subscribe later (after retry-after when given).</summary>
    ResubscribeLater,
    /// <summary>rejected, noresource, invariant: do not re-subscribe.</summary>
    DoNotResubscribe,
}

/// <summary>
/// Reads the Subscription-State header of a NOTIFY (RFC 6665 §8.3):
/// <c>active;expires=3600</c>, <c>pending</c>, <c>terminated;reason=timeout;retry-after=30</c>.
/// Fields are plain values, read again for every NOTIFY.
/// </summary>
public static class SubscriptionStateHeader
{
    public static SubState Read(SipMessage m, out int expires, out TerminationReason reason, out int retryAfter)
    {
        expires = -1;
        retryAfter = -1;
        reason = TerminationReason.None;
        int i = m.IndexOfName("Subscription-State");
        if (i < 0) return SubState.Missing;
        byte[] b = m.Buffer;
        int p = Lws.SkipForward(b, m.ValueOffsetAt(i), m.ValueOffsetAt(i) + m.ValueLengthAt(i));
        int end = Lws.TrimEnd(b, p, m.ValueOffsetAt(i) + m.ValueLengthAt(i));
        int s = p;
        while (p < end && Ascii.IsToken(b[p])) p++;
        if (p == s) return SubState.Missing;
        SubState state = Ascii.EqualsIgnoreCase(b, s, p - s, "active") ? SubState.Active
            : Ascii.EqualsIgnoreCase(b, s, p - s, "pending") ? SubState.Pending
            : Ascii.EqualsIgnoreCase(b, s, p - s, "terminated") ? SubState.Terminated
            : SubState.Other;
        p = Lws.SkipForward(b, p, end);
        if (p < end && b[p] != (byte)';') return SubState.Missing;
        if (p < end)
        {
            int vo, vl;
            expires = Seconds(b, p + 1, end - p - 1, "expires");
            retryAfter = Seconds(b, p + 1, end - p - 1, "retry-after");
            if (Params.Find(b, p + 1, end - p - 1, "reason", out vo, out vl) && vl > 0) reason = ReasonOf(b, vo, vl);
        }
        return state;
    }

    private static int Seconds(byte[] b, int off, int len, string name)
    {
        int vo, vl;
        long v;
        if (!Params.Find(b, off, len, name, out vo, out vl) || vl <= 0) return -1;
        if (!Ascii.TryParseUInt(b, vo, vl, 4294967295, out v)) return -1;
        return v > int.MaxValue / 1000 ? int.MaxValue / 1000 : (int)v;
    }

    private static TerminationReason ReasonOf(byte[] b, int o, int l)
    {
        if (Ascii.EqualsIgnoreCase(b, o, l, "deactivated") || Ascii.EqualsIgnoreCase(b, o, l, "timeout")) return TerminationReason.ResubscribeNow;
        if (Ascii.EqualsIgnoreCase(b, o, l, "probation") || Ascii.EqualsIgnoreCase(b, o, l, "giveup")) return TerminationReason.ResubscribeLater;
        if (Ascii.EqualsIgnoreCase(b, o, l, "rejected") || Ascii.EqualsIgnoreCase(b, o, l, "noresource")
            || Ascii.EqualsIgnoreCase(b, o, l, "invariant")) return TerminationReason.DoNotResubscribe;
        // §4.1.3: an unknown reason is treated as if none was given.
        return TerminationReason.None;
    }
}
