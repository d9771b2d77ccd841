using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using NanoPhone.Sip.Text;

namespace NanoPhone.Device.Web;

/// <summary>
/// HTTPS on the ESP32 (nanoFramework's SslStream, mbedTLS, TLS 1.2): the certificate and private key
/// come from one PEM file on I:\ named by <c>web.cert</c> (deploy it with nanoff's file deployment,
/// as flash.ps1 does for the settings). The handshake costs mbedTLS's native heap, not the managed one.
/// </summary>
public sealed class DeviceTls : IWebSecurity
{
    private readonly X509Certificate2 _certificate;

    private DeviceTls(X509Certificate2 certificate)
    {
        _certificate = certificate;
    }

    /// <summary>The certificate of I:\FILE, or null and why not.</summary>
    public static DeviceTls Load(string root, string file, out string error)
    {
        error = null;
        try
        {
            byte[] pem = File.ReadAllBytes(root + file);
            string text = Ascii.ToString(pem, 0, pem.Length);
            int key = text.IndexOf("-----BEGIN PRIVATE KEY-----");
            if (key < 0) key = text.IndexOf("-----BEGIN RSA PRIVATE KEY-----");
            if (key < 0) key = text.IndexOf("-----BEGIN EC PRIVATE KEY-----");
            if (key < 0)
            {
                error = "web.cert: " + file + " holds no private key";
                return null;
            }
            string cert = key == 0 ? text.Substring(text.IndexOf("-----BEGIN CERTIFICATE-----")) : text.Substring(0, key);
            return new DeviceTls(new X509Certificate2(cert, text.Substring(key), null));
        }
        catch (System.Exception e)
        {
            error = "web.cert: cannot read " + file + ": " + e.Message;
            return null;
        }
    }

    public bool Encrypted { get { return true; } }

    /// <summary>The certificate with its key (also the SIP client certificate of tls.cert).</summary>
    public X509Certificate2 Certificate { get { return _certificate; } }

    public Stream Open(Socket socket)
    {
        SslStream ssl = new SslStream(socket);
        ssl.AuthenticateAsServer(_certificate, System.Net.Security.SslProtocols.Tls12);
        return ssl;
    }
}
