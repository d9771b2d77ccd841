using System.Collections.Generic;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class HookSwitchTests
{
    [Fact]
    public void Hook_state_changes_after_the_debounce_time_with_one_event()
    {
        var clock = new ManualClock(0);
        var hook = new HookSwitch(new HalClock(clock), 50, HookState.OnHook);
        var events = new List<string>();
        hook.Changed += (state, at) => events.Add(state + " @" + at);

        hook.Feed(true, 0);
        hook.Feed(false, 4);
        hook.Feed(true, 9);
        for (int t = 0; t < 100; t += 1)
        {
            clock.Advance(1);
            hook.Poll();
        }

        Assert.Equal(new[] { "OffHook @59" }, events);
        Assert.Equal(HookState.OffHook, hook.State);
    }

    [Fact]
    public void Reset_takes_a_state_without_an_event()
    {
        var hook = new HookSwitch(new HalClock(new ManualClock(0)), 50, HookState.OnHook);
        int events = 0;
        hook.Changed += (_, _) => events++;

        hook.Reset(HookState.OffHook);
        hook.Poll();

        Assert.Equal(HookState.OffHook, hook.State);
        Assert.Equal(0, events);
    }
}
