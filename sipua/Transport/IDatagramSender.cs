namespace NanoPhone.Sip.Transport;

/// <summary>
/// The pure core's only way out: sends one datagram. Implementations must not keep buf after
/// returning (the caller reuses it). Returns false when the transport reports a failure
/// (RFC 3261 §17.1.4, §17.2.4: the transaction layer informs the TU).
/// </summary>
public interface IDatagramSender
{
    bool Send(byte[] buf, int off, int len, Endpoint to);
}
