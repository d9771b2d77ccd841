namespace NanoPhone.Media.Codec;

/// <summary>
/// ITU-T G.711 A-law (PCMA, RFC 3551 §4.5.14): 16-bit linear samples to 8-bit codes and back.
/// Encoding reduces a sample to G.711's 13-bit uniform PCM by an arithmetic shift, takes the
/// magnitude of negative values by one's complement (A-law has no code for −0), finds the segment
/// by one lookup in a 256-entry table indexed by the magnitude's top 8 bits and the 4 step bits by a
/// shift, and inverts the even bits (G.711 Table 1a's character signal). Decoding is one lookup in
/// a 256-entry table of G.711's output values scaled to 16 bits. Both tables are built at type
/// initialisation (768 bytes in all). Bit-exact with every 16-bit input and every code:
/// tests/data/g711.
/// </summary>
public static class ALaw
{
    private const int MaxMagnitude = 4095;

    private static readonly short[] Decoded = BuildDecodeTable();

    /// <summary>
    /// Indexed by (13-bit magnitude &gt;&gt; 4): the segment in the high nibble and the right shift
    /// leaving the 4 step bits (1 for segments 0 and 1, else the segment) in the low nibble.
    /// </summary>
    private static readonly byte[] Segment = BuildSegmentTable();

    /// <summary>The A-law code of one 16-bit sample.</summary>
    public static byte Encode(int sample)
    {
        int v = sample >> 3;
        int mask = 0xD5;
        if (v < 0)
        {
            v = ~v;
            mask = 0x55;
        }
        if (v > MaxMagnitude) v = MaxMagnitude;
        int t = Segment[v >> 4];
        return (byte)(((t & 0xF0) | ((v >> (t & 0x0F)) & 0x0F)) ^ mask);
    }

    /// <summary>The 16-bit value of one code.</summary>
    public static short Decode(byte code)
    {
        return Decoded[code];
    }

    /// <summary>Encodes count samples of src from srcOff into dst from dstOff.</summary>
    public static void Encode(short[] src, int srcOff, byte[] dst, int dstOff, int count)
    {
        byte[] seg = Segment;
        int end = srcOff + count;
        for (int i = srcOff; i < end; i++)
        {
            int v = src[i] >> 3;
            int mask = 0xD5;
            if (v < 0)
            {
                v = ~v;
                mask = 0x55;
            }
            if (v > MaxMagnitude) v = MaxMagnitude;
            int t = seg[v >> 4];
            dst[dstOff++] = (byte)(((t & 0xF0) | ((v >> (t & 0x0F)) & 0x0F)) ^ mask);
        }
    }

    /// <summary>Decodes count codes of src from srcOff into dst from dstOff.</summary>
    public static void Decode(byte[] src, int srcOff, short[] dst, int dstOff, int count)
    {
        short[] table = Decoded;
        int end = srcOff + count;
        for (int i = srcOff; i < end; i++) dst[dstOff++] = table[src[i]];
    }

    private static short[] BuildDecodeTable()
    {
        short[] t = new short[256];
        for (int c = 0; c < 256; c++)
        {
            int a = c ^ 0x55;
            int segment = (a >> 4) & 0x07;
            int magnitude = (a & 0x0F) << 4;
            if (segment == 0) magnitude += 8;
            else magnitude = (magnitude + 0x108) << (segment - 1);
            t[c] = (short)((a & 0x80) != 0 ? magnitude : -magnitude);
        }
        return t;
    }

    private static byte[] BuildSegmentTable()
    {
        byte[] t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int segment = 0;
            while (segment < 7 && (i >> (segment + 1)) != 0) segment++;
            t[i] = (byte)((segment << 4) | (segment < 2 ? 1 : segment));
        }
        return t;
    }
}
