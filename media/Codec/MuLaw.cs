namespace NanoPhone.Media.Codec;

/// <summary>
/// ITU-T G.711 μ-law (PCMU, RFC 3551 §4.5.14): 16-bit linear samples to 8-bit codes and back.
/// Encoding reduces a sample to G.711's 14-bit uniform PCM by an arithmetic shift, quantises its
/// magnitude with the bias of 33 (the decision values of G.711 Table 2a) into a segment (the
/// exponent, found by one lookup in a 256-entry table indexed by the biased magnitude's top 8 bits)
/// and a 4-bit step, and inverts the code. Decoding is one lookup in a 256-entry table of G.711's
/// output values scaled to 16 bits. Both tables are built at type initialisation from integer
/// arithmetic (768 bytes in all; a direct 16 KB encode table would cost a quarter of the device's
/// heap). Bit-exact with every 16-bit input and every code: tests/data/g711.
/// </summary>
public static class MuLaw
{
    /// <summary>Largest biased 14-bit magnitude; larger ones encode as the largest code (G.711 clips at 8159).</summary>
    private const int MaxBiased = 8191;
    private const int Bias = 33;

    /// <summary>Decoded value of each code byte.</summary>
    private static readonly short[] Decoded = BuildDecodeTable();

    /// <summary>
    /// Indexed by (biased magnitude &gt;&gt; 5): the segment in the high nibble, the right shift that
    /// leaves the segment's 4 step bits (segment + 1) in the low nibble.
    /// </summary>
    private static readonly byte[] Segment = BuildSegmentTable();

    /// <summary>The μ-law code of one 16-bit sample.</summary>
    public static byte Encode(int sample)
    {
        int v = sample >> 2;
        int mask = 0xFF;
        if (v < 0)
        {
            v = -v;
            mask = 0x7F;
        }
        v += Bias;
        if (v > MaxBiased) v = MaxBiased;
        int t = Segment[v >> 5];
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
            int v = src[i] >> 2;
            int mask = 0xFF;
            if (v < 0)
            {
                v = -v;
                mask = 0x7F;
            }
            v += Bias;
            if (v > MaxBiased) v = MaxBiased;
            int t = seg[v >> 5];
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
            int u = ~c & 0xFF;
            int segment = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0F) << 3) + (Bias << 2)) << segment) - (Bias << 2);
            t[c] = (short)((u & 0x80) != 0 ? -magnitude : magnitude);
        }
        return t;
    }

    private static byte[] BuildSegmentTable()
    {
        byte[] t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            // Segment s holds biased magnitudes 64·2^(s-1) … 64·2^s − 1, i.e. top bits i in 2^s … 2^(s+1) − 1.
            int segment = 0;
            while (segment < 7 && (i >> (segment + 1)) != 0) segment++;
            t[i] = (byte)((segment << 4) | (segment + 1));
        }
        return t;
    }
}
