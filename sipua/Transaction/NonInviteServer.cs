namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8), UDP: Trying (retransmitted
/// requests are discarded) → Proceeding on a provisional from the TU (retransmitted requests get
/// the latest provisional again) → Completed on a final response (retransmitted requests get it
/// again; further responses from the TU are discarded; Timer J = 64*T1, zero over TCP or TLS,
/// §17.2.2) → Terminated.
/// </summary>
internal static class NonInviteServer
{
    public static void Start(SipTransaction tx)
    {
        tx.State = TransactionState.Trying;
    }

    public static void OnRetransmission(TransactionLayer layer, SipTransaction tx)
    {
        if (tx.State != TransactionState.Proceeding && tx.State != TransactionState.Completed) return;
        if (!layer.Transmit(tx, tx.Message)) layer.TransportFailed(tx);
    }

    public static bool SendResponse(TransactionLayer layer, SipTransaction tx, int code, byte[] buf, int off, int len)
    {
        if (tx.State != TransactionState.Trying && tx.State != TransactionState.Proceeding) return false;
        tx.LastStatusCode = code;
        tx.Message.Set(buf, off, len);
        if (code < 200)
        {
            tx.State = TransactionState.Proceeding;
        }
        else
        {
            tx.State = TransactionState.Completed;
            layer.StartLifeTimer(tx, TimerKind.J, tx.IsReliable ? 0 : layer.Settings.TimerJ);
        }
        if (layer.Transmit(tx, tx.Message)) return true;
        layer.TransportFailed(tx);
        return false;
    }

    public static void OnTimer(TransactionLayer layer, SipTransaction tx, int kind)
    {
        if (kind == TimerKind.J && tx.State == TransactionState.Completed) layer.Terminate(tx, TransactionEnd.Normal);
    }
}
