// A WAV file's tone, measured (shared by the media interop tests and the demo).
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NanoPhone.Tests.Peers;

/// <summary>
/// What a listener gets, measured: a WAV file read as 16-bit samples; per 100 ms block its dominant
/// frequency (a Goertzel scan, 300–3400 Hz, refined to 1 Hz), its level, and how well it matches a
/// pure sine (least-squares fit of a sine at the block's frequency: SNR = sine power over the rest).
/// </summary>
public sealed class ToneAnalysis
{
    public const int BlockMs = 100;

    public ToneAnalysis(short[] samples, int rate)
    {
        Samples = samples;
        Rate = rate;
    }

    public short[] Samples { get; }

    public int Rate { get; }

    public double Seconds => Samples.Length / (double)Rate;

    public static ToneAnalysis ReadWav(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        int channels = 1, rate = 8000, bits = 16;
        int p = 12;
        while (p + 8 <= b.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(b, p, 4);
            int size = BitConverter.ToInt32(b, p + 4);
            int body = p + 8;
            if (size < 0 || body + size > b.Length) size = b.Length - body;
            if (id == "fmt ")
            {
                channels = BitConverter.ToUInt16(b, body + 2);
                rate = BitConverter.ToInt32(b, body + 4);
                bits = BitConverter.ToUInt16(b, body + 14);
            }
            else if (id == "data")
            {
                if (bits != 16) throw new InvalidDataException(path + ": " + bits + "-bit samples");
                int frames = size / (2 * channels);
                var s = new short[frames];
                for (int i = 0; i < frames; i++) s[i] = BitConverter.ToInt16(b, body + i * 2 * channels);
                return new ToneAnalysis(s, rate);
            }
            p = body + size + (size & 1);
        }
        throw new InvalidDataException(path + " has no data chunk");
    }

    /// <summary>The blocks (100 ms each) in order.</summary>
    public List<Block> Blocks()
    {
        int n = Rate * BlockMs / 1000;
        var list = new List<Block>();
        for (int start = 0; start + n <= Samples.Length; start += n) list.Add(Measure(start, n));
        return list;
    }

    /// <summary>Blocks whose dominant frequency is within ±tolerance of hz and that are not silent.</summary>
    public int BlocksWithTone(double hz, double tolerance = 0.02) =>
        Blocks().Count(b => b.Rms > 300 && Math.Abs(b.Frequency - hz) <= hz * tolerance);

    public Block Measure(int start, int n)
    {
        double sumSq = 0;
        for (int i = 0; i < n; i++) sumSq += (double)Samples[start + i] * Samples[start + i];
        double rms = Math.Sqrt(sumSq / n);
        double best = 0, bestHz = 0;
        for (int hz = 300; hz <= 3400; hz += 10)
        {
            double pw = Goertzel(start, n, hz);
            if (pw > best) { best = pw; bestHz = hz; }
        }
        for (double hz = bestHz - 10; hz <= bestHz + 10; hz += 1)
        {
            double pw = Goertzel(start, n, hz);
            if (pw > best) { best = pw; bestHz = hz; }
        }
        return new Block(start / (double)Rate, bestHz, rms, Snr(start, n, bestHz));
    }

    /// <summary>Power of the block at hz (Goertzel).</summary>
    public double Goertzel(int start, int n, double hz)
    {
        double w = 2 * Math.PI * hz / Rate, c = 2 * Math.Cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++)
        {
            double s0 = Samples[start + i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    /// <summary>dB of a sine at hz (least squares: a·sin + b·cos + mean) against what is left over.</summary>
    public double Snr(int start, int n, double hz)
    {
        double w = 2 * Math.PI * hz / Rate;
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0, mean = 0;
        for (int i = 0; i < n; i++) mean += Samples[start + i];
        mean /= n;
        for (int i = 0; i < n; i++)
        {
            double s = Math.Sin(w * i), c = Math.Cos(w * i), y = Samples[start + i] - mean;
            ss += s * s; cc += c * c; sc += s * c; ys += y * s; yc += y * c;
        }
        double det = ss * cc - sc * sc;
        if (det == 0) return 0;
        double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
        double signal = 0, noise = 0;
        for (int i = 0; i < n; i++)
        {
            double fit = a * Math.Sin(w * i) + b * Math.Cos(w * i);
            double y = Samples[start + i] - mean;
            signal += fit * fit;
            noise += (y - fit) * (y - fit);
        }
        return noise <= 0 ? 99 : 10 * Math.Log10(signal / noise);
    }

    public sealed record Block(double AtSeconds, double Frequency, double Rms, double SnrDb);
}
