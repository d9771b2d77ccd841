using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// Above capacity the phone sheds load instead of collapsing. A flood of INVITEs (distinct
/// Call-IDs, twice as many new ones per simulated second as the server transaction pool holds, for
/// 10 simulated seconds), each caller retransmitting per Timer A until it hears something and
/// ACKing every final response like a real UAC, all through the proxy's address (so the ghost
/// filter lets them in): every INVITE gets 486 (a call rings already) or 503 with Retry-After
/// (the pool is full), exactly one rings; nothing throws; the transaction pools, the call table and
/// the timer queue never pass their capacity. Once the flood stops a normal call rings again within
/// 32 s of simulated time, every transaction and timer ends, and memory is back at its baseline.
/// Also: CANCEL and BYE still get through while the pool is full of new work, and stray in-dialog
/// requests must not take the slots they need.
/// </summary>
[Collection("Load")]
public class OverloadTests
{
    /// <summary>The UserAgent's transaction capacity: 8 client and 8 server slots.</summary>
    public const int Capacity = 8;
    public const int PerSecond = 2 * Capacity;
    public const int FloodSeconds = 10;

    private readonly ITestOutputHelper _out;

    public OverloadTests(ITestOutputHelper output) => _out = output;

    private sealed class Rig
    {
        public readonly ManualClock Clock = new(1_000_000);
        public readonly InMemoryNetwork Net;
        public readonly Phone Phone;
        public readonly ScriptedProxy Proxy;
        public int MaxServer, MaxClient, MaxTimers, MaxLive, MaxInFlight;

        public Rig(int delayMs)
        {
            Net = new InMemoryNetwork(Clock, 1, capacity: 1024, preallocate: true) { DefaultDelayMs = delayMs };
            var phoneAt = new Endpoint("127.0.0.1", 5062);
            var proxyAt = new Endpoint("127.0.0.1", 5070);
            Phone = new Phone(Net, phoneAt, "linda", proxyAt, 99, Capacity) { RecordEvents = false };
            Proxy = new ScriptedProxy(Net, proxyAt, phoneAt);
            var ua = Phone.Agent;
            Net.AfterStep = () =>
            {
                MaxServer = Math.Max(MaxServer, ua.Layer.ServerCount);
                MaxClient = Math.Max(MaxClient, ua.Layer.ClientCount);
                MaxTimers = Math.Max(MaxTimers, ua.Timers.Count);
                MaxInFlight = Math.Max(MaxInFlight, Net.InFlight);
                // Call numbers only grow: the last few are the only ones that can still be live.
                int live = 0;
                for (int n = Math.Max(1, Phone.LastCallNumber - 16); n <= Phone.LastCallNumber; n++)
                {
                    if (ua.Calls.ByNumber(n)?.IsLive == true) live++;
                }
                MaxLive = Math.Max(MaxLive, live);
                if (ua.Layer.ServerCount > Capacity || ua.Layer.ClientCount > Capacity || ua.Timers.Count > ua.Timers.Capacity)
                    throw new Xunit.Sdk.XunitException("a table passed its capacity");
            };
        }

        public long Now => Clock.NowMs;

        public string Describe() => Phone.Agent.Layer.ServerCount + " server, " + Phone.Agent.Layer.ClientCount + " client transactions, "
            + Phone.Agent.Timers.Count + " timers, call " + (Phone.Agent.Calls.Current?.State.ToString() ?? "none") + ", proxy resending " + Proxy.PendingCount
            + ", registration " + Phone.Agent.Registration.State + ", t=" + Now;

        public bool Idle(int idleTimers) => Phone.IsIdle && Phone.Agent.Timers.Count == idleTimers && Proxy.PendingCount == 0;
    }

    /// <summary>INVITEs at PerSecond for seconds; returns the callers.</summary>
    private static List<ScriptedProxy.UacCall> Flood(Rig r, int seconds)
    {
        var calls = new List<ScriptedProxy.UacCall>();
        long start = r.Now;
        for (int i = 0; i < seconds * PerSecond; i++)
        {
            long at = start + i * 1000L / PerSecond;
            if (at > r.Now) r.Net.Run(at - r.Now);
            calls.Add(r.Proxy.Invite());
        }
        r.Net.Run(start + seconds * 1000L - r.Now);
        return calls;
    }

