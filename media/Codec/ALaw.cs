namespace NanoPhone.Media.Codec;

/// <summary>
/// ITU-T G.711 A-law (PCMA, RFC 3551 §4.5.14): 16-bit linear samples to 8-bit codes and back,
/// bit-exact for every input and every code (tests/data/g711).
/// G.711 quantises 13-bit uniform PCM: a 16-bit sample is reduced by an arithmetic shift of 3, the
/// magnitude of a negative one taken by one's complement (A-law has no −0), placed in one of 8
/// segments of 16 steps (step 2, 2, 4 … 128), and the even bits inverted (0xD5 positive, 0x55
/// negative). Here that runs on the 16-bit magnitude w = x or ~x: a step is at least 16 wide in w
/// below 4096 and at least 256 wide above, so the code is one lookup, in a 256-entry table by
/// w &gt;&gt; 4 or a 128-entry table by w &gt;&gt; 8. About 35 interpreted operations a sample, loop
/// included, with 0.4 KB of encoding tables. Decoding is one lookup in a 256-entry table of G.711's
/// output values scaled to 16 bits, eight samples per loop turn. Tables are built on first use from
/// integer arithmetic.
/// </summary>
public static class ALaw
{
    private const int LowLimit = 4096;

    private static short[] _decoded;
    private static byte[] _low;     // code (before the even-bit inversion) by w >> 4, w < 4096
    private static byte[] _high;    // by w >> 8, w ≥ 4096

    /// <summary>The A-law code of one sample (clipped to 16 bits).</summary>
    public static byte Encode(int sample)
    {
        if (_low == null) Build();
        if (sample > short.MaxValue) sample = short.MaxValue;
        else if (sample < short.MinValue) sample = short.MinValue;
        if (sample >= 0) return (byte)((sample < LowLimit ? _low[sample >> 4] : _high[sample >> 8]) ^ 0xD5);
        int w = ~sample;
        return (byte)((w < LowLimit ? _low[w >> 4] : _high[w >> 8]) ^ 0x55);
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
            if (x >= 0)
            {
                dst[i + delta] = (byte)((x < LowLimit ? low[x >> 4] : high[x >> 8]) ^ 0xD5);
            }
            else
            {
                int w = ~x;
                dst[i + delta] = (byte)((w < LowLimit ? low[w >> 4] : high[w >> 8]) ^ 0x55);
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
    /// G.711's A-law quantiser on a 16-bit magnitude (13-bit v = w &gt;&gt; 3): segment 0 for v &lt; 32
    /// (step v &gt;&gt; 1), else the position of v's top bit above bit 4 (step v &gt;&gt; segment).
    /// </summary>
    private static int Quantise(int w)
    {
        int v = w >> 3;
        int segment = 0;
        while (segment < 7 && (v >> (segment + 5)) != 0) segment++;
        return (segment << 4) | ((v >> (segment < 2 ? 1 : segment)) & 0x0F);
    }

    private static void Build()
    {
        short[] decoded = new short[256];
        for (int c = 0; c < 256; c++)
        {
            int a = c ^ 0x55;
            int segment = (a >> 4) & 0x07;
            int magnitude = (a & 0x0F) << 4;
            if (segment == 0) magnitude += 8;
            else magnitude = (magnitude + 0x108) << (segment - 1);
            decoded[c] = (short)((a & 0x80) != 0 ? magnitude : -magnitude);
        }
        // Every w of a table entry quantises alike: steps are 16 wide (or more) below 4096 (segments
        // 0–4) and 256 (or more) above, on multiples of the step (tests check all inputs).
        byte[] low = new byte[LowLimit >> 4];
        for (int i = 0; i < low.Length; i++) low[i] = (byte)Quantise(i << 4);
        byte[] high = new byte[32768 >> 8];
        for (int i = 0; i < high.Length; i++) high[i] = (byte)Quantise(i << 8);
        _decoded = decoded;
        _high = high;
        _low = low;
    }
}
