using System;
using System.Diagnostics;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// 10,000 calls through the in-memory network on a manual clock, one after the other, of six
/// kinds in turn (missed: INVITE → CANCEL → 487; answered, caller hangs up; answered, phone hangs
/// up; declined 603; outgoing answered and hung up; outgoing to a busy callee), the phone
/// registered all along (refreshes every 54 min of simulated time, CRLF keep-alive every 25 s).
/// After each call, once its timers expire, nothing of it is left: no transaction in either pool,
/// only the registration's two timers in the queue, no live call. After all of them and a forced
/// GC the heap is where it was after the warm-up: the agent's own objects byte for byte (model),
/// the process heap within ±1 %.
/// </summary>
[Collection("Load")]
public class EnduranceTests
{
    /// <summary>At least 10,000, and a multiple of the six kinds, so the run ends on the kind the warm-up ended on.</summary>
    public const int Calls = 10_002;
    public const int WarmUp = 120;
    private const int IdleTimers = 2;   // registration refresh + keep-alive

    private readonly ITestOutputHelper _out;

    public EnduranceTests(ITestOutputHelper output) => _out = output;

    internal sealed class Rig
    {
        public readonly ManualClock Clock = new(1_000_000);
        public readonly InMemoryNetwork Net;
        public readonly Phone Phone;
        public readonly ScriptedProxy Proxy;
        public readonly int[] Kinds = new int[6];
        /// <summary>What the agent allocated per kind of call (Phone.Allocated around each).</summary>
        public readonly long[] AllocatedByKind = new long[6];

        public Rig()
        {
            Net = new InMemoryNetwork(Clock, 7, capacity: 256, preallocate: true) { DefaultDelayMs = 5 };
            var phoneAt = new Endpoint("127.0.0.1", 5062);
            var proxyAt = new Endpoint("127.0.0.1", 5070);
            Phone = new Phone(Net, phoneAt, "linda", proxyAt, 2024) { RecordEvents = false };
            Phone.Settings.KeepAliveSeconds = 25;
            Proxy = new ScriptedProxy(Net, proxyAt, phoneAt) { Challenge = true };
        }

        public bool Idle => Phone.IsIdle && Phone.Agent.Timers.Count == IdleTimers && Proxy.PendingCount == 0;

        public string Describe() => Phone.Agent.Layer.ServerCount + " server, " + Phone.Agent.Layer.ClientCount + " client transactions, "
            + Phone.Agent.Timers.Count + " timers, call " + (Phone.Agent.Calls.Current?.State.ToString() ?? "none")
            + ", proxy resending " + Proxy.PendingCount + ", registration " + Phone.Agent.Registration.State;

        private void Expect(bool ok, int i, string what)
        {
            if (!ok) throw new Xunit.Sdk.XunitException("call " + i + " (kind " + i % 6 + "): " + what + "; " + Describe());
        }

        /// <summary>One call of kind i % 6, then its timers run out.</summary>
        public void Call(int i)
        {
            int kind = i % 6;
            Kinds[kind]++;
            long allocated = Phone.Allocated;
            if (kind < 4)
            {
                var c = Proxy.Invite();
                Expect(Net.Run(1000, () => c.RingingAt >= 0), i, "no ringing");
                int n = Phone.LastCallNumber;
                switch (kind)
                {
                    case 0:
                        Proxy.Cancel(c);
                        Expect(Net.Run(1000, () => c.FinalCode == 487 && c.CancelDoneAt >= 0), i, "no 487");
                        break;
                    case 1:
                        Expect(Phone.Measure(ua => ua.Calls.Answer(n)), i, "Answer");
                        Expect(Net.Run(1000, () => c.OkAt >= 0), i, "no 200");
                        Net.Run(50);
                        Proxy.Bye(c);
                        Expect(Net.Run(1000, () => c.ByeDoneAt >= 0 && c.ByeCode == 200), i, "BYE not answered 200");
                        break;
                    case 2:
                        Expect(Phone.Measure(ua => ua.Calls.Answer(n)), i, "Answer");
                        Expect(Net.Run(1000, () => c.OkAt >= 0), i, "no 200");
                        Net.Run(50);
                        Expect(Phone.Measure(ua => ua.Calls.HangUp(n)), i, "HangUp");
                        Expect(Net.Run(1000, () => c.PhoneByeAt >= 0), i, "no BYE from the phone");
                        break;
                    default:
                        Expect(Phone.Measure(ua => ua.Calls.Reject(n)), i, "Reject");
                        Expect(Net.Run(1000, () => c.FinalCode == 603), i, "no 603");
                        break;
                }
            }
            else
            {
                Proxy.AnswerCode = kind == 4 ? 200 : 486;
                string? error = null;
                int n = Phone.Measure(ua => ua.Calls.Dial("1234", out error));
                Expect(n > 0, i, "Dial: " + error);
                if (kind == 4)
                {
                    Expect(Net.Run(1000, () => Phone.LastCallNumber == n && Phone.LastCallEvent == CallEventKind.Answered), i, "not answered");
                    Net.Run(50);
                    Expect(Phone.Measure(ua => ua.Calls.HangUp(n)), i, "HangUp");
                    Expect(Net.Run(1000, () => Proxy.LastUas?.ByeAt >= 0), i, "no BYE at the callee");
                }
                else
                {
                    Expect(Net.Run(1000, () => Phone.LastCallNumber == n && Phone.LastCallEvent == CallEventKind.Failed), i, "busy callee: no failure");
                }
            }
            // 64·T1 (Timers B/D/F/H/J/L/M) + T4, plus the trip: then nothing of this call may be left.
            Expect(Net.Run(40_000, () => Idle), i, "not idle 40 s after the call");
            Expect(Phone.Agent.Registration.State == RegistrationState.Registered, i, "registration lost");
            Proxy.Forget();
            AllocatedByKind[kind] += Phone.Allocated - allocated;
        }
    }

