namespace NanoPhone.Media.Mixing;

/// <summary>
/// Sums of 16-bit linear PCM frames. Two voices added can leave the 16-bit range; a wrapped sample
/// (32767 + 1 = -32768) is a loud click, so every sum is clipped to the range instead (saturating
/// add). No allocation; the frames are the caller's.
/// </summary>
public static class Pcm
{
    /// <summary>dst[i] = x[i] + y[i] for i in [0, count), clipped to -32768 .. 32767. dst may be x or y.</summary>
    public static void Add(short[] x, short[] y, short[] dst, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int s = x[i] + y[i];
            dst[i] = (short)(s > short.MaxValue ? short.MaxValue : s < short.MinValue ? short.MinValue : s);
        }
    }
}
