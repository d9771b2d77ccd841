using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using NanoPhone.Device.Web;

namespace NanoPhone.Host.Web;

/// <summary>
/// HTTPS in the simulator: .NET's SslStream with the certificate and private key of <c>web.cert</c>
/// (one PEM file holding both), TLS 1.2 or 1.3. The handshake is bounded by the socket's timeouts.
/// </summary>
public sealed class DesktopTls : IWebSecurity
{
    private readonly X509Certificate2 _certificate;

    private DesktopTls(X509Certificate2 certificate) { _certificate = certificate; }

    /// <summary>The certificate of <paramref name="pemFile"/>, or null and why not.</summary>
    public static DesktopTls? Load(string pemFile, out string? error)
    {
        error = null;
        try
        {
            var cert = X509Certificate2.CreateFromPemFile(pemFile);
            if (!cert.HasPrivateKey) { error = "web.cert: " + pemFile + " holds no private key"; return null; }
            // A PEM key is ephemeral; SslStream on Linux takes it as it is.
            return new DesktopTls(cert);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.Cryptography.CryptographicException || e is ArgumentException)
        {
            error = "web.cert: cannot read a PEM certificate and key from " + pemFile + ": " + e.Message;
            return null;
        }
    }

    public bool Encrypted => true;

    public Stream Open(Socket socket)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            });
        }
        catch
        {
            ssl.Dispose();
            throw;
        }
        return ssl;
    }
}
