using System.Net.NetworkInformation;

namespace NanoPhone.Device.Net;

/// <summary>
/// The seed of the phone's tags, Call-IDs and branches: it must differ per device and per boot. The
/// network interface's MAC address (per device) mixed with the milliseconds since boot when it is
/// taken (after Wi-Fi, whose duration varies) and System.Random.
/// </summary>
public static class DeviceSeed
{
    public static uint Take()
    {
        uint seed = (uint)System.Environment.TickCount64 ^ (uint)new System.Random().Next();
        NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
        for (int i = 0; i < interfaces.Length; i++)
        {
            byte[] mac = interfaces[i].PhysicalAddress;
            for (int k = 0; mac != null && k < mac.Length; k++)
            {
                seed = (seed << 5 | seed >> 27) ^ mac[k];
            }
        }
        return seed == 0 ? 1u : seed;
    }
}
