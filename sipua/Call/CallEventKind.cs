namespace NanoPhone.Sip.Call;

/// <summary>What happened to a call, as the app hears it (<see cref="CallEvent"/>). Decisions use this, never the event's text.</summary>
public enum CallEventKind : byte
{
    /// <summary>An INVITE passed the checks and has a slot; the phone is about to alert.</summary>
    Incoming = 0,
    /// <summary>180 sent: the phone rings.</summary>
    Ringing,
    /// <summary>Answered: our 200 OK sent (the phone called), or the far end's received and ACKed (our call).</summary>
    Answered,
    /// <summary>Sent on with 302 (forward always, busy, do-not-disturb, no answer, decline with a busy target).</summary>
    Forwarded,
    /// <summary>CANCEL with Reason cause 200 (RFC 3326): another device of the user answered.</summary>
    AnsweredElsewhere,
    /// <summary>The caller gave up (CANCEL) or the invitation expired before anyone answered.</summary>
    Missed,
    /// <summary>Refused by the phone: busy, do-not-disturb, the decline key, no common codec.</summary>
    Rejected,
    /// <summary>The call is over: BYE either way, no ACK for our 2xx, or our call given up before an answer.</summary>
    Ended,
    /// <summary>Our INVITE went out: the first, or the one to a redirect's target.</summary>
    Dialing,
    /// <summary>The far end rings: the first provisional (180, 183) for our INVITE.</summary>
    Ringback,
    /// <summary>Our call did not get through (a 4xx–6xx, no response, authentication, redirects).</summary>
    Failed,
    /// <summary>The user hung up our call before any provisional: the CANCEL waits for one (§9.1).</summary>
    Cancelling,
    /// <summary>This phone put the call on hold (re-INVITE with a=sendonly sent).</summary>
    Hold,
    /// <summary>This phone took the call off hold (re-INVITE with a=sendrecv sent).</summary>
    Resume,
    /// <summary>The peer put the call on hold (its re-INVITE's offer is sendonly, inactive or c=0.0.0.0).</summary>
    HeldByPeer,
    /// <summary>The peer's re-INVITE takes the call off hold (or changes it without holding).</summary>
    ResumedByPeer,
    /// <summary>This phone asked the peer to call someone else (REFER sent); Detail: the target.</summary>
    Transferring,
    /// <summary>A NOTIFY told how the transferee's call goes (Status: the sipfrag's code, 1xx).</summary>
    TransferProgress,
    /// <summary>The transfer did not happen (REFER refused, or the transferee's call failed: Status); the call stays.</summary>
    TransferFailed,
    /// <summary>The peer asked this phone to call someone else (REFER accepted with 202); Detail: the target.</summary>
    Referred,
}

public static class CallEventKinds
{
    /// <summary>The event's name in logs and test traces.</summary>
    public static string Name(CallEventKind k)
    {
        switch (k)
        {
            case CallEventKind.Incoming: return "incoming";
            case CallEventKind.Ringing: return "ringing";
            case CallEventKind.Answered: return "answered";
            case CallEventKind.Forwarded: return "forwarded";
            case CallEventKind.AnsweredElsewhere: return "answered elsewhere";
            case CallEventKind.Missed: return "missed";
            case CallEventKind.Rejected: return "rejected";
            case CallEventKind.Ended: return "ended";
            case CallEventKind.Dialing: return "dialing";
            case CallEventKind.Ringback: return "ringback";
            case CallEventKind.Failed: return "failed";
            case CallEventKind.Cancelling: return "cancelling";
            case CallEventKind.Hold: return "hold";
            case CallEventKind.Resume: return "resume";
            case CallEventKind.HeldByPeer: return "held";
            case CallEventKind.ResumedByPeer: return "resumed";
            case CallEventKind.Transferring: return "transferring";
            case CallEventKind.TransferProgress: return "transfer progress";
            case CallEventKind.TransferFailed: return "transfer failed";
            case CallEventKind.Referred: return "referred";
            default: return "?";
        }
    }

    /// <summary>True if the call is over with this event (its slot is free once the event returns).</summary>
    public static bool IsFinal(CallEventKind k)
    {
        return k == CallEventKind.Forwarded || k == CallEventKind.AnsweredElsewhere || k == CallEventKind.Missed
            || k == CallEventKind.Rejected || k == CallEventKind.Ended || k == CallEventKind.Failed;
    }
}
