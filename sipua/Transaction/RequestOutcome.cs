namespace NanoPhone.Sip.Transaction;

/// <summary>What TransactionLayer.OnRequest did with a request.</summary>
public enum RequestOutcome : byte
{
    /// <summary>A new server transaction was created and the request passed to the TU.</summary>
    Created = 0,
    /// <summary>A retransmission or an ACK for a non-2xx response, handled inside its transaction.</summary>
    Absorbed,
    /// <summary>An ACK passed to the TU (ACK for a 2xx: ITransactionUser.OnAck).</summary>
    PassedToTu,
    /// <summary>
    /// The server transaction pool (or the timer queue) is full: no transaction was created.
    /// The UA should answer 503 statelessly (with Retry-After) unless the request is an ACK.
    /// </summary>
    Refused,
    /// <summary>Not a parsed request with a Via and a CSeq; nothing was done.</summary>
    Invalid,
}
