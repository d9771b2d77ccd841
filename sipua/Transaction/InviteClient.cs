using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The INVITE client transaction (RFC 3261 §17.1.1, Figure 5 as replaced by RFC 6026 §8.4), UDP:
/// Calling (Timer A retransmits at T1, 2T1, 4T1...; Timer B = 64*T1 times out) → Proceeding on
/// 1xx (retransmissions stop) → Completed on 3xx–6xx (ACK sent, resent for each retransmitted
/// final response, Timer D) or Accepted on 2xx (no ACK: the TU acknowledges 2xx; every further
/// 2xx goes to the TU; Timer M = 64*T1) → Terminated. Over TCP or TLS (§17.1.1.2) the INVITE is
/// not retransmitted (no Timer A) and Timer D is zero.
/// </summary>
internal static class InviteClient
{
    /// <summary>Sends the INVITE and enters Calling. False if the transport refused it.</summary>
    public static bool Start(TransactionLayer layer, SipTransaction tx)
    {
        if (!layer.Transmit(tx, tx.Message)) return false;
        tx.State = TransactionState.Calling;
        tx.RetransmitInterval = layer.Settings.TimerA;
        if (!tx.IsReliable) layer.StartRetransmitTimer(tx, TimerKind.A, tx.RetransmitInterval);
        layer.StartLifeTimer(tx, TimerKind.B, layer.Settings.TimerB);
        return true;
    }

    public static void OnResponse(TransactionLayer layer, SipTransaction tx, SipMessage r)
    {
        int code = r.StatusCode;
        switch (tx.State)
        {
            case TransactionState.Calling:
            case TransactionState.Proceeding:
                tx.LastStatusCode = code;
                if (code < 200)
                {
                    // 1xx: retransmissions cease; Timer B only bounds the Calling state.
                    if (tx.State == TransactionState.Calling) layer.CancelTimers(tx);
                    tx.State = TransactionState.Proceeding;
                    layer.User.OnResponse(tx, r);
                }
                else if (code < 300)
                {
                    layer.CancelTimers(tx);
                    tx.State = TransactionState.Accepted;
                    layer.StartLifeTimer(tx, TimerKind.M, layer.Settings.TimerM);
                    layer.User.OnResponse(tx, r);
                }
                else
                {
                    // §17.1.1.3: the ACK goes out on receipt of the final response, before the TU
                    // hears of it, so it precedes whatever the TU sends next (a new INVITE after a
                    // 407 or a 302). A transport failure is reported once the TU has the response.
                    layer.CancelTimers(tx);
                    tx.State = TransactionState.Completed;
                    layer.StartLifeTimer(tx, TimerKind.D, tx.IsReliable ? 0 : layer.Settings.TimerD);
                    bool acked = !layer.BuildAck(tx, r) || layer.Transmit(tx, tx.Ack);
                    int id = tx.Id;
                    layer.User.OnResponse(tx, r);
                    if (!acked && tx.Is(id) && tx.State == TransactionState.Completed) layer.TransportFailed(tx);
                }
                break;
            case TransactionState.Accepted:
                // RFC 6026 §7.2: 2xx retransmissions and 2xx from other forks go to the TU.
                if (code >= 200 && code < 300) layer.User.OnResponse(tx, r);
                break;
            case TransactionState.Completed:
                // A retransmitted 3xx–6xx: ACK again, do not bother the TU.
                if (code >= 300) SendAck(layer, tx);
                break;
        }
    }

    public static void OnTimer(TransactionLayer layer, SipTransaction tx, int kind)
    {
        switch (kind)
        {
            case TimerKind.A:
                if (tx.State != TransactionState.Calling) return;
                if (!layer.Transmit(tx, tx.Message))
                {
                    layer.TransportFailed(tx);
                    return;
                }
                tx.RetransmitInterval *= 2;
                layer.StartRetransmitTimer(tx, TimerKind.A, tx.RetransmitInterval);
                break;
            case TimerKind.B:
                if (tx.State == TransactionState.Calling) layer.TimedOut(tx, TransactionEnd.Timeout);
                break;
            case TimerKind.D:
                if (tx.State == TransactionState.Completed) layer.Terminate(tx, TransactionEnd.Normal);
                break;
            case TimerKind.M:
                if (tx.State == TransactionState.Accepted) layer.Terminate(tx, TransactionEnd.Normal);
                break;
        }
    }

    private static void SendAck(TransactionLayer layer, SipTransaction tx)
    {
        if (tx.Ack.Length == 0) return;
        if (!layer.Transmit(tx, tx.Ack)) layer.TransportFailed(tx);
    }
}
