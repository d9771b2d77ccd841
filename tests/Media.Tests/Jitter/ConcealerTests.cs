using System;
using System.Linq;
using NanoPhone.Media.Jitter;
using Xunit;

namespace NanoPhone.Media.Tests.Jitter;

/// <summary>
/// Packet loss concealment after ITU-T G.711 Appendix I:
/// - I.2.2/I.2.3: the missing signal is the last pitch period (40–120 samples) repeated, so a voiced
///   sound goes on at its own pitch;
/// - I.2.4: full level for the first 10 ms, then 20 % less per 10 ms, silence from 60 ms;
/// - I.2.6: the first good samples are overlap-added with the synthetic signal over 4 ms, plus 4 ms
///   per further 10 ms lost, at most 10 ms — no click where the real signal comes back.
/// </summary>
public class ConcealerTests
{
    /// <summary>A 140 Hz-ish periodic signal with a period of 57 samples (a harmonic-rich wave).</summary>
    private static short Wave(int n) => (short)(8000 * Math.Sin(2 * Math.PI * n / 57.0) + 3000 * Math.Sin(4 * Math.PI * n / 57.0 + 1));

    private static Concealer Primed(int samples)
    {
        var c = new Concealer();
        var frame = new short[160];
        for (int f = 0; f < samples / 160; f++)
        {
            for (int i = 0; i < 160; i++) frame[i] = Wave(f * 160 + i);
            c.Good(frame, 0, 160);
            c.EndFrame(frame, 160);
        }
        return c;
    }

    [Fact]
    public void I2_a_lost_stretch_of_a_voiced_sound_goes_on_at_its_own_pitch()
    {
        Concealer c = Primed(480);
        var out_ = new short[80];
        Assert.True(c.Conceal(out_, 0, 80));
        Assert.Equal(57, c.Period);
        double error = Enumerable.Range(0, 80).Max(i => Math.Abs(out_[i] - Wave(480 + i)));
        Assert.True(error < 300, "repetition strays from the true continuation by " + error);
    }

    [Fact]
    public void I2_4_full_level_for_10_ms_then_20_percent_less_per_10_ms_and_silence_from_60_ms()
    {
        Concealer c = Primed(480);
        var out_ = new short[480];
        Assert.True(c.Conceal(out_, 0, 480));
        // The output repeats one period: out[n] against out[n % 57] (still at full level) is the gain.
        double Gain(int from)
        {
            int n = Enumerable.Range(from, 57).OrderByDescending(i => Math.Abs((int)out_[i % 57])).First();
            return out_[n] / (double)out_[n % 57] - (400 - (n + 1 - 80)) / 400.0;
        }
        Assert.Equal(out_.Take(23), out_.Skip(57).Take(23));                 // the first 10 ms: full level
        Assert.InRange(Gain(160), -0.01, 0.01);                              // 20 ms: 80 %, falling 20 % per 10 ms
        Assert.InRange(Gain(320), -0.01, 0.01);                              // 40 ms: 40 %
        Assert.True(out_.Skip(470).All(v => Math.Abs((int)v) < 300));       // 60 ms: nothing left
        var more = new short[160];
        Assert.False(c.Conceal(more, 0, 160));                               // past 60 ms: silence
        Assert.All(more, v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(80, 32)]
    [InlineData(160, 64)]
    [InlineData(400, 80)]
    public void I2_6_the_first_good_samples_are_overlap_added_over_4_ms_plus_4_per_further_10_ms(int lost, int ola)
    {
        Concealer c = Primed(480);
        var synthetic = new short[lost];
        c.Conceal(synthetic, 0, lost);
        var good = new short[160];
        Array.Fill(good, (short)20000);
        c.Good(good, 0, 160);
        Assert.True(good[0] != 20000, "no overlap-add at the first good sample");
        Assert.True(good[ola - 2] != 20000 || Math.Abs(good[ola - 2] - 20000) < 2000);
        Assert.All(good.Skip(ola), v => Assert.Equal(20000, v));
        // The blend moves monotonically towards the good signal's share: its weight grows linearly.
        Assert.True(Math.Abs(good[ola - 1] - 20000) < Math.Abs(good[0] - 20000) || Math.Abs(good[0] - 20000) < 2000);
    }

    [Fact]
    public void After_silence_the_loss_is_silent_too()
    {
        var c = new Concealer();
        var silence = new short[320];
        c.Good(silence, 0, 320);
        c.EndFrame(silence, 320);
        var out_ = new short[160];
        Array.Fill(out_, (short)123);
        c.Conceal(out_, 0, 160);
        Assert.All(out_, v => Assert.Equal(0, v));
    }

    [Fact]
    public void A_loss_during_the_overlap_add_carries_on_without_a_jump()
    {
        Concealer c = Primed(480);
        var a = new short[80];
        c.Conceal(a, 0, 80);
        var good = new short[8];
        for (int i = 0; i < 8; i++) good[i] = Wave(560 + i);
        c.Good(good, 0, 8);
        var b = new short[80];
        Assert.True(c.Conceal(b, 0, 80));
        Assert.True(Math.Abs(b[0] - good[7]) < 3000, "jump from " + good[7] + " to " + b[0]);
    }
}
