using System.Net.NetworkInformation;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Provisioning;
using NanoPhone.App.Runtime;
using NanoPhone.App.Web;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Device.Provisioning;

/// <summary>Provisioning on the ESP32: the portable client and the fetcher thread, {mac} from the Wi-Fi interface.</summary>
public static class DeviceProvisioning
{
    public static ProvisioningFetcher Start(PhoneConfig config, ConfigStore store, PhoneApp app, PhoneLoop loop, IClock clock, WebApp web)
    {
        ProvisioningClient client = new ProvisioningClient(config, store, clock);
        client.Mac = Mac();
        client.WallClock = app.WallClock;
        ProvisioningFetcher fetcher = new ProvisioningFetcher(client, loop, app.Events, new DeviceTlsClient());
        fetcher.Web = web;
        config.AddListener(fetcher);
        fetcher.Start();
        return fetcher;
    }

    /// <summary>The first interface's MAC address as 12 lower-case hex digits.</summary>
    private static string Mac()
    {
        NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
        byte[] mac = all.Length > 0 ? all[0].PhysicalAddress : null;
        if (mac == null || mac.Length != 6) return "000000000000";
        char[] c = new char[12];
        for (int i = 0; i < 6; i++)
        {
            c[2 * i] = Hex(mac[i] >> 4);
            c[2 * i + 1] = Hex(mac[i] & 15);
        }
        return new string(c);
    }

    private static char Hex(int v) { return (char)(v < 10 ? '0' + v : 'a' + v - 10); }
}
