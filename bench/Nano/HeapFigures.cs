#nullable disable
using NanoPhone.Bench.Nano.Ops;
using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Media.Codec;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// What the device agent keeps on the managed heap (bytes, after a full collection): as
/// constructed with the ESP32's tables, while a call rings, and steady after calls and
/// registration; with one live call and its media; and what a call's media session and the G.711
/// tables keep. The peer's buffers are allocated before the first reading, so the figures are
/// the agent's (its AgentSettings, like the firmware's, is the application's and not counted).
/// </summary>
public static class HeapFigures
{
    private static long _muLawTables = -1;

    /// <summary>
    /// The G.711 tables (built on first use and kept for good), weighed by their first use: so this
    /// runs before anything has encoded or decoded (NanoBench.Run calls it before the operations).
    /// </summary>
    public static void Tables(IHeapProbe heap)
    {
        short[] pcm = new short[160];
        byte[] code = new byte[160];
        long before = heap.FreeBytesAfterCollection();
        G711.Encode(G711.Pcmu, pcm, 0, code, 0, 160);
        G711.Decode(G711.Pcmu, code, 0, pcm, 0, 160);
        _muLawTables = before - heap.FreeBytesAfterCollection();
        Line("g711-mulaw-tables", _muLawTables, "PCMU encode and decode tables, built on first use");
        before = heap.FreeBytesAfterCollection();
        G711.Encode(G711.Pcma, pcm, 0, code, 0, 160);
        G711.Decode(G711.Pcma, code, 0, pcm, 0, 160);
        Line("g711-alaw-tables", before - heap.FreeBytesAfterCollection(), "PCMA encode and decode tables, built on first use");
    }

    public static void Print(IHeapProbe heap)
    {
        Agent(heap);
        InCall(heap);
        InCallAfterFeatures(heap);
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

        // Over a connection (TCP; TLS is the same to the agent: its buffers are the platform's).
        DeviceRig tcp = new DeviceRig();
        long beforeTcp = heap.FreeBytesAfterCollection();
        UserAgent overTcp = tcp.NewAgentOverConnection();
        tcp.Register(overTcp);
        tcp.RegisterRefresh(overTcp);
        Line("agent-registered-tcp", beforeTcp - heap.FreeBytesAfterCollection(), "registered over a TCP connection with digest, 1 refresh");
    }

    /// <summary>
    /// The device agent with one live call and its media, as the phone holds them: registered, a call
    /// answered (200 with SDP, ACK), its MediaSession after 500 frames (10 s) of PCMU with the frame
    /// buffers and the RTP packet buffer, plus the PCMU tables (weighed by <see cref="Tables"/>: they
    /// were built before this, by then outside the difference). Then the caller hangs up, one more
    /// call rings and is cancelled, and a second call is answered with a new session: steady.
    /// </summary>
    private static void InCall(IHeapProbe heap)
    {
        DeviceRig rig = new DeviceRig();
        long before = heap.FreeBytesAfterCollection();
        UserAgent agent = rig.NewAgent();
        rig.Register(agent);
        rig.Ring(agent);
        rig.Answer(agent);
        MediaFrameOp media = new MediaFrameOp();
        long tables = _muLawTables < 0 ? 0 : _muLawTables;
        Line("device-in-call", before - heap.FreeBytesAfterCollection() + tables, "registered agent, one answered call, its media after 10 s of PCMU, PCMU tables");
        media.Run();
        rig.CallerHangsUp(agent);
        media = null;
        rig.IncomingCall(agent);
        rig.Ring(agent);
        rig.Answer(agent);
        media = new MediaFrameOp();
        Line("device-in-call-steady", before - heap.FreeBytesAfterCollection() + tables, "the same after a call ended, one missed and a second answered");
        media.Run();
        rig.CallerHangsUp(agent);
        media = null;
        Line("device-after-calls", before - heap.FreeBytesAfterCollection(), "registered agent, idle after those calls, without the media");
    }

    /// <summary>
    /// The same live call with media, on a phone that has used more than one call at a time (call
    /// waiting on, the firmware's default): registered, it placed a call (answered, hung up), then
    /// answered a call again — steady; then it had a call waiting episode (a second caller answered,
    /// the first held by re-INVITE and resumed after) and answers another call. What a first dial and
    /// a first second call made stays (a second call slot, the caller's state).
    /// </summary>
    private static void InCallAfterFeatures(IHeapProbe heap)
    {
        DeviceRig rig = new DeviceRig();
        long before = heap.FreeBytesAfterCollection();
        UserAgent agent = rig.NewAgent();
        agent.CallSettings.CallWaiting = true;
        rig.Register(agent);
        rig.Dial(agent);
        rig.Ring(agent);
        rig.Answer(agent);
        MediaFrameOp media = new MediaFrameOp();
        long tables = _muLawTables < 0 ? 0 : _muLawTables;
        Line("device-in-call-after-dial", before - heap.FreeBytesAfterCollection() + tables, "registered agent that placed a call, in an answered call with its media, PCMU tables");
        media.Run();
        rig.CallerHangsUp(agent);
        media = null;
        rig.CallWaiting(agent);
        rig.Ring(agent);
        rig.Answer(agent);
        media = new MediaFrameOp();
        Line("device-in-call-after-waiting-and-dial", before - heap.FreeBytesAfterCollection() + tables, "the same after a call waiting episode: second caller answered, first held and resumed");
        media.Run();
        rig.CallerHangsUp(agent);
        media = null;
        Line("device-after-waiting-and-dial", before - heap.FreeBytesAfterCollection(), "that agent idle after those calls, without the media");
    }

    private static void Media(IHeapProbe heap)
    {
        // A call's media: the session after 500 frames of a call (its ring, packet buffers, jitter
        // buffer, concealer, RTCP and DTMF state). The G.711 tables of the law in use (mu-law 1.1 KB,
        // A-law 1.0 KB) are built once, by the media-frame operation when it ran before this.
        MediaFrameOp call = new MediaFrameOp(heap);
        Line("media-session", call.SessionBytes, "a MediaSession after 500 frames of a PCMU call, without the G.711 tables");
        if (_muLawTables >= 0)
        {
            Line("media-per-call", call.SessionBytes + _muLawTables, "the same with the PCMU tables: a call's media state");
        }
        call.Run();
    }

    private static void Line(string name, long bytes, string what)
    {
        System.Console.WriteLine("HEAP " + name + " " + bytes.ToString() + " B (" + what + ")");
    }
}
