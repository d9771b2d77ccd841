namespace NanoPhone.Sip.Call;

/// <summary>
/// Why a call event happened (<see cref="CallEvent.Cause"/>); the SIP status code involved, if any,
/// is <see cref="CallEvent.Status"/>.
/// </summary>
public enum CallCause : byte
{
    /// <summary>Nothing more to say (ringing, answered, hold...).</summary>
    None = 0,

    // ---- A caller turned away or sent on (Forwarded, Rejected) ----
    /// <summary>forward.always is set.</summary>
    Unconditional,
    /// <summary>The phone is busy: every line in use, or another call answered.</summary>
    UserBusy,
    /// <summary>Do-not-disturb is on.</summary>
    DoNotDisturb,
    /// <summary>Nobody answered within forward.noanswer.seconds.</summary>
    NoAnswer,
    /// <summary>The user declined (the hang-up key while ringing).</summary>
    Declined,
    /// <summary>No codec of the offer (or of the answer to our offer) is one the phone has.</summary>
    NoCommonCodec,

    // ---- Before anyone answered, from the caller's side (Missed, AnsweredElsewhere) ----
    /// <summary>CANCEL: the caller hung up.</summary>
    CallerCancelled,
    /// <summary>CANCEL with Reason cause=200: the call was completed elsewhere (RFC 3326).</summary>
    CompletedElsewhere,
    /// <summary>The INVITE's Expires ran out (§13.3.1).</summary>
    InvitationExpired,

    // ---- The end of a call (Ended) ----
    /// <summary>This phone hung up (BYE sent).</summary>
    LocalHangUp,
    /// <summary>The peer hung up (BYE received).</summary>
    RemoteHangUp,
    /// <summary>No ACK for our 2xx within 64·T1: BYE sent (§13.3.1.4).</summary>
    NoAck,
    /// <summary>Our call given up before an answer: the INVITE got its 487 after our CANCEL.</summary>
    Cancelled,
    /// <summary>Our CANCEL got no 487 within 64·T1; the INVITE was abandoned (§9.1).</summary>
    CancelUnanswered,

    // ---- Our own call (Dialing, Ringback, Failed) ----
    /// <summary>Dialing: the first INVITE of the call.</summary>
    FirstTarget,
    /// <summary>Dialing: an INVITE to the next target of a redirect (§8.1.3.4).</summary>
    Redirected,
    /// <summary>The final response's status code (<see cref="CallEvent.Status"/>) says why.</summary>
    Status,
    /// <summary>No response: Timer B fired.</summary>
    NoResponse,
    /// <summary>The transport could not send (§17.1.4).</summary>
    NetworkUnreachable,
    /// <summary>Our credentials were refused.</summary>
    AuthenticationFailed,
    /// <summary>A 401/407 whose challenge does not parse.</summary>
    BadChallenge,
    /// <summary>More redirects than the phone follows.</summary>
    TooManyRedirects,
    /// <summary>A 3xx without a Contact the phone may call.</summary>
    NoUsableContact,
    /// <summary>A 2xx that does not make a dialog (no To tag, no Contact...).</summary>
    BadAnswer,
    /// <summary>The INVITE could not be sent (no transaction free).</summary>
    SendFailed,

    // ---- Call waiting, transfer, session timer ----
    /// <summary>Ringing: the call rings while another is answered (call waiting): no ringer, a tone in the earpiece.</summary>
    CallWaiting,
    /// <summary>Ended: the transfer succeeded (NOTIFY with a 2xx sipfrag), and this phone hung up (BYE).</summary>
    Transferred,
    /// <summary>Ended: an INVITE with Replaces took the call over (RFC 3891), and this phone hung up (BYE).</summary>
    Replaced,
    /// <summary>Answered: the call came with Replaces and took over another call of this phone (answered at once).</summary>
    Replaces,
    /// <summary>Dialing: the call is placed for the peer's REFER (RFC 3515), with Referred-By.</summary>
    Referred,
    /// <summary>Ended: the peer's session refresh never came (RFC 4028 §10): BYE sent.</summary>
    SessionExpired,
    /// <summary>Ended: our session refresh got 408 or 481 (RFC 4028 §10): BYE sent.</summary>
    RefreshFailed,
}
