#nullable disable
using System.IO;
using System.Net.Sockets;

namespace NanoPhone.Device.Web;

/// <summary>
/// How a web connection's bytes travel: as they are (HTTP), or through TLS (HTTPS) with the
/// certificate from storage. The device and the simulator each bring their own TLS (their SslStream
/// classes differ); <see cref="PlainWeb"/> serves both for HTTP.
/// </summary>
public interface IWebSecurity
{
    /// <summary>True for HTTPS: the pages then leave out the "not encrypted" warning.</summary>
    bool Encrypted { get; }

    /// <summary>The stream over an accepted connection (for HTTPS after the handshake, which the socket's timeouts bound). Throws when the handshake fails.</summary>
    Stream Open(Socket socket);
}

/// <summary>Plain HTTP: the socket's own stream.</summary>
public sealed class PlainWeb : IWebSecurity
{
    public bool Encrypted { get { return false; } }

    public Stream Open(Socket socket)
    {
        return new NetworkStream(socket, true);
    }
}
