using System.IO;
using System.Net.Security;
using System.Net.Sockets;

namespace NanoPhone.Device.Provisioning;

/// <summary>
/// https:// provisioning on the ESP32: nanoFramework's SslStream, TLS 1.2, the server's certificate
/// checked against the root certificate stored on the device (nanoff deploys it; without one the
/// handshake fails and the outcome says so).
/// </summary>
public sealed class DeviceTlsClient : ITlsClient
{
    public Stream Open(Socket socket, string host)
    {
        SslStream ssl = new SslStream(socket);
        ssl.SslVerification = SslVerification.CertificateRequired;
        ssl.UseStoredDeviceCertificate = true;
        ssl.AuthenticateAsClient(host, System.Net.Security.SslProtocols.Tls12);
        return ssl;
    }
}
