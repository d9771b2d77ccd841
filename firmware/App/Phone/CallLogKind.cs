namespace NanoPhone.App.Phone;

/// <summary>How a call ended, as the call log lists it: incoming calls, then (Dialled, Failed) our own.</summary>
public enum CallLogKind : byte
{
    /// <summary>Answered here; the entry carries how long the call lasted.</summary>
    Answered = 0,
    /// <summary>The caller gave up before anyone answered (CANCEL, or BYE while ringing).</summary>
    Missed,
    /// <summary>Sent on with a 302: forward always, busy, do-not-disturb with a busy target, no answer, decline with a busy target.</summary>
    Forwarded,
    /// <summary>Another device of the same user answered (CANCEL with Reason cause=200).</summary>
    AnsweredElsewhere,
    /// <summary>Refused here: busy, do-not-disturb, the hang-up key while ringing, no common codec.</summary>
    Rejected,
    /// <summary>Our own call: answered (the entry carries how long it lasted), or given up before an answer (the detail says how, e.g. cancelled).</summary>
    Dialled,
    /// <summary>Our own call did not get through; the detail says why (486 Busy Here, authentication failed, ...).</summary>
    Failed,
}
