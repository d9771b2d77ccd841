using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// What the device agent keeps on the managed heap (bytes, after a full collection): as
/// constructed with the ESP32's tables, while a call rings, and steady after calls and
/// registration. The peer's buffers are allocated before the first reading, so the figures are
/// the agent's (its AgentSettings, like the firmware's, is the application's and not counted).
/// </summary>
public static class HeapFigures
{
    public static void Print(IHeapProbe heap)
    {
        DeviceRig rig = new DeviceRig();
        long before = heap.FreeBytesAfterCollection();
        UserAgent agent = rig.NewAgent();
        Line("agent-constructed", before - heap.FreeBytesAfterCollection(), "new UserAgent(..., AgentCapacity.Device())");
        rig.Ring(agent);
        Line("agent-ringing", before - heap.FreeBytesAfterCollection(), "one incoming call ringing");
        rig.GiveUp(agent);
        rig.IncomingCall(agent);
        rig.IncomingCall(agent);
        Line("agent-steady", before - heap.FreeBytesAfterCollection(), "after 3 incoming calls, not registered");
        rig.Register(agent);
        rig.RegisterRefresh(agent);
        rig.IncomingCall(agent);
        Line("agent-registered-steady", before - heap.FreeBytesAfterCollection(), "registered with digest, 1 refresh, 4 calls");
    }

    private static void Line(string name, long bytes, string what)
    {
        System.Console.WriteLine("HEAP " + name + " " + bytes.ToString() + " B (" + what + ")");
    }
}
