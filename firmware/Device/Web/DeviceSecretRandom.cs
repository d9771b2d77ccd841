using NanoPhone.App.Web;

namespace NanoPhone.Device.Web;

/// <summary>
/// Session cookies and CSRF tokens on the ESP32: nanoFramework's System.Random, whose native side on
/// ESP32 targets is esp_random(), the chip's hardware random number generator (nf-interpreter
/// targets/ESP32/_nanoCLR/targetRandom.cpp) — not the seeded generator of the SIP tags.
/// </summary>
public sealed class DeviceSecretRandom : ISecretRandom
{
    private readonly System.Random _random = new System.Random();

    public void Fill(byte[] buffer, int offset, int count)
    {
        byte[] bytes = new byte[count];
        _random.NextBytes(bytes);
        System.Array.Copy(bytes, 0, buffer, offset, count);
    }
}
