using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Context;

/// <summary>
/// The part of the agent that started a client transaction (registration, a call): the agent puts
/// the owner in SipTransaction.UserData and forwards the transaction layer's events to it.
/// </summary>
public interface IClientOwner
{
    void OnResponse(SipTransaction tx, SipMessage response);

    /// <summary>Timer B/F, or the transport failed: no final response will come.</summary>
    void OnNoResponse(SipTransaction tx, string why);

    void OnTerminated(SipTransaction tx);
}
