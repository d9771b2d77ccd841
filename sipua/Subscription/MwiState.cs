namespace NanoPhone.Sip.Subscription;

/// <summary>Where the phone's message-summary subscription stands (RFC 6665 §4.1 subscriber).</summary>
public enum MwiState : byte
{
    /// <summary>mwi.subscribe is off, or the phone stopped: no subscription (unsolicited NOTIFYs are still read).</summary>
    Off = 0,
    /// <summary>A SUBSCRIBE (initial, or after a failure) waits for its answer.</summary>
    Subscribing,
    /// <summary>The notifier accepted (2xx, or a NOTIFY came first); refreshed before it expires.</summary>
    Active,
    /// <summary>A failure (no answer, an error, the notifier ended it): a new SUBSCRIBE after the backoff.</summary>
    RetryWait,
    /// <summary>Authentication was refused, or the notifier ended it with rejected/noresource: no retry until restarted.</summary>
    Failed,
    /// <summary>SUBSCRIBE with Expires: 0 on the way (the phone is stopping).</summary>
    Unsubscribing,
}

public static class MwiStates
{
    public static string Name(MwiState s)
    {
        switch (s)
        {
            case MwiState.Subscribing: return "subscribing";
            case MwiState.Active: return "active";
            case MwiState.RetryWait: return "retrying";
            case MwiState.Failed: return "failed";
            case MwiState.Unsubscribing: return "unsubscribing";
            default: return "off";
        }
    }
}
