namespace NanoPhone.Sip.Call;

/// <summary>
/// Where this phone's transfer of a confirmed call stands, as transferor (RFC 3515, RFC 5589).
/// Beside the call's state, as hold is: the call stays confirmed until the transfer succeeds.
/// <code>
/// None --REFER sent--> ReferSent --2xx (202)--> ReferAccepted --NOTIFY sipfrag 1xx--> ReferAccepted
///                                 --3xx-6xx, no response--> None (TransferFailed)
/// ReferSent, ReferAccepted --NOTIFY sipfrag 2xx--> BYE: the call Ended (Transferred)
///                          --NOTIFY sipfrag 3xx-6xx, or terminated without a final status--> None (TransferFailed)
/// </code>
/// A NOTIFY may overtake the 202 (RFC 3515 §2.4.4), so it is taken in either state.
/// </summary>
public enum TransferState : byte
{
    None = 0,
    /// <summary>REFER sent, no final response yet.</summary>
    ReferSent,
    /// <summary>The REFER was accepted (202): the NOTIFYs tell how the transferee's call goes.</summary>
    ReferAccepted,
}

public static class TransferStates
{
    public static string Name(TransferState s)
    {
        switch (s)
        {
            case TransferState.None: return "no-transfer";
            case TransferState.ReferSent: return "refer-sent";
            case TransferState.ReferAccepted: return "refer-accepted";
            default: return "?";
        }
    }
}
