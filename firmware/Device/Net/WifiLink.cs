using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;
using NanoPhone.App.Config;

namespace NanoPhone.Device.Net;

/// <summary>
/// Joins the Wi-Fi network named by net.wifi.ssid with net.wifi.password, address by DHCP
/// (WifiNetworkHelper.ConnectDhcp of nanoFramework.System.Device.Wifi), waiting at most
/// <see cref="ConnectTimeoutMs"/>. The adapter keeps the credentials and reconnects by itself
/// after a drop (WifiReconnectionKind.Automatic), also when this first attempt timed out.
/// </summary>
public static class WifiLink
{
    public const int ConnectTimeoutMs = 60000;

    /// <summary>Null when connected; otherwise one line saying why not (never the password).</summary>
    public static string Connect(PhoneConfig config)
    {
        string ssid = config.Get(ConfigKeys.WifiSsid);
        if (ssid == null)
        {
            return "Wi-Fi: net.wifi.ssid is not set (set it, save, reboot)";
        }

        string password = config.Get(ConfigKeys.WifiPassword);
        CancellationTokenSource timeout = new CancellationTokenSource(ConnectTimeoutMs);
        bool connected = WifiNetworkHelper.ConnectDhcp(ssid, password == null ? "" : password,
            WifiReconnectionKind.Automatic, false, 0, timeout.Token);
        if (connected) return null;

        string why = "Wi-Fi: no connection to the configured network: " + Reason(WifiNetworkHelper.Status);
        if (WifiNetworkHelper.HelperException != null) why += " (" + WifiNetworkHelper.HelperException.Message + ")";
        return why;
    }

    private static string Reason(NetworkHelperStatus status)
    {
        switch (status)
        {
            case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                return "no IP address within " + (ConnectTimeoutMs / 1000).ToString() + " s (out of range, wrong password, no DHCP?)";
            case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning:
                return "the network was not found or refused the password";
            case NetworkHelperStatus.FailedNoNetworkInterface:
                return "this firmware has no Wi-Fi interface";
            default:
                return "status " + ((int)status).ToString();
        }
    }
}
