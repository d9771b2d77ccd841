namespace NanoPhone.Media.Codec;

/// <summary>
/// The two G.711 payload formats by their static RTP payload types (RFC 3551 §6, Table 4): PCMU 0,
/// PCMA 8, both 8000 Hz, one byte per sample, so a payload's length is its sample count.
/// </summary>
public static class G711
{
    public const int Pcmu = 0;
    public const int Pcma = 8;
    public const int SampleRate = 8000;
    /// <summary>Samples per millisecond (the RTP clock of both formats).</summary>
    public const int SamplesPerMs = 8;

    public static bool IsG711(int payloadType)
    {
        return payloadType == Pcmu || payloadType == Pcma;
    }

    /// <summary>"PCMU", "PCMA", or null.</summary>
    public static string Name(int payloadType)
    {
        return payloadType == Pcmu ? "PCMU" : payloadType == Pcma ? "PCMA" : null;
    }

    /// <summary>Encodes count samples with the law of payloadType (PCMA, else PCMU).</summary>
    public static void Encode(int payloadType, short[] src, int srcOff, byte[] dst, int dstOff, int count)
    {
        if (payloadType == Pcma) ALaw.Encode(src, srcOff, dst, dstOff, count);
        else MuLaw.Encode(src, srcOff, dst, dstOff, count);
    }

    /// <summary>
    /// dst[dstOff + n] = table[src[srcOff + n]] for n &lt; count: the decoders' loop, eight samples a
    /// turn (an interpreter pays for every loop test and index increment).
    /// </summary>
    public static void Lookup(short[] table, byte[] src, int srcOff, short[] dst, int dstOff, int count)
    {
        int i = srcOff;
        int j = dstOff;
        int end8 = srcOff + (count & ~7);
        while (i < end8)
        {
            dst[j] = table[src[i]];
            dst[j + 1] = table[src[i + 1]];
            dst[j + 2] = table[src[i + 2]];
            dst[j + 3] = table[src[i + 3]];
            dst[j + 4] = table[src[i + 4]];
            dst[j + 5] = table[src[i + 5]];
            dst[j + 6] = table[src[i + 6]];
            dst[j + 7] = table[src[i + 7]];
            i += 8;
            j += 8;
        }
        int end = srcOff + count;
        while (i < end) dst[j++] = table[src[i++]];
    }

    /// <summary>Decodes count codes with the law of payloadType (PCMA, else PCMU).</summary>
    public static void Decode(int payloadType, byte[] src, int srcOff, short[] dst, int dstOff, int count)
    {
        if (payloadType == Pcma) ALaw.Decode(src, srcOff, dst, dstOff, count);
        else MuLaw.Decode(src, srcOff, dst, dstOff, count);
    }
}
