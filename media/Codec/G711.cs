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

    /// <summary>Decodes count codes with the law of payloadType (PCMA, else PCMU).</summary>
    public static void Decode(int payloadType, byte[] src, int srcOff, short[] dst, int dstOff, int count)
    {
        if (payloadType == Pcma) ALaw.Decode(src, srcOff, dst, dstOff, count);
        else MuLaw.Decode(src, srcOff, dst, dstOff, count);
    }
}
