using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The INVITE server transaction (RFC 3261 §17.2.1, Figure 7 as replaced by RFC 6026 §8.6), UDP.
/// Proceeding: provisionals from the TU are sent, the latest is resent for each retransmitted
/// INVITE. This layer does not send 100 Trying by itself: the TU sends it at once when told of
/// the INVITE (TransactionLayer.SendTrying), which §17.2.1 allows when the TU answers within 200 ms.
/// 3xx–6xx → Completed: resent on Timer G (T1, doubling up to T2) and on each retransmitted
/// INVITE until the ACK (→ Confirmed, Timer I = T4) or Timer H = 64*T1 (no ACK: the TU is told).
/// 2xx → Accepted (RFC 6026): retransmitted INVITEs are absorbed, the TU's 2xx retransmissions
/// are sent, ACKs go to the TU; Timer L = 64*T1. Over TCP or TLS (§17.2.1) the final response is
/// not retransmitted (no Timer G) and Timer I is zero.
/// </summary>
internal static class InviteServer
{
    public static void Start(SipTransaction tx)
    {
        tx.State = TransactionState.Proceeding;
    }

    /// <summary>A retransmission of the INVITE.</summary>
    public static void OnRetransmission(TransactionLayer layer, SipTransaction tx)
    {
        if (tx.State == TransactionState.Proceeding || tx.State == TransactionState.Completed)
        {
            // Proceeding: the most recent provisional (if any); Completed: the final response.
            if (tx.Message.Length > 0 && !layer.Transmit(tx, tx.Message)) layer.TransportFailed(tx);
        }
        // Accepted, Confirmed: absorbed.
    }

    public static RequestOutcome OnAck(TransactionLayer layer, SipTransaction tx, SipMessage ack, Endpoint source)
    {
        switch (tx.State)
        {
            case TransactionState.Completed:
                layer.CancelTimers(tx);
                tx.State = TransactionState.Confirmed;
                layer.StartLifeTimer(tx, TimerKind.I, tx.IsReliable ? 0 : layer.Settings.TimerI);
                return RequestOutcome.Absorbed;
            case TransactionState.Accepted:
                // RFC 6026 §7.1: an ACK in Accepted is the TU's business.
                layer.User.OnAck(tx, ack, source);
                return RequestOutcome.PassedToTu;
            default:
                return RequestOutcome.Absorbed;
        }
    }

    /// <summary>
    /// Sends the last provisional again (§13.3.1.1: a UAS that keeps the INVITE pending sends a
    /// non-100 provisional at least every minute). False unless tx is Proceeding with one sent.
    /// </summary>
    public static bool RepeatProvisional(TransactionLayer layer, SipTransaction tx)
    {
        if (tx.State != TransactionState.Proceeding || tx.LastStatusCode <= 100 || tx.LastStatusCode >= 200) return false;
        return Send(layer, tx, tx.Message.Data, 0, tx.Message.Length);
    }

    /// <summary>A response from the TU. False if the state does not take it or the transport failed.</summary>
    public static bool SendResponse(TransactionLayer layer, SipTransaction tx, int code, byte[] buf, int off, int len)
    {
        if (tx.State == TransactionState.Accepted)
        {
            // The TU retransmits its 2xx itself; the transaction only passes it on.
            if (code < 200 || code >= 300) return false;
            return Send(layer, tx, buf, off, len);
        }
        if (tx.State != TransactionState.Proceeding) return false;
        tx.LastStatusCode = code;
        tx.Message.Set(buf, off, len);
        if (code >= 200) layer.NoteFinalResponse(tx);
        if (code >= 300)
        {
            tx.State = TransactionState.Completed;
            tx.RetransmitInterval = layer.Settings.TimerG;
            if (!tx.IsReliable) layer.StartRetransmitTimer(tx, TimerKind.G, tx.RetransmitInterval);
            layer.StartLifeTimer(tx, TimerKind.H, layer.Settings.TimerH);
        }
        else if (code >= 200)
        {
            tx.State = TransactionState.Accepted;
            layer.StartLifeTimer(tx, TimerKind.L, layer.Settings.TimerL);
        }
        return Send(layer, tx, tx.Message.Data, 0, tx.Message.Length);
    }

    public static void OnTimer(TransactionLayer layer, SipTransaction tx, int kind)
    {
        switch (kind)
        {
            case TimerKind.G:
                if (tx.State != TransactionState.Completed) return;
                tx.RetransmitInterval = layer.Settings.Backoff(tx.RetransmitInterval);
                layer.StartRetransmitTimer(tx, TimerKind.G, tx.RetransmitInterval);
                if (!layer.Transmit(tx, tx.Message)) layer.TransportFailed(tx);
                break;
            case TimerKind.H:
                if (tx.State == TransactionState.Completed) layer.TimedOut(tx, TransactionEnd.NoAck);
                break;
            case TimerKind.I:
                if (tx.State == TransactionState.Confirmed) layer.Terminate(tx, TransactionEnd.Normal);
                break;
            case TimerKind.L:
                if (tx.State == TransactionState.Accepted) layer.Terminate(tx, TransactionEnd.Normal);
                break;
        }
    }

    private static bool Send(TransactionLayer layer, SipTransaction tx, byte[] buf, int off, int len)
    {
        if (layer.TransmitBytes(buf, off, len, tx.Peer)) return true;
        layer.TransportFailed(tx);
        return false;
    }
}