    /// <summary>
    /// The flood, with callers as RFC 3261 has them: the one whose call rings gives up when the
    /// flood stops and sends CANCEL — while the server pool is still full of the flood's
    /// transactions. Before the server slots kept for CANCEL/BYE/in-dialog requests
    /// (UserAgent.ReservedServerSlots) the CANCEL got a stateless 503 like a new request, and since
    /// §9.1 gives the caller no retry, the phone rang on and every later caller got 486.
    /// </summary>
    [Theory]
    [InlineData(0)]      // answers come at once
    [InlineData(400)]    // 400 ms each way: round trip > T1, so every caller retransmits its INVITE before it hears anything
    public void A_flood_of_INVITEs_is_shed_with_486_or_503_one_call_rings_and_service_returns(int delayMs)
        => FloodAndRecover(delayMs, patientCaller: false);

    /// <summary>
    /// The same flood with a patient caller, who would send a refused CANCEL again after
    /// Retry-After (not needed any more: the CANCEL gets through the first time).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    public void A_flood_of_INVITEs_is_shed_and_service_returns_when_the_caller_retries_its_CANCEL(int delayMs)
        => FloodAndRecover(delayMs, patientCaller: true);

    private sealed record RoundStats(int Busy, int Unavailable, int Stateless, int Retransmissions, int CancelRetries, long RingsAgainAfter);

    private void FloodAndRecover(int delayMs, bool patientCaller)
    {
        var r = new Rig(delayMs);
        var ua = r.Phone.Agent;
        ua.Registration.Start();
        Assert.True(r.Net.Run(32_000, () => ua.Registration.State == RegistrationState.Registered));
        Assert.True(r.Net.Run(60_000, () => r.Idle(1)));

        // Warm-up: the same round once, with a patient caller, so that every lazily grown buffer
        // (a transaction slot's copy of its largest message) exists before the baseline.
        Round(r, patientCaller: true);
        var walkBefore = Footprint.Walk(ua, stop: r.Net.Owns);
        long heapBefore = Footprint.Baseline();
        r.MaxServer = r.MaxClient = r.MaxTimers = r.MaxLive = r.MaxInFlight = 0;

        RoundStats s = Round(r, patientCaller);

        long heapAfter = Footprint.HeapNear(heapBefore);
        var walkAfter = Footprint.Walk(ua, stop: r.Net.Owns);
        _out.WriteLine($"flood: {FloodSeconds * PerSecond} INVITEs over {FloodSeconds} s ({delayMs} ms each way), {s.Retransmissions} INVITE/CANCEL retransmissions by the callers");
        _out.WriteLine($"  1 rang, {s.Busy} × 486, {s.Unavailable} × 503 (Retry-After); the phone answered {s.Stateless} requests statelessly");
        _out.WriteLine($"  high water: {r.MaxServer}/{Capacity} server, {r.MaxClient}/{Capacity} client transactions, {r.MaxTimers}/{ua.Timers.Capacity} timers, {r.MaxLive} live call, {r.MaxInFlight} datagrams in flight");
        _out.WriteLine($"  the ringing caller's CANCEL was refused {s.CancelRetries} time(s) before it got through; a normal call rang {s.RingsAgainAfter} ms after the flood stopped");
        _out.WriteLine($"  agent retained (model): {walkBefore.FixedBytes} → {walkAfter.FixedBytes} B fixed, transaction buffers {walkBefore.LazyBytes} → {walkAfter.LazyBytes} B in {walkAfter.LazyArrays} arrays (largest {walkAfter.LargestLazyArray} B)");
        _out.WriteLine($"  process heap after a full GC: {heapBefore} → {heapAfter} B ({100.0 * (heapAfter - heapBefore) / heapBefore:+0.00;-0.00} %)");
        AssertBackAtBaseline(walkBefore, walkAfter, ua.Layer.SlotCount);
        // Only growth is the phone's: the baseline can hold the test runner's own transient objects
        // (output on its way to the host, slow to drain on a loaded machine), so the heap after the
        // flood may come out lower than it (1.33 % lower once at load 40) with the agent unchanged.
        Assert.True(heapAfter <= heapBefore * 1.01, $"the process heap grew by the flood: {heapBefore} → {heapAfter} B");
    }

    /// <summary>
    /// Everything the agent holds is what it held before, except the transaction slots' message
    /// copies, which may have grown once more to a larger message (three per slot: request or
    /// response, ACK, matching key; each at most twice the largest datagram the phone writes).
    /// </summary>
    internal static void AssertBackAtBaseline(Footprint.Report before, Footprint.Report after, int slots)
    {
        Assert.Equal(before.FixedBytes, after.FixedBytes);
        Assert.True(after.LazyArrays <= 3 * slots, after.LazyArrays + " transaction buffers for " + slots + " slots");
        Assert.True(after.LargestLazyArray <= 2 * 1536 + 64, "a transaction buffer of " + after.LargestLazyArray + " B");
    }

