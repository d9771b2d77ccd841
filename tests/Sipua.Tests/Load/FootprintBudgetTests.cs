using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using System.Linq;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Tests.Call;
using Xunit;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// The firmware's agent (AgentCapacity.Device()) in the nanoCLR model of the heap walker, the
/// figure bench/Memory projects for the ESP32: the signalling tables must leave the ~100 KB heap
/// room for message copies, the receive buffer and the application. Fails when a change makes it
/// grow past the budget; see `./nanophone bench '*MemoryFootprint*'` for where the bytes go.
/// In the Load collection: its garbage must not land in the load tests' process-heap comparisons.
/// </summary>
[Collection("Load")]
public class FootprintBudgetTests
{
    /// <summary>
    /// 72,444 B when this was written; 82,740 B with a third call slot, TCP/TLS connection slots and
    /// the RFC 3263 resolver's tables; 43,764 B since what only some phones use is made on first
    /// need and kept: the call slots (made when a call finds the made ones taken, up to the
    /// capacity; ~3.7 KB each on nanoCLR plus the INVITE and 2xx copies, sized to the longest the
    /// slot has kept: at most 2 KB + 1.5 KB, 512 B + 768 B with the bench's messages), the caller
    /// state of the phone's own call (~2.6 KB, at the first dial), the DNS client's tables (~3.5 KB,
    /// at the first name asked of a DNS server), the connection slots (at the first TCP/TLS
    /// connection), the MWI subscription's state (at mwi.subscribe) and each Record-Route field of a
    /// dialog. What is left is made at construction: the 20 transactions (~16 KB on nanoCLR), the
    /// timer queue (~5 KB), the scratch messages, writer and parser (~8 KB), registration (~3.7 KB),
    /// the call manager's scratch (~4.4 KB). A little room, then look again. In use (bench/Nano's
    /// HEAP lines, 32-bit nanoCLR, with one call's media and the PCMU tables): 62,208 B in a call
    /// (device-in-call-steady), 64,836 B once the phone has dialled, 72,888 B once it has also had a
    /// call waiting episode (device-in-call-after-waiting-and-dial), against 76 KB for one call.
    /// </summary>
    public const int DeviceBudget = 44 * 1024;

    [Fact]
    public void The_device_agent_as_constructed_stays_within_its_budget()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        var model = Footprint.Walk(h.Agent, Footprint.Model.NanoClr);
        Assert.True(model.Bytes <= DeviceBudget, model.Bytes + " B > " + DeviceBudget + " B");
    }

    [Fact]
    public void Call_slots_are_made_when_a_call_needs_one_and_one_set_of_caller_state_serves_them()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        Assert.False(Footprint.Walk(h.Agent, Footprint.Model.NanoClr).ByType.ContainsKey(nameof(SipCall)));
        h.Dial("1234");
        var model = Footprint.Walk(h.Agent, Footprint.Model.NanoClr);
        Assert.Equal(1, (int)model.ByType[nameof(SipCall)].Count);
        Assert.Equal(1, (int)model.ByType["OutgoingCall"].Count);
        Assert.Single(h.Requests("INVITE"));
    }

    [Fact]
    public void A_slot_is_reused_by_the_next_call_and_a_waiting_call_makes_the_second_up_to_the_capacity()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        h.Agent.CallSettings.CallWaiting = true;
        var first = new CallerScript { CallId = "fp-1@graham.example", FromTag = "g1", Branch = "z9hG4bKfp1" };
        var second = new CallerScript { CallId = "fp-2@alice.example", FromTag = "a2", Branch = "z9hG4bKfp2" };
        var third = new CallerScript { CallId = "fp-3@bob.example", FromTag = "b3", Branch = "z9hG4bKfp3" };

        // A call answered and ended by the caller, then the next one: the same slot.
        h.Deliver(first.Invite());
        Assert.True(h.Agent.Calls.Answer(1));
        string tag = CallerScript.ToTagOf(h.Responses(200, "INVITE").Single());
        h.Deliver(first.InDialog("ACK", tag, 1, "z9hG4bKfpack1"));
        h.Deliver(first.InDialog("BYE", tag, 2, "z9hG4bKfpbye1"));
        h.Deliver(second.Invite());
        Assert.True(h.Agent.Calls.Answer(2));
        Assert.Equal(1, (int)Footprint.Walk(h.Agent, Footprint.Model.NanoClr).ByType[nameof(SipCall)].Count);

        // Call waiting: a second live call makes the second slot; no more than the capacity, ever.
        h.Deliver(third.Invite());
        Assert.Equal(CallCause.CallWaiting, h.Reported.Last(e => e.Kind == CallEventKind.Ringing).Cause);
        var model = Footprint.Walk(h.Agent, Footprint.Model.NanoClr);
        Assert.Equal(2, (int)model.ByType[nameof(SipCall)].Count);
        Assert.False(model.ByType.ContainsKey("OutgoingCall"));
        Assert.True(h.Agent.Calls.SlotCount <= AgentCapacity.Device().Calls);
    }
}
