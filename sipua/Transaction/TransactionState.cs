namespace NanoPhone.Sip.Transaction;

/// <summary>States of the four transaction machines (RFC 3261 §17, RFC 6026 Accepted).</summary>
public enum TransactionState : byte
{
    /// <summary>A free pool slot.</summary>
    Free = 0,
    /// <summary>INVITE client: request sent, retransmitting (Timer A), Timer B running.</summary>
    Calling,
    /// <summary>Non-INVITE client: request sent; non-INVITE server: request received.</summary>
    Trying,
    /// <summary>A provisional response was received (client) or sent (server).</summary>
    Proceeding,
    /// <summary>A final response (non-2xx for INVITE) was received or sent.</summary>
    Completed,
    /// <summary>INVITE server: ACK received for a non-2xx final response.</summary>
    Confirmed,
    /// <summary>INVITE, RFC 6026: a 2xx was received (client) or sent (server).</summary>
    Accepted,
    /// <summary>Ended; the slot returns to the pool as soon as the TU has been told.</summary>
    Terminated,
}

public static class TransactionStates
{
    /// <summary>The state's name for logs (nanoFramework's Enum.ToString gives the number).</summary>
    public static string Name(TransactionState s)
    {
        switch (s)
        {
            case TransactionState.Free: return "Free";
            case TransactionState.Calling: return "Calling";
            case TransactionState.Trying: return "Trying";
            case TransactionState.Proceeding: return "Proceeding";
            case TransactionState.Completed: return "Completed";
            case TransactionState.Confirmed: return "Confirmed";
            case TransactionState.Accepted: return "Accepted";
            case TransactionState.Terminated: return "Terminated";
            default: return "?";
        }
    }
}
