namespace NanoPhone.Media.Tones;

/// <summary>
/// One period of a sine in 256 steps, amplitude 32767, for the tone oscillators. nanoFramework's
/// mscorlib has no System.Math, so the table is computed on first use from two constants by the
/// recurrence sin((n+1)x) = 2·cos(x)·sin(nx) − sin((n−1)x), x = 2π/256, in Q30 fixed point over the
/// first quarter period, then mirrored. Equal to round(32767·sin(2πn/256)) for every n
/// (tests/Media.Tests/Tones/ToneTests).
/// </summary>
public static class SineTable
{
    public const int Length = 256;
    public const int Amplitude = 32767;

    /// <summary>2·cos(2π/256) in Q30.</summary>
    private const long TwoCosStep = 2146836866L;
    /// <summary>sin(2π/256) in Q30.</summary>
    private const long SinStep = 26350943L;

    private static short[] _values;

    /// <summary>The table (built on first use; do not change it).</summary>
    public static short[] Values
    {
        get
        {
            if (_values == null) _values = Build();
            return _values;
        }
    }

    private static short[] Build()
    {
        short[] t = new short[Length];
        long previous = 0;
        long current = SinStep;
        t[0] = 0;
        for (int n = 1; n <= Length / 4; n++)
        {
            t[n] = (short)((current * Amplitude + (1L << 29)) >> 30);
            long next = ((TwoCosStep * current) >> 30) - previous;
            previous = current;
            current = next;
        }
        for (int n = 1; n < Length / 4; n++) t[Length / 2 - n] = t[n];
        for (int n = 1; n < Length / 2; n++) t[Length / 2 + n] = (short)(-t[n]);
        return t;
    }
}
