namespace NanoPhone.Media.Codec;

/// <summary>
/// ITU-T G.711 μ-law (PCMU, RFC 3551 §4.5.14): 16-bit linear samples to 8-bit codes and back,
/// bit-exact for every input and every code (tests/data/g711).
/// G.711 quantises 14-bit uniform PCM: a 16-bit sample is reduced by an arithmetic shift of 2, its
/// magnitude biased by 33, placed in one of 8 segments of 16 steps (step 2, 4 … 256), and the code
/// inverted. Here that runs on the 16-bit value with the shift folded in: the biased magnitude
/// w = x + 132 (x ≥ 0) or 135 − x (x &lt; 0) falls on the same step as the 14-bit one, and a step is
/// at least 8 wide in w below 2048 and at least 128 wide above, so the code is one lookup: in a
/// 256-entry table by w &gt;&gt; 3, or a 258-entry table by w &gt;&gt; 7. About 35 interpreted
/// operations a sample, loop included (a segment search takes twice that), with 0.5 KB of encoding
/// tables instead of a 16 KB direct one. Decoding is one lookup in a 256-entry table of G.711's
/// output values scaled to 16 bits, eight samples per loop turn. Tables are built on first use from
/// integer arithmetic.
/// </summary>
public static class MuLaw
{
    private const int LowLimit = 2048;

    private static short[] _decoded;
    private static byte[] _low;     // code (before inversion) by w >> 3, w < 2048
    private static byte[] _high;    // by w >> 7, w ≥ 2048 (up to 135 + 32768)

    /// <summary>The μ-law code of one sample (clipped to 16 bits).</summary>
    public static byte Encode(int sample)
    {
        if (_low == null) Build();
        if (sample > short.MaxValue) sample = short.MaxValue;
        else if (sample < short.MinValue) sample = short.MinValue;
        if (sample >= 0)
        {
            int w = sample + 132;
            return (byte)((w < LowLimit ? _low[w >> 3] : _high[w >> 7]) ^ 0xFF);
        }
        else
        {
            int w = 135 - sample;
            return (byte)((w < LowLimit ? _low[w >> 3] : _high[w >> 7]) ^ 0x7F);
        }
    }

    /// <summary>The 16-bit value of one code.</summary>
    public static short Decode(byte code)
    {
        if (_decoded == null) Build();
        return _decoded[code];
    }

    /// <summary>Encodes count samples of src from srcOff into dst from dstOff.</summary>
    public static void Encode(short[] src, int srcOff, byte[] dst, int dstOff, int count)
    {
        if (_low == null) Build();
        byte[] low = _low;
        byte[] high = _high;
        int delta = dstOff - srcOff;
        int end = srcOff + count;
        for (int i = srcOff; i < end; i++)
        {
            int x = src[i];
            // The two signs written out in full: one branch, constants instead of a variable.
            if (x >= 0)
            {
                int w = x + 132;
                dst[i + delta] = (byte)((w < LowLimit ? low[w >> 3] : high[w >> 7]) ^ 0xFF);
            }
            else
            {
                int w = 135 - x;
                dst[i + delta] = (byte)((w < LowLimit ? low[w >> 3] : high[w >> 7]) ^ 0x7F);
            }
        }
    }

    /// <summary>Decodes count codes of src from srcOff into dst from dstOff.</summary>
    public static void Decode(byte[] src, int srcOff, short[] dst, int dstOff, int count)
    {
        if (_decoded == null) Build();
        G711.Lookup(_decoded, src, srcOff, dst, dstOff, count);
    }

    /// <summary>The decoded value of each code (for <see cref="G711.Lookup"/>); do not change it.</summary>
    public static short[] DecodeTable
    {
        get
        {
            if (_decoded == null) Build();
            return _decoded;
        }
    }

    /// <summary>
    /// G.711's μ-law quantiser on a biased 16-bit magnitude: segment = position of the top bit above
    /// bit 7, step = the 4 bits below it; 0x7F from the clipping level on (14-bit 8159 + 33 = 8192).
    /// </summary>
    private static int Quantise(int w)
    {
        if (w >= 32768) return 0x7F;
        int segment = 0;
        while (segment < 7 && (w >> (segment + 8)) != 0) segment++;
        return (segment << 4) | ((w >> (segment + 3)) & 0x0F);
    }

    private static void Build()
    {
        short[] decoded = new short[256];
        for (int c = 0; c < 256; c++)
        {
            int u = ~c & 0xFF;
            int segment = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0F) << 3) + 132) << segment) - 132;
            decoded[c] = (short)((u & 0x80) != 0 ? -magnitude : magnitude);
        }
        // Every w of a table entry quantises alike: steps are 8 wide or more below 2048 (segments 0–3)
        // and 128 or more above, and segment edges fall on multiples of the step (tests check all inputs).
        byte[] low = new byte[LowLimit >> 3];
        for (int i = 0; i < low.Length; i++) low[i] = (byte)Quantise(i << 3);
        byte[] high = new byte[((32768 + 135) >> 7) + 1];
        for (int i = 0; i < high.Length; i++) high[i] = (byte)Quantise(i << 7);
        _decoded = decoded;
        _high = high;
        _low = low;
    }
}
