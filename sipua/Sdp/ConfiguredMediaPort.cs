namespace NanoPhone.Sip.Sdp;

/// <summary>
/// Every call receives on the configured media port (<see cref="LocalMedia.RtpPort"/>, read when
/// the call starts): what the phone did before ports were taken per call.
/// </summary>
public sealed class ConfiguredMediaPort : IMediaPorts
{
    private readonly LocalMedia _local;

    public ConfiguredMediaPort(LocalMedia local)
    {
        _local = local;
    }

    public int Allocate() { return _local.RtpPort; }

    public void Release(int port) { }
}
