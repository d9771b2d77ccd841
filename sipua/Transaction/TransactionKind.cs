namespace NanoPhone.Sip.Transaction;

/// <summary>The four state machines of RFC 3261 §17.</summary>
public enum TransactionKind : byte
{
    InviteClient = 0,
    NonInviteClient,
    InviteServer,
    NonInviteServer,
}
