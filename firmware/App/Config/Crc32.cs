namespace NanoPhone.App.Config;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit: the files are small.</summary>
public static class Crc32
{
    public static uint Compute(byte[] data, int offset, int length)
    {
        uint crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
