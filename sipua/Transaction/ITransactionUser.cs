using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The transaction user (UA core, dialog layer): what the transaction layer tells it. All calls
/// come on the loop thread, from inside TransactionLayer.OnRequest/OnResponse or TimerQueue.RunDue.
/// Messages and endpoints are views valid only during the call. The TU may call back into the
/// layer (SendResponse, SendRequest...) from any of these.
/// </summary>
public interface ITransactionUser
{
    /// <summary>A new request created server transaction tx (never an ACK, never a retransmission).</summary>
    void OnRequest(SipTransaction tx, SipMessage request, Endpoint source);

    /// <summary>
    /// An ACK that no transaction absorbs: an ACK for a 2xx. inviteTx is the INVITE server
    /// transaction in Accepted state it matched (RFC 6026 §7.1), or null (a new-branch ACK, §17.1.1.3).
    /// </summary>
    void OnAck(SipTransaction inviteTx, SipMessage ack, Endpoint source);

    /// <summary>
    /// A response for client transaction tx: provisionals, the final response, and for INVITE
    /// every 2xx received in Accepted (retransmissions and other forks, RFC 6026 §7.2).
    /// </summary>
    void OnResponse(SipTransaction tx, SipMessage response);

    /// <summary>
    /// No final response (Timer B or F; tx.End is Timeout), or an INVITE server got no ACK
    /// (Timer H; tx.End is NoAck). OnTerminated follows.
    /// </summary>
    void OnTimeout(SipTransaction tx);

    /// <summary>
    /// The transport failed to send for tx. A client transaction then terminates (§17.1.4); a server
    /// transaction stays in its state (RFC 6026 §8.8).
    /// </summary>
    void OnTransportError(SipTransaction tx);

    /// <summary>tx ended (tx.End says why); right after this call its slot is reused.</summary>
    void OnTerminated(SipTransaction tx);
}
