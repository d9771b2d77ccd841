using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6), UDP: Trying (Timer E
/// retransmits at T1, doubling up to T2; Timer F = 64*T1 times out) → Proceeding on 1xx
/// (retransmissions go on, every T2) → Completed on a final response (Timer K = T4 absorbs its
/// retransmissions) → Terminated. Over TCP or TLS (§17.1.2.2) the request is not retransmitted
/// (no Timer E) and Timer K is zero.
/// </summary>
internal static class NonInviteClient
{
    public static bool Start(TransactionLayer layer, SipTransaction tx)
    {
        if (!layer.Transmit(tx, tx.Message)) return false;
        tx.State = TransactionState.Trying;
        tx.RetransmitInterval = layer.Settings.TimerE;
        if (!tx.IsReliable) layer.StartRetransmitTimer(tx, TimerKind.E, tx.RetransmitInterval);
        layer.StartLifeTimer(tx, TimerKind.F, layer.Settings.TimerF);
        return true;
    }

    public static void OnResponse(TransactionLayer layer, SipTransaction tx, SipMessage r)
    {
        if (tx.State != TransactionState.Trying && tx.State != TransactionState.Proceeding) return;
        int code = r.StatusCode;
        tx.LastStatusCode = code;
        if (code < 200)
        {
            tx.State = TransactionState.Proceeding;
            layer.User.OnResponse(tx, r);
            return;
        }
        layer.CancelTimers(tx);
        tx.State = TransactionState.Completed;
        layer.StartLifeTimer(tx, TimerKind.K, tx.IsReliable ? 0 : layer.Settings.TimerK);
        layer.User.OnResponse(tx, r);
    }

    public static void OnTimer(TransactionLayer layer, SipTransaction tx, int kind)
    {
        switch (kind)
        {
            case TimerKind.E:
                if (tx.State != TransactionState.Trying && tx.State != TransactionState.Proceeding) return;
                if (!layer.Transmit(tx, tx.Message))
                {
                    layer.TransportFailed(tx);
                    return;
                }
                tx.RetransmitInterval = tx.State == TransactionState.Proceeding
                    ? layer.Settings.T2
                    : layer.Settings.Backoff(tx.RetransmitInterval);
                layer.StartRetransmitTimer(tx, TimerKind.E, tx.RetransmitInterval);
                break;
            case TimerKind.F:
                if (tx.State == TransactionState.Trying || tx.State == TransactionState.Proceeding)
                    layer.TimedOut(tx, TransactionEnd.Timeout);
                break;
            case TimerKind.K:
                if (tx.State == TransactionState.Completed) layer.Terminate(tx, TransactionEnd.Normal);
                break;
        }
    }
}
