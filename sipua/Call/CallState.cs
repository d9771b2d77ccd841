namespace NanoPhone.Sip.Call;

/// <summary>Where a call stands, as the phone shows it and logs it.</summary>
public enum CallState : byte
{
    /// <summary>An INVITE arrived and passed the checks; the phone is about to alert.</summary>
    Incoming = 0,
    /// <summary>180 sent: the phone rings.</summary>
    Ringing,
    /// <summary>The user answered: 200 OK sent (or received, for our own calls).</summary>
    Answered,
    /// <summary>No answer in time, or forwarding is on: 302 to the forward target sent.</summary>
    Forwarded,
    /// <summary>CANCEL with Reason cause 200: another device of the user answered.</summary>
    AnsweredElsewhere,
    /// <summary>The caller gave up (CANCEL) before anyone answered.</summary>
    Missed,
    /// <summary>Refused by the phone (busy, do-not-disturb, decline key, no common codec).</summary>
    Rejected,
    /// <summary>The call is over (BYE either way, or no ACK for our 2xx).</summary>
    Ended,
    /// <summary>Our own call: INVITE sent, waiting for the far end.</summary>
    Dialing,
    /// <summary>Our own call: the far end rings (180/183).</summary>
    Ringback,
    /// <summary>Our own call failed (4xx–6xx, timeout, redirect loop).</summary>
    Failed,
}

public static class CallStates
{
    public static string Name(CallState s)
    {
        switch (s)
        {
            case CallState.Incoming: return "incoming";
            case CallState.Ringing: return "ringing";
            case CallState.Answered: return "answered";
            case CallState.Forwarded: return "forwarded";
            case CallState.AnsweredElsewhere: return "answered elsewhere";
            case CallState.Missed: return "missed";
            case CallState.Rejected: return "rejected";
            case CallState.Ended: return "ended";
            case CallState.Dialing: return "dialing";
            case CallState.Ringback: return "ringback";
            default: return "failed";
        }
    }

    /// <summary>True once the call needs nothing more from the user.</summary>
    public static bool IsFinal(CallState s)
    {
        return s == CallState.Forwarded || s == CallState.AnsweredElsewhere || s == CallState.Missed
            || s == CallState.Rejected || s == CallState.Ended || s == CallState.Failed;
    }
}
