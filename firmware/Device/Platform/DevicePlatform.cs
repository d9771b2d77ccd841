using nanoFramework.Runtime.Native;
using NanoPhone.App.Phone;
using NanoPhone.Device.Net;

namespace NanoPhone.Device.Platform;

/// <summary>
/// What the phone app asks of the device (nanoFramework.Runtime.Native): <c>reboot</c> restarts the
/// chip, <c>status</c> shows the free managed heap after a collection, <c>log sip</c> switches the
/// transport's message log.
/// </summary>
public sealed class DevicePlatform : IPhonePlatform
{
    private readonly SipLogTransport _log;

    public DevicePlatform(SipLogTransport log)
    {
        _log = log;
    }

    public void Reboot()
    {
        Power.RebootDevice();
    }

    public void SetSipLog(bool on)
    {
        _log.Enabled = on;
    }

    public long FreeMemoryBytes
    {
        get { return nanoFramework.Runtime.Native.GC.Run(false); }
    }
}
