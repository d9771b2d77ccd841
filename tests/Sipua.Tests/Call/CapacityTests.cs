using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// How many callers may ring at once is the capacity's LiveCalls: one on the ESP32 (a second
/// caller hears 486 Busy Here), more on a PC under load. Once one of them is answered the phone is
/// busy: the others still ringing get 486 (or the busy forward), as a new caller would.
/// </summary>
public class CapacityTests
{
    private static CallerScript Caller(int n) =>
        new() { CallId = "call-" + n + "@graham.example", FromTag = "g" + n, Branch = "z9hG4bKcap" + n };

    [Fact]
    public void The_device_capacity_lets_one_caller_ring_and_a_second_hears_486()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        h.Deliver(Caller(1).Invite());
        h.Deliver(Caller(2).Invite());
        Assert.Single(h.Responses(180));
        Assert.Single(h.Responses(486));
        Assert.Equal(1, h.Agent.Calls.Current!.Number);
    }

    [Fact]
    public void With_three_call_slots_two_callers_ring_at_once_and_a_third_hears_486()
    {
        var h = new AgentHarness(capacity: new AgentCapacity(16, 16, 3));
        h.Deliver(Caller(1).Invite());
        h.Deliver(Caller(2).Invite());
        h.Deliver(Caller(3).Invite());
        Assert.Equal(2, h.Responses(180).Count);
        Assert.Single(h.Responses(486));
        Assert.Equal(1, h.Agent.Calls.RingingCall()!.Number);
    }

    [Fact]
    public void A_cancelled_caller_frees_its_line_for_the_next_and_the_other_keeps_ringing()
    {
        var h = new AgentHarness(capacity: new AgentCapacity(16, 16, 3));
        h.Deliver(Caller(1).Invite());
        h.Deliver(Caller(2).Invite());
        h.Deliver(Caller(1).Cancel());
        Assert.Single(h.Responses(487));
        Assert.Equal(2, h.Agent.Calls.RingingCall()!.Number);
        h.Deliver(Caller(3).Invite());
        Assert.Equal(3, h.Responses(180).Count);
        Assert.Empty(h.Responses(486));
    }

    [Fact]
    public void Answering_one_ringing_call_makes_the_phone_busy_for_the_others()
    {
        var h = new AgentHarness(capacity: new AgentCapacity(16, 16, 3));
        h.Deliver(Caller(1).Invite());
        h.Deliver(Caller(2).Invite());
        Assert.True(h.Agent.Calls.Answer(2));
        var busy = h.Responses(486).Single().Parse();
        Assert.Equal(2, h.Agent.Calls.Current!.Number);
        Assert.Contains("1 rejected (486 Busy Here)", h.CallEvents);
        Assert.Null(h.Agent.Calls.RingingCall());
        Assert.Single(h.Responses(200, "INVITE"));
        Assert.Equal("call-1@graham.example", busy.CallIdText);
        h.Deliver(Caller(3).Invite());
        Assert.Equal(2, h.Responses(486).Count);
    }

    [Fact]
    public void Capacities_outside_what_the_tables_address_are_refused()
    {
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(16, 16, 1));
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(3, 16, 2));
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(AgentCapacity.MaxTransactions, 16, 2));
        Assert.Equal(1, AgentCapacity.Device().LiveCalls);
        Assert.True(AgentCapacity.Desktop().ServerTransactions >= 2000 * (32 + 5));
    }
}
