using NanoPhone.Bench.Nano.Ops;
using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// What the device agent keeps on the managed heap (bytes, after a full collection): as
/// constructed with the ESP32's tables, while a call rings, and steady after calls and
/// registration; and what a call's media session keeps. The peer's buffers are allocated before the first reading, so the figures are
/// the agent's (its AgentSettings, like the firmware's, is the application's and not counted).
/// </summary>
public static class HeapFigures
{
    public static void Print(IHeapProbe heap)
    {
        Agent(heap);
        Media(heap);
    }

    private static void Agent(IHeapProbe heap)
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

    private static void Media(IHeapProbe heap)
    {
        // A call's media: the session after 500 frames of a call (its ring, packet buffers, jitter
        // buffer, concealer, RTCP and DTMF state). The G.711 tables of the law in use (mu-law 1.1 KB,
        // A-law 1.0 KB) are built once, by the media-frame operation when it ran before this.
        MediaFrameOp call = new MediaFrameOp(heap);
        Line("media-session", call.SessionBytes, "a MediaSession after 500 frames of a PCMU call, without the G.711 tables");
        call.Run();
    }

    private static void Line(string name, long bytes, string what)
    {
        System.Console.WriteLine("HEAP " + name + " " + bytes.ToString() + " B (" + what + ")");
    }
}