    /// <summary>One flood and the recovery after it; asserts as it goes; leaves the phone idle and the scripts empty.</summary>
    private static RoundStats Round(Rig r, bool patientCaller)
    {
        var ua = r.Phone.Agent;
        r.Proxy.RetryCancelAfter503 = patientCaller;
        int retriesBefore = r.Proxy.CancelRetries, retransmissionsBefore = r.Proxy.Retransmissions;
        int rejectedBefore = ua.Rejected;
        int ringsBefore = r.Phone.CallEventCounts[(int)CallEventKind.Ringing];
        Assert.True(r.Idle(1), "not idle before the flood: " + r.Describe());

        var calls = Flood(r, FloodSeconds);
        long floodEnd = r.Now;
        // Every caller hears a final response or a ringing phone (it then gives up: CANCEL → 487).
        Assert.True(r.Net.Run(64L * 500, () => calls.All(c => c.FinalAt >= 0 || c.RingingAt >= 0)),
            "callers still waiting: " + calls.Count(c => c.FinalAt < 0 && c.RingingAt < 0));
        Assert.DoesNotContain(calls, c => c.InviteTimedOut);
        var rang = calls.Where(c => c.RingingAt >= 0).ToList();
        Assert.Single(rang);
        Assert.Equal(0, rang[0].FinalCode);
        var shed = calls.Where(c => c.RingingAt < 0).ToList();
        Assert.All(shed, c => Assert.True(c.FinalCode == 486 || c.FinalCode == 503, c.CallId + " got " + c.FinalCode));
        Assert.All(shed.Where(c => c.FinalCode == 503), c => Assert.True(c.RetryAfter > 0, "503 without Retry-After"));
        int busy = shed.Count(c => c.FinalCode == 486), unavailable = shed.Count(c => c.FinalCode == 503);
        Assert.True(busy > 0 && unavailable > 0, "busy " + busy + ", unavailable " + unavailable);
        Assert.InRange(r.MaxServer, Capacity - 2, Capacity);   // the pool filled up (503s above)…
        Assert.Equal(1, r.MaxLive);                             // …and one call at a time rang
        Assert.Equal(ringsBefore + 1, r.Phone.CallEventCounts[(int)CallEventKind.Ringing]);
        Assert.True(ua.Rejected - rejectedBefore >= unavailable);
        int retransmissions = r.Proxy.Retransmissions - retransmissionsBefore;

        // The ringing caller gives up now, while the pool is still full of the flood's transactions.
        var ringing = rang[0];
        r.Proxy.Cancel(ringing);
        r.Net.Run(32_000, () => ringing.FinalCode == 487 || ringing.CancelDoneAt >= 0);
        Assert.True(ringing.FinalCode == 487, "the ringing caller's CANCEL got " + ringing.CancelCode
            + (ringing.CancelCode == 503 ? " (refused like a new request while the server pool was full)" : "")
            + "; the INVITE's final response: " + ringing.FinalCode + "; the phone: " + ua.Calls.Current?.State);
        int cancelRetries = r.Proxy.CancelRetries - retriesBefore;

        // A normal caller, retrying after Retry-After on 503 (and after a second on 486), rings the phone within 32 s.
        ScriptedProxy.UacCall? normal = null;
        while (r.Now - floodEnd <= 32_000)
        {
            var attempt = r.Proxy.Invite();
            normal = attempt;
            r.Net.Run(32_000, () => attempt.RingingAt >= 0 || attempt.FinalAt >= 0);
            if (attempt.RingingAt >= 0) break;
            r.Net.Run(attempt.FinalCode == 503 ? attempt.RetryAfter * 1000L : 1000);
        }
        Assert.True(normal != null && normal.RingingAt >= 0 && normal.RingingAt - floodEnd <= 32_000,
            "no normal call rang within 32 s of the flood's end");
        long ringsAgainAfter = normal!.RingingAt - floodEnd;
        Assert.True(ua.Calls.Answer(r.Phone.LastCallNumber));
        Assert.True(r.Net.Run(32_000, () => normal.OkAt >= 0));
        r.Proxy.Bye(normal);
        Assert.True(r.Net.Run(32_000, () => normal.ByeDoneAt >= 0));

        // Every table back to idle.
        Assert.True(r.Net.Run(120_000, () => r.Idle(1)), "not idle: " + r.Describe());
        Assert.Equal(0, r.Net.Overflow);
        r.Proxy.Forget();
        return new RoundStats(busy, unavailable, ua.Rejected - rejectedBefore, retransmissions, cancelRetries, ringsAgainAfter);
    }

