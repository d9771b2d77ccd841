namespace NanoPhone.Sip.Transport;

/// <summary>
/// Where a transport hands each received datagram. buf and source are the transport's reusable
/// receive buffer and endpoint: valid only during the call (parse in place, copy what you keep).
/// </summary>
public interface IDatagramReceiver
{
    void OnDatagram(byte[] buf, int off, int len, Endpoint source);
}
