namespace NanoPhone.Sip.Call;

/// <summary>
/// Where a call stands. RFC 3261's two INVITE lifecycles are named apart: the phone called (UAS,
/// §13.3: Incoming*) and the phone calling (UAC, §13.2: Outgoing*); they meet once the dialog is
/// confirmed (§12, §13.2.2.4, §13.3.1.4). Each state has one handler: <see cref="IncomingCall"/>
/// for Incoming*, <see cref="Dialer"/> for Outgoing*, <see cref="InDialog"/> for Confirmed and
/// ReInviteAccepted. What happened on the way (answered, missed, forwarded...) is an event
/// (<see cref="CallEventKind"/>), not a state. Hold is not a state either: it is the media
/// direction of a confirmed call, kept beside it (<see cref="SipCall.IsHolding"/>).
/// </summary>
public enum CallState : byte
{
    /// <summary>A free call slot.</summary>
    Idle = 0,
    /// <summary>The phone is called: the INVITE passed every check and has a slot; 180 Ringing goes next.</summary>
    IncomingOffered,
    /// <summary>180 sent, the phone rings (§13.3.1.1): the no-answer forward, the INVITE's Expires and the minute's provisional are timed.</summary>
    IncomingRinging,
    /// <summary>Answered here: the 2xx goes again (T1 doubling to T2) until its ACK, for at most 64·T1 (§13.3.1.4).</summary>
    IncomingAccepted,
    /// <summary>The phone calls: INVITE sent, nothing but 100 Trying back for it yet, so a CANCEL must wait (§9.1).</summary>
    OutgoingCalling,
    /// <summary>A provisional (180, 183) came for our INVITE: the far end rings; CANCEL may go.</summary>
    OutgoingEarly,
    /// <summary>The user hung up before any provisional: the CANCEL goes with the first one (§9.1).</summary>
    OutgoingCancelWait,
    /// <summary>CANCEL sent: waiting for the INVITE's 487 (or the 2xx that crossed it), for at most 64·T1 (§9.1).</summary>
    OutgoingCancelling,
    /// <summary>The dialog is confirmed, 2xx and ACK: the call is up; a re-INVITE of ours runs beside it in its own transaction.</summary>
    Confirmed,
    /// <summary>The peer's re-INVITE got our 2xx, which goes again until its ACK (§14.2 with §13.3.1.4); another re-INVITE meanwhile gets 491.</summary>
    ReInviteAccepted,
    /// <summary>Over: the app hears why (the event's kind and cause), then the slot is Idle again.</summary>
    Terminated,
}

public static class CallStates
{
    /// <summary>The state's name for logs (nanoFramework's Enum.ToString gives the number).</summary>
    public static string Name(CallState s)
    {
        switch (s)
        {
            case CallState.Idle: return "idle";
            case CallState.IncomingOffered: return "incoming-offered";
            case CallState.IncomingRinging: return "incoming-ringing";
            case CallState.IncomingAccepted: return "incoming-accepted";
            case CallState.OutgoingCalling: return "outgoing-calling";
            case CallState.OutgoingEarly: return "outgoing-early";
            case CallState.OutgoingCancelWait: return "outgoing-cancel-wait";
            case CallState.OutgoingCancelling: return "outgoing-cancelling";
            case CallState.Confirmed: return "confirmed";
            case CallState.ReInviteAccepted: return "reinvite-accepted";
            case CallState.Terminated: return "terminated";
            default: return "?";
        }
    }

    /// <summary>True for the phone's own call before its answer.</summary>
    public static bool IsOutgoing(CallState s)
    {
        return s == CallState.OutgoingCalling || s == CallState.OutgoingEarly
            || s == CallState.OutgoingCancelWait || s == CallState.OutgoingCancelling;
    }

    /// <summary>True while an incoming call waits for the user: it may still be answered or refused.</summary>
    public static bool IsUnanswered(CallState s)
    {
        return s == CallState.IncomingOffered || s == CallState.IncomingRinging;
    }

    /// <summary>True once the call is answered (either way) and until it ends.</summary>
    public static bool IsAnswered(CallState s)
    {
        return s == CallState.IncomingAccepted || s == CallState.Confirmed || s == CallState.ReInviteAccepted;
    }
}
