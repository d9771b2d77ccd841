namespace NanoPhone.Sip.Transport;

/// <summary>
/// A transport the loop thread polls: waits up to timeoutMs for one datagram and hands it to
/// receiver on the calling thread, so the thread that owns the SIP state also receives.
/// </summary>
public interface IDatagramPoller
{
    bool Poll(int timeoutMs, IDatagramReceiver receiver);
}
