using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
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
    /// <summary>72,444 B when this was written; 73,164 B with a third call slot (call waiting);
    /// 82,740 B with TCP/TLS connection slots and the RFC 3263 resolver's tables (their Endpoints
    /// are most of the 9.6 KB: the next thing to shrink, e.g. the resolver's tables made at its
    /// first query). A little room, then look again.</summary>
    public const int DeviceBudget = 84 * 1024;

    [Fact]
    public void The_device_agent_as_constructed_stays_within_its_budget()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        var model = Footprint.Walk(h.Agent, Footprint.Model.NanoClr);
        Assert.True(model.Bytes <= DeviceBudget, model.Bytes + " B > " + DeviceBudget + " B");
    }

    [Fact]
    public void Only_the_call_slots_are_calls_and_one_set_of_caller_state_serves_them()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        h.Dial("1234");
        var model = Footprint.Walk(h.Agent, Footprint.Model.NanoClr);
        Assert.Equal(AgentCapacity.Device().Calls, (int)model.ByType[nameof(SipCall)].Count);
        Assert.Equal(1, (int)model.ByType["OutgoingCall"].Count);
        Assert.Single(h.Requests("INVITE"));
    }
}
