using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.Sip.Agent;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>
/// A phone built with more than one line (the simulator's desktop capacity): several callers ring
/// at once; the answer key takes the one that has rung longest; the ringer stops only when none
/// rings any more; answering one leaves the others waiting (call waiting), or with call.waiting
/// off makes the phone busy for them.
/// </summary>
public class PhoneAppLinesTests
{
    private readonly PhoneRig _rig = new(capacity: new AgentCapacity(16, 16, 3));
    private readonly CallerScript _first = new() { CallId = "call-1@graham.example", FromTag = "g1", Branch = "z9hG4bKline1" };
    private readonly CallerScript _second = new() { CallId = "call-2@graham.example", FromTag = "g2", Branch = "z9hG4bKline2" };

    public PhoneAppLinesTests()
    {
        _rig.StartRegistered();
        _rig.Deliver(_first.Invite());
        _rig.Deliver(_second.Invite());
    }

    [Fact]
    public void Two_callers_ring_and_the_answer_key_takes_the_first_the_other_then_waits()
    {
        Assert.Equal(2, _rig.Responses(180).Count);
        Assert.Equal(1, _rig.App.RingingCall);
        _rig.Hook(true);
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Empty(_rig.Responses(486));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.True(_rig.App.IsCallWaitingTone);
        Assert.Equal(2, _rig.App.RingingCall);
    }

    [Fact]
    public void With_call_waiting_off_answering_one_of_two_ringing_callers_turns_the_other_away()
    {
        _rig.Set(ConfigKeys.CallWaiting, "off");
        _rig.Hook(true);
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Single(_rig.Responses(486));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(-1, _rig.App.RingingCall);
    }

    [Fact]
    public void When_the_first_caller_gives_up_the_second_still_rings_and_is_the_one_answered()
    {
        _rig.Deliver(_first.Cancel());
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(2, _rig.App.RingingCall);
        _rig.Hook(true);
        Assert.Equal(2, _rig.App.ActiveCall);
    }

    [Fact]
    public void The_ringer_stops_when_the_last_ringing_caller_gives_up()
    {
        _rig.Deliver(_second.Cancel());
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(1, _rig.App.RingingCall);
        _rig.Deliver(_first.Cancel());
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(-1, _rig.App.RingingCall);
        Assert.Equal(2, _rig.Events.Count(e => e.StartsWith("MISSED ")));
    }
}
