using System;
using System.Linq;
using NanoPhone.Media.Tones;
using Xunit;

namespace NanoPhone.Media.Tests.Tones;

/// <summary>
/// Call-progress tones per country (ITU-T E.180 Supplement 2; BT SIN 350 for uk): each tone has its
/// frequencies — found in the generated audio by a Goertzel filter, nothing else there — and its
/// cadence, measured 10 ms at a time; pitch and cadence are exact however long the tone plays. The
/// sine table is computed without System.Math and equals round(32767·sin).
/// </summary>
public class ToneTests
{
    private static short[] Play(Tone tone, int samples)
    {
        var p = new TonePlayer();
        p.Start(tone);
        var all = new short[samples];
        var frame = new short[160];
        for (int off = 0; off < samples; off += 160)
        {
            p.Fill(frame, 0, 160);
            Array.Copy(frame, 0, all, off, Math.Min(160, samples - off));
        }
        return all;
    }

    /// <summary>Amplitude of frequency f in x (Goertzel over a Hann window), scaled so that a sine of amplitude A gives A.</summary>
    private static double Amplitude(short[] x, int from, int n, double f)
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

    public static TheoryData<string, ToneKind> AllTones()
    {
        var d = new TheoryData<string, ToneKind>();
        foreach (string c in new[] { "uk", "us", "de" })
            foreach (ToneKind k in new[] { ToneKind.Dial, ToneKind.Ringback, ToneKind.Busy, ToneKind.Congestion, ToneKind.CallWaiting })
                d.Add(c, k);
        return d;
    }

    [Theory]
    [MemberData(nameof(AllTones))]
    public void Each_tone_sounds_its_frequencies_and_nothing_else(string country, ToneKind kind)
    {
        Tone t = ToneSet.ForCountry(country)!.For(kind)!;
        short[] x = Play(t, 800);                          // the first 100 ms: every cadence starts "on"
        Assert.InRange(Amplitude(x, 0, 800, t.Frequency1), 4800, 5300);
        if (t.Frequency2 != 0) Assert.InRange(Amplitude(x, 0, 800, t.Frequency2), 4800, 5300);
        foreach (double other in new[] { 300.0, 500, 700, 1000, 1400 })
        {
            if (Math.Abs(other - t.Frequency1) > 60 && (t.Frequency2 == 0 || Math.Abs(other - t.Frequency2) > 60))
                Assert.True(Amplitude(x, 0, 800, other) < 150, other + " Hz in the " + country + " " + kind);
        }
    }

    [Theory]
    [InlineData("uk", ToneKind.Ringback, new[] { 400, 200, 400, 2000 })]
    [InlineData("uk", ToneKind.Busy, new[] { 375, 375 })]
    [InlineData("uk", ToneKind.Congestion, new[] { 400, 350, 225, 525 })]
    [InlineData("us", ToneKind.Ringback, new[] { 2000, 4000 })]
    [InlineData("us", ToneKind.Busy, new[] { 500, 500 })]
    [InlineData("us", ToneKind.Congestion, new[] { 250, 250 })]
    [InlineData("de", ToneKind.Ringback, new[] { 1000, 4000 })]
    [InlineData("de", ToneKind.Busy, new[] { 480, 480 })]
    [InlineData("de", ToneKind.CallWaiting, new[] { 200, 200, 200, 5000 })]
    public void Each_cadence_is_on_and_off_for_its_times_and_repeats(string country, ToneKind kind, int[] cadenceMs)
    {
        Tone t = ToneSet.ForCountry(country)!.For(kind)!;
        int period = cadenceMs.Sum();
        short[] x = Play(t, 2 * period * 8);
        for (int ms = 0; ms < 2 * period; ms += 5)
        {
            int inCycle = ms % period, step = 0, acc = 0;
            while (acc + cadenceMs[step] <= inCycle) acc += cadenceMs[step++];
            bool on = step % 2 == 0;
            int peak = x.Skip(ms * 8).Take(40).Max(v => Math.Abs((int)v));
            if (on) Assert.True(peak > 1000, country + " " + kind + " silent at " + ms + " ms");
            else Assert.True(peak == 0, country + " " + kind + " sounds at " + ms + " ms");
        }
    }

    [Fact]
    public void Dial_tone_is_continuous_and_its_pitch_is_exact_after_ten_minutes()
    {
        var p = new TonePlayer();
        p.Start(ToneSet.De.Dial);
        var frame = new short[160];
        for (int f = 0; f < 10 * 60 * 50; f++) p.Fill(frame, 0, 160);
        short[] x = new short[8000];
        for (int off = 0; off < 8000; off += 160)
        {
            p.Fill(frame, 0, 160);
            Array.Copy(frame, 0, x, off, 160);
        }
        Assert.All(x.Chunk(40), c => Assert.True(c.Max(v => Math.Abs((int)v)) > 1000));
        Assert.InRange(Amplitude(x, 0, 8000, 425), 4900, 5200);
        // In phase with an ideal 425 Hz sine started 10 minutes ago, within the 256-step table's error.
        long n0 = 10L * 60 * 8000;
        double worst = Enumerable.Range(0, 8000).Max(i => Math.Abs(x[i] - 5073 * Math.Sin(2 * Math.PI * 425 * (n0 + i) / 8000.0)));
        Assert.True(worst < 200, "off an ideal sine by " + worst);
    }

    [Fact]
    public void The_call_waiting_beep_is_mixed_into_the_call_audio_with_saturation()
    {
        var p = new TonePlayer();
        p.Start(ToneSet.Uk.CallWaiting);
        var frame = Enumerable.Repeat((short)32000, 160).ToArray();
        p.Mix(frame, 0, 160);
        Assert.Contains((short)32767, frame);
        Assert.True(frame.Min() < 32000);
        p.Stop();
        var quiet = Enumerable.Repeat((short)7, 160).ToArray();
        p.Mix(quiet, 0, 160);
        Assert.All(quiet, v => Assert.Equal(7, v));
        p.Fill(quiet, 0, 160);
        Assert.All(quiet, v => Assert.Equal(0, v));
    }

    [Fact]
    public void The_sine_table_is_round_32767_sin_without_System_Math()
    {
        for (int n = 0; n < SineTable.Length; n++)
            Assert.Equal((short)Math.Round(32767 * Math.Sin(2 * Math.PI * n / 256)), SineTable.Values[n]);
    }

    [Fact]
    public void The_countries_are_those_of_the_ringer_cadences()
    {
        Assert.Same(ToneSet.Uk, ToneSet.ForCountry("UK"));
        Assert.Same(ToneSet.Us, ToneSet.ForCountry("us"));
        Assert.Same(ToneSet.De, ToneSet.ForCountry("de"));
        Assert.Null(ToneSet.ForCountry("fr"));
        Assert.Null(ToneSet.ForCountry(null!));
        string ring = System.IO.File.ReadAllText(NanoPhone.Sip.Tests.RepoPaths.Of("hal/Core/Ring/RingPattern.cs"));
        foreach (string c in new[] { "\"uk\"", "\"us\"", "\"de\"" }) Assert.Contains(c, ring);
        Assert.Equal("us", ToneSet.DefaultName);
    }
}
