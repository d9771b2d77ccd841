#nullable disable
using System.IO;
using System.Net.Sockets;

namespace NanoPhone.Device.Provisioning;

/// <summary>TLS for an https:// provisioning URL: the device's and the simulator's SslStream differ, so each host brings its own.</summary>
public interface ITlsClient
{
    /// <summary>The stream after a handshake with <paramref name="host"/>, its certificate checked. Throws when the handshake fails.</summary>
    Stream Open(Socket socket, string host);
}
