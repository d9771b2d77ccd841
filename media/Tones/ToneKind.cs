namespace NanoPhone.Media.Tones;

/// <summary>The call-progress tones the phone plays itself (ITU-T E.180 and its Supplement 2).</summary>
public enum ToneKind : byte
{
    None = 0,
    /// <summary>Off hook, no call yet.</summary>
    Dial,
    /// <summary>The callee rings (180 without early media).</summary>
    Ringback,
    /// <summary>The callee is busy (486, 600).</summary>
    Busy,
    /// <summary>The network cannot complete the call (503, other failures).</summary>
    Congestion,
    /// <summary>A second call arrives during a call: mixed into the call's audio.</summary>
    CallWaiting,
}