    [Fact]
    public void Ten_thousand_calls_leave_no_state_behind_and_the_heap_returns_to_its_baseline()
    {
        var r = new Rig();
        var ua = r.Phone.Agent;
        ua.Registration.Start();
        Assert.True(r.Net.Run(10_000, () => ua.Registration.State == RegistrationState.Registered));
        Assert.True(r.Net.Run(40_000, () => r.Idle), r.Describe());

        for (int i = 0; i < WarmUp; i++) r.Call(i);
        var before = Footprint.Walk(ua, stop: r.Net.Owns);
        var pathsBefore = Footprint.Paths(ua, stop: r.Net.Owns);
        long heapBefore = Footprint.Baseline();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long phoneAllocatedBefore = r.Phone.Allocated;
        var kindsBefore = (int[])r.Kinds.Clone();
        var byKindBefore = (long[])r.AllocatedByKind.Clone();
        int registersBefore = r.Proxy.RegisterOks, keepAlivesBefore = r.Proxy.KeepAlives;
        long simStart = r.Clock.NowMs;
        var wall = Stopwatch.StartNew();

        for (int i = WarmUp; i < WarmUp + Calls; i++) r.Call(i);
        int extra = int.Parse(Environment.GetEnvironmentVariable("ENDURANCE_EXTRA_ROUNDS") ?? "0");
        for (int round = 1; round <= extra; round++)
        {
            long h0 = Footprint.Heap();
            for (int i = 0; i < Calls; i++) r.Call(WarmUp + round * Calls + i);
            _out.WriteLine($"  extra round {round}: heap {h0} → {Footprint.Heap()} (vs baseline {heapBefore})");
        }

        wall.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long phoneAllocated = r.Phone.Allocated - phoneAllocatedBefore;
        long heapAfter = Footprint.HeapNear(heapBefore);
        var after = Footprint.Walk(ua, stop: r.Net.Owns);
        var pathsAfter = Footprint.Paths(ua, stop: r.Net.Owns);

        var counts = r.Phone.CallEventCounts;
        _out.WriteLine($"{Calls} calls in {wall.ElapsedMilliseconds} ms wall ({(double)wall.ElapsedMilliseconds * 1000 / Calls:F0} µs per call), "
            + $"{(r.Clock.NowMs - simStart) / 3_600_000.0:F1} h simulated; {r.Proxy.RegisterOks - registersBefore} REGISTER refreshes, {r.Proxy.KeepAlives - keepAlivesBefore} keep-alives");
        _out.WriteLine($"  missed {counts[(int)CallEventKind.Missed]}, answered {counts[(int)CallEventKind.Answered]}, ended {counts[(int)CallEventKind.Ended]}, "
            + $"declined {counts[(int)CallEventKind.Rejected]}, failed {counts[(int)CallEventKind.Failed]}; phone dropped {ua.Dropped}, rejected {ua.Rejected}");
        _out.WriteLine($"  allocated: {phoneAllocated / Calls} B per call by the phone (garbage, not retained), {allocated / Calls} B with the scripted peers");
        string[] names = { "missed (INVITE → CANCEL → 487)", "answered, caller hangs up", "answered, phone hangs up", "declined 603", "outgoing, answered, phone hangs up", "outgoing, callee busy 486" };
        for (int k = 0; k < 6; k++)
        {
            long n = r.Kinds[k] - kindsBefore[k];
            _out.WriteLine($"    {names[k]}: {(r.AllocatedByKind[k] - byKindBefore[k]) / Math.Max(1, n)} B per call by the phone (incl. its share of refreshes and keep-alives)");
        }
        _out.WriteLine($"  agent retained (model): {before.FixedBytes} → {after.FixedBytes} B fixed, transaction buffers {before.LazyBytes} → {after.LazyBytes} B in {after.LazyArrays} arrays");
        foreach (string line in Footprint.Diff(pathsBefore, pathsAfter)) _out.WriteLine("  changed: " + line);
        _out.WriteLine($"  process heap after a full GC: {heapBefore} → {heapAfter} B ({100.0 * (heapAfter - heapBefore) / heapBefore:+0.00;-0.00} %)");

        int[] kinds = r.Kinds;
        Assert.Equal(kinds[0], counts[(int)CallEventKind.Missed]);
        Assert.Equal(kinds[1] + kinds[2] + kinds[4], counts[(int)CallEventKind.Answered]);
        Assert.Equal(kinds[1] + kinds[2] + kinds[4], counts[(int)CallEventKind.Ended]);
        Assert.Equal(kinds[3], counts[(int)CallEventKind.Rejected]);
        Assert.Equal(kinds[5], counts[(int)CallEventKind.Failed]);
        Assert.Equal(0, ua.Dropped);
        Assert.Equal(0, ua.Rejected);
        Assert.Equal(0, r.Proxy.Unhandled);
        Assert.Equal(0, r.Net.Overflow);
        Assert.True(r.Proxy.RegisterOks - registersBefore > 50, "few refreshes");
        OverloadTests.AssertBackAtBaseline(before, after, ua.Layer.SlotCount);
        // Only growth is the phone's (see OverloadTests: the baseline may hold the runner's transient objects).
        Assert.True(heapAfter <= heapBefore * 1.01, $"the process heap grew over the calls: {heapBefore} → {heapAfter} B");
    }
}
