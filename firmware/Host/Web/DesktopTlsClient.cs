using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using NanoPhone.Device.Provisioning;

namespace NanoPhone.Host.Web;

/// <summary>https:// provisioning in the simulator: .NET's SslStream, the server's certificate checked against the system's roots.</summary>
public sealed class DesktopTlsClient : ITlsClient
{
    public Stream Open(Socket socket, string host)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            ssl.AuthenticateAsClient(host);
        }
        catch
        {
            ssl.Dispose();
            throw;
        }
        return ssl;
    }
}
