using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// Whether an SDP connection address can be reached as it stands, for the latching decision: private
/// (RFC 1918), shared (RFC 6598 100.64/10), link-local (RFC 3927, RFC 4291 fe80::/10), unique-local
/// (RFC 4193 fc00::/7) and unspecified addresses are reachable only inside their own network.
/// </summary>
public static class AddressScope
{
    /// <summary>True for the address kinds above (the port is not looked at).</summary>
    public static bool IsPrivate(Endpoint e)
    {
        if (e == null) return false;
        if (e.IsIPv4)
        {
            int a = e.AddressAt(0), b = e.AddressAt(1);
            return a == 10 || a == 0 || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168)
                || (a == 100 && (b & 0xC0) == 64) || (a == 169 && b == 254);
        }
        if (e.IsIPv6)
        {
            int a = e.AddressAt(0), b = e.AddressAt(1);
            if ((a & 0xFE) == 0xFC || (a == 0xFE && (b & 0xC0) == 0x80)) return true;
            for (int i = 0; i < 16; i++)
            {
                if (e.AddressAt(i) != 0) return false;
            }
            return true;
        }
        return false;
    }

    /// <summary>
    /// The media session should latch (MediaParameters.Latching) when the SDP names a private address
    /// that is not the address the signalling came from: the peer sits behind a NAT and wrote its
    /// inside address. A private address the signalling also came from is on our own network.
    /// </summary>
    public static bool ShouldLatch(Endpoint sdpAddress, Endpoint signallingSource)
    {
        if (!IsPrivate(sdpAddress)) return false;
        if (signallingSource == null || signallingSource.AddressLength != sdpAddress.AddressLength) return true;
        for (int i = 0; i < sdpAddress.AddressLength; i++)
        {
            if (sdpAddress.AddressAt(i) != signallingSource.AddressAt(i)) return true;
        }
        return false;
    }
}
