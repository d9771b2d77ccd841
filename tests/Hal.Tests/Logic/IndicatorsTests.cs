using System.Collections.Generic;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class IndicatorsTests
{
    private sealed class LampLog : ILampOutput
    {
        public List<string> Events { get; } = new();
        private readonly ManualClock _clock;

        public LampLog(ManualClock clock) => _clock = clock;

        public void SetLamp(Indicator which, bool lit) => Events.Add(which + (lit ? " lit" : " dark") + " @" + _clock.NowMs);
    }

    private readonly ManualClock _clock = new(0);
    private readonly LampLog _lamps;
    private readonly Indicators _indicators;

    public IndicatorsTests()
    {
        _lamps = new LampLog(_clock);
        _indicators = new Indicators(new HalClock(_clock), _lamps);
        _lamps.Events.Clear();
    }

    private void RunFor(long ms)
    {
        long end = _clock.NowMs + ms;
        while (_clock.NowMs < end)
        {
            _clock.Advance(10);
            _indicators.Poll();
        }
    }

    [Fact]
    public void All_lamps_start_dark()
    {
        var log = new LampLog(_clock);
        var indicators = new Indicators(new HalClock(_clock), log);

        Assert.Equal(4, log.Events.Count);
        Assert.All(log.Events, e => Assert.Contains(" dark", e));
        Assert.False(indicators.IsLit(Indicator.Registered));
    }

    [Fact]
    public void Steady_lamps_change_at_once_and_are_written_only_on_change()
    {
        _indicators.Set(Indicator.Registered, LampMode.On);
        _indicators.Set(Indicator.Registered, LampMode.On);
        RunFor(2000);
        _indicators.Set(Indicator.Registered, LampMode.Off);

        Assert.Equal(new[] { "Registered lit @0", "Registered dark @2000" }, _lamps.Events);
    }

    [Fact]
    public void Slow_blink_starts_lit_and_toggles_every_500_ms()
    {
        _clock.Advance(130);
        _indicators.Set(Indicator.MessageWaiting, LampMode.SlowBlink);
        RunFor(1500);

        Assert.Equal(new[]
        {
            "MessageWaiting lit @130",
            "MessageWaiting dark @630",
            "MessageWaiting lit @1130",
            "MessageWaiting dark @1630",
        }, _lamps.Events);
        Assert.Equal(LampMode.SlowBlink, _indicators.Get(Indicator.MessageWaiting));
    }

    [Fact]
    public void Fast_blink_toggles_every_125_ms()
    {
        _indicators.Set(Indicator.Dnd, LampMode.FastBlink);
        RunFor(500);

        Assert.Equal(5, _lamps.Events.Count);
        Assert.Equal("Dnd dark @130", _lamps.Events[1]);
    }
}
