using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// How many callers may ring at once is the capacity's LiveCalls: two on the ESP32 (a third
/// caller hears 486 Busy Here), more on a PC under load. Once one of them is answered the phone is
/// busy: the others still ringing get 486 (or the busy forward), as a new caller would.
/// </summary>
public class CapacityTests
{
    private static CallerScript Caller(int n) =>
        new() { CallId = "call-" + n + "@graham.example", FromTag = "g" + n, Branch = "z9hG4bKcap" + n };

    [Fact]
    public void The_device_capacity_lets_two_callers_ring_and_a_third_hears_486()
    {
        // Two live calls on the ESP32 (call waiting, a transfer's consultation), one slot for a call ending.
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        h.Deliver(Caller(1).Invite());
        h.Deliver(Caller(2).Invite());
        h.Deliver(Caller(3).Invite());
        Assert.Equal(2, h.Responses(180).Count);
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
    public void Each_of_two_ringing_callers_is_answered_with_the_answer_to_its_own_offer()
    {
        // RFC 3264 §6: the answer is to the offer of the INVITE it answers. Caller 1 offers PCMA
        // only, caller 2 PCMU only; both ring (desktop capacity) and the user answers the first.
        var h = new AgentHarness(capacity: new AgentCapacity(16, 16, 3));
        var pcma = Caller(1);
        pcma.Sdp = "v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 8\n";
        var pcmu = Caller(2);
        pcmu.Sdp = "v=0\no=mia 1 1 IN IP4 192.0.2.8\ns=-\nc=IN IP4 192.0.2.8\nt=0 0\nm=audio 49180 RTP/AVP 0\n";
        h.Deliver(pcma.Invite());
        h.Deliver(pcmu.Invite());
        Assert.Equal(2, h.Responses(180).Count);
        Assert.True(h.Agent.Calls.Answer(1));
        var ok = h.Responses(200, "INVITE").Single();
        Assert.Equal("call-1@graham.example", ok.Parse().CallIdText);
        Assert.Contains("m=audio 4000 RTP/AVP 8\r\n", ok.Text);
        Assert.Contains("a=rtpmap:8 PCMA/8000\r\n", ok.Text);
        Assert.DoesNotContain("PCMU", ok.Text);
    }

    [Fact]
    public void Capacities_outside_what_the_tables_address_are_refused()
    {
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(16, 16, 1));
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(3, 16, 2));
        Assert.Throws<System.ArgumentException>(() => new AgentCapacity(AgentCapacity.MaxTransactions, 16, 2));
        Assert.Equal(2, AgentCapacity.Device().LiveCalls);
        Assert.True(AgentCapacity.Desktop().ServerTransactions >= 2000 * (32 + 5));
    }
}
