namespace NanoPhone.Sip.Transaction;

/// <summary>Why a transaction ended, set when it enters Terminated.</summary>
public enum TransactionEnd : byte
{
    /// <summary>Still running.</summary>
    None = 0,
    /// <summary>Its last timer (D, I, J, K, L or M) ran out after a final response.</summary>
    Normal,
    /// <summary>No final response: Timer B (INVITE) or Timer F (non-INVITE) fired.</summary>
    Timeout,
    /// <summary>INVITE server: Timer H fired, no ACK came for the non-2xx final response.</summary>
    NoAck,
    /// <summary>Client: the transport could not send (§17.1.4).</summary>
    TransportError,
    /// <summary>The TU abandoned it (e.g. an INVITE whose CANCEL went unanswered, §9.1).</summary>
    Abandoned,
}
