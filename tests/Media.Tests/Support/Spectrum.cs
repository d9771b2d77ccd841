using System;

namespace NanoPhone.Media.Tests.Support;

/// <summary>Sines in, levels out: what the tests feed to and find in 8 kHz audio.</summary>
public static class Spectrum
{
    /// <summary>Amplitude of frequency f in x[from .. from+n) (Goertzel over a Hann window): a sine of amplitude A gives A.</summary>
    public static double Amplitude(short[] x, int from, int n, double f)
    {
        double w = 2 * Math.PI * f / 8000, c = 2 * Math.Cos(w), s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++)
        {
            double hann = 1 - Math.Cos(2 * Math.PI * (i - from) / n);
            double s = x[i] * hann + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.Sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) * 2 / n;
    }

    /// <summary>The strongest frequency in x (Goertzel from 100 to 3500 Hz in 10 Hz steps).</summary>
    public static int Peak(short[] x, int from, int n)
    {
        int best = 0;
        double level = -1;
        for (int f = 100; f <= 3500; f += 10)
        {
            double a = Amplitude(x, from, n, f);
            if (a > level) { level = a; best = f; }
        }
        return best;
    }
}

/// <summary>A sine of a given frequency and amplitude, frame after frame with its phase carried on.</summary>
public sealed class Sine
{
    private readonly double _hz;
    private readonly double _amplitude;
    private long _n;

    public Sine(double hz, double amplitude) { _hz = hz; _amplitude = amplitude; }

    public void Fill(short[] frame)
    {
        for (int i = 0; i < frame.Length; i++, _n++) frame[i] = (short)Math.Round(_amplitude * Math.Sin(2 * Math.PI * _hz * _n / 8000));
    }
}
