using System;
using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class RingPatternTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(399, true)]
    [InlineData(400, false)]
    [InlineData(599, false)]
    [InlineData(600, true)]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    [InlineData(2999, false)]
    [InlineData(3000, true)]
    [InlineData(3450, false)]
    public void Uk_cadence_is_0_4_on_0_2_off_0_4_on_2_0_off(long elapsedMs, bool on)
    {
        Assert.Equal(on, RingPattern.Uk.IsOnAt(elapsedMs));
        Assert.Equal(3000, RingPattern.Uk.PeriodMs);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1999, true)]
    [InlineData(2000, false)]
    [InlineData(5999, false)]
    [InlineData(6000, true)]
    public void Us_cadence_is_2_on_4_off(long elapsedMs, bool on)
    {
        Assert.Equal(on, RingPattern.Us.IsOnAt(elapsedMs));
    }

    [Fact]
    public void Patterns_are_found_by_their_configuration_names()
    {
        Assert.Equal("ringer.pattern", RingPattern.ConfigKey);
        Assert.Equal(new[] { "uk", "us", "de" }, RingPattern.Names());
        foreach (string name in RingPattern.Names())
        {
            Assert.Equal(name, RingPattern.ByName(name).Name);
        }

        Assert.NotNull(RingPattern.ByName(RingPattern.DefaultName));
        Assert.Null(RingPattern.ByName("UK "));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 400 })]
    [InlineData(new[] { 400, 0 })]
    [InlineData(new[] { 400, -200 })]
    public void A_cadence_must_be_pairs_of_positive_times(int[] steps)
    {
        Assert.Throws<ArgumentException>(() => new RingPattern("bad", steps));
    }

    [Fact]
    public void A_pattern_keeps_its_own_copy_of_the_times()
    {
        int[] steps = { 100, 200 };
        var pattern = new RingPattern("x", steps);
        steps[0] = 5000;

        Assert.Equal(100, pattern.StepMs(0));
        Assert.Equal(300, pattern.PeriodMs);
    }
}
