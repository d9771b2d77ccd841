namespace NanoPhone.App.Phone;

/// <summary>
/// What the phone app needs from the platform it runs on, and cannot do portably: restart the
/// device, switch the SIP message log of its transport, and tell how much memory is free.
/// The device implements it over nanoFramework's native calls, the desktop host over the process.
/// </summary>
public interface IPhonePlatform
{
    /// <summary>Restarts the phone; may not return.</summary>
    void Reboot();

    /// <summary>Starts or stops printing every datagram sent and received.</summary>
    void SetSipLog(bool on);

    /// <summary>Free managed memory in bytes, or -1 when unknown.</summary>
    long FreeMemoryBytes { get; }
}
