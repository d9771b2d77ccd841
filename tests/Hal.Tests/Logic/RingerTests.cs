using System.Collections.Generic;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class RingerTests
{
    private sealed class ToneLog : IToneOutput
    {
        public List<string> Events { get; } = new();
        private readonly ManualClock _clock;

        public ToneLog(ManualClock clock) => _clock = clock;

        public void ToneOn(int frequencyHz) => Events.Add("on " + frequencyHz + " @" + _clock.NowMs);

        public void ToneOff() => Events.Add("off @" + _clock.NowMs);
    }

    private readonly ManualClock _clock = new(0);
    private readonly ToneLog _tone;
    private readonly Ringer _ringer;

    public RingerTests()
    {
        _tone = new ToneLog(_clock);
        _ringer = new Ringer(new HalClock(_clock), _tone, 1500);
    }

    private void RunFor(long ms)
    {
        long end = _clock.NowMs + ms;
        while (_clock.NowMs < end)
        {
            _clock.Advance(10);
            _ringer.Poll();
        }
    }

    [Fact]
    public void Ringing_starts_sounding_at_once_and_follows_the_cadence()
    {
        _ringer.Start(RingPattern.De);
        RunFor(5000);

        Assert.Equal(new[] { "on 1500 @0", "off @1000", "on 1500 @5000" }, _tone.Events);
        Assert.True(_ringer.IsRinging);
        Assert.True(_ringer.IsSounding);
    }

    [Fact]
    public void Stop_silences_at_once_even_mid_tone()
    {
        _ringer.Start(RingPattern.Us);
        RunFor(500);
        _ringer.Stop();
        RunFor(10000);

        Assert.Equal(new[] { "on 1500 @0", "off @500" }, _tone.Events);
        Assert.False(_ringer.IsRinging);
        Assert.Null(_ringer.Pattern);
    }

    [Fact]
    public void Starting_the_same_pattern_again_keeps_the_cadence_running()
    {
        _ringer.Start(RingPattern.Us);
        RunFor(1500);
        _ringer.Start(RingPattern.Us);
        RunFor(600);

        Assert.Equal(new[] { "on 1500 @0", "off @2000" }, _tone.Events);
    }

    [Fact]
    public void Starting_another_pattern_restarts_the_cadence()
    {
        _ringer.Start(RingPattern.Us);
        RunFor(1500);
        _ringer.Start(RingPattern.Uk);
        RunFor(550);

        Assert.Equal(new[] { "on 1500 @0", "off @1900" }, _tone.Events);
        Assert.Same(RingPattern.Uk, _ringer.Pattern);
    }
}