    /// <summary>Rings one call, then sends INVITEs (486: busy; ACKed, they linger T4) until one is refused with 503: the pool is full.</summary>
    private static ScriptedProxy.UacCall RingThenFillThePool(Rig r, bool answer)
    {
        var ringing = r.Proxy.Invite();
        Assert.True(r.Net.Run(1000, () => ringing.RingingAt >= 0));
        if (answer)
        {
            Assert.True(r.Phone.Agent.Calls.Answer(r.Phone.LastCallNumber));
            Assert.True(r.Net.Run(1000, () => ringing.OkAt >= 0));
            r.Net.Settle();
        }
        for (int i = 0; i <= Capacity; i++)
        {
            var busy = r.Proxy.Invite();
            Assert.True(r.Net.Run(1000, () => busy.FinalAt >= 0));
            if (busy.FinalCode == 503) return ringing;
            Assert.Equal(486, busy.FinalCode);
        }
        throw new Xunit.Sdk.XunitException("the server pool never filled up");
    }

    /// <summary>
    /// A CANCEL is not a new request: it ends one that is running. Refused with 503 when the
    /// server pool is full of new work, the phone would ring on — RFC 3261 §9.1 gives the caller no
    /// retry — until someone answers, and every other caller would get 486.
    /// </summary>
    [Fact]
    public void A_CANCEL_that_arrives_while_the_server_pool_is_full_still_stops_the_ringing_call()
    {
        var r = new Rig(0);
        var ringing = RingThenFillThePool(r, answer: false);
        r.Proxy.Cancel(ringing);
        r.Net.Run(1000, () => ringing.CancelDoneAt >= 0 && ringing.FinalAt >= 0);
        Assert.True(ringing.CancelCode == 200 && ringing.FinalCode == 487 && r.Phone.Agent.Calls.Current == null,
            "CANCEL got " + ringing.CancelCode + ", the INVITE " + ringing.FinalCode + "; the phone: " + r.Phone.Agent.Calls.Current?.State);
    }

    /// <summary>
    /// Likewise a BYE during a flood: refused with 503, the caller has hung up anyway (§15.1.1: the
    /// session ends for the UAC whatever the answer), and the phone would stay in the call,
    /// answering every new caller 486 until the user hangs up.
    /// </summary>
    [Fact]
    public void A_BYE_that_arrives_while_the_server_pool_is_full_still_ends_the_call()
    {
        var r = new Rig(0);
        var call = RingThenFillThePool(r, answer: true);
        r.Proxy.Bye(call);
        r.Net.Run(1000, () => call.ByeDoneAt >= 0);
        Assert.True(call.ByeCode == 200 && r.Phone.Agent.Calls.Current == null,
            "BYE got " + call.ByeCode + "; the phone: " + r.Phone.Agent.Calls.Current?.State);
    }

    /// <summary>
    /// In-dialog requests for dialogs that do not exist (stray BYEs, 2× the pool per second) are
    /// answered 481 through server transactions that live Timer J = 64·T1; the slots kept for
    /// CANCEL/BYE/in-dialog requests must not go to them, or the real caller's BYE is refused
    /// and the phone stays in a call nobody is on.
    /// </summary>
    [Fact]
    public void Stray_in_dialog_requests_do_not_take_the_slots_a_real_BYE_needs()
    {
        var r = new Rig(0);
        var call = r.Proxy.Invite();
        Assert.True(r.Net.Run(1000, () => call.RingingAt >= 0));
        Assert.True(r.Phone.Agent.Calls.Answer(r.Phone.LastCallNumber));
        Assert.True(r.Net.Run(1000, () => call.OkAt >= 0));
        r.Net.Run(1000);
        for (int i = 0; i < 5 * PerSecond; i++)
        {
            r.Proxy.StrayBye();
            r.Net.Run(1000 / PerSecond);
        }
        r.Proxy.Bye(call);
        r.Net.Run(1000, () => call.ByeDoneAt >= 0);
        Assert.True(call.ByeCode == 200 && r.Phone.Agent.Calls.Current == null,
            "the real BYE got " + call.ByeCode + " after " + 5 * PerSecond + " stray BYEs; the phone: " + r.Phone.Agent.Calls.Current?.State
            + "; server transactions " + r.Phone.Agent.Layer.ServerCount + "/" + Capacity);
    }
}
