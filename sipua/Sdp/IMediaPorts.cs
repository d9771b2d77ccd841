namespace NanoPhone.Sip.Sdp;

/// <summary>
/// Where each call receives RTP: a call takes a port when it gets its slot (before its first SDP
/// is written) and gives it back when it ends. The host can bind a socket per port; the default,
/// <see cref="ConfiguredMediaPort"/>, gives every call the one configured port.
/// </summary>
public interface IMediaPorts
{
    /// <summary>A port for a new call, or 0 when none is free (the call is refused: 486, or Dial fails).</summary>
    int Allocate();

    /// <summary>The call that had port ended.</summary>
    void Release(int port);
}
