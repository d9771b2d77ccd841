using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoPhone.Sip.Tests.Load;
using System.Text.RegularExpressions;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Memory;

/// <summary>
/// Exact allocation counts (GC.GetAllocatedBytesForCurrentThread around the phone; the rig's peer
/// allocates nothing) for whole calls, registration refreshes, every kind of retransmission and
/// keep-alives, and the retained size of a UserAgent, measured here and projected for nanoCLR on
/// an ESP32. Printed by the MemoryFootprint benchmark's setup; `Print(Console.Out)` anywhere else.
/// </summary>
public static class MemoryReport
{
    public const int Target487 = 4096;

    public sealed record Row(string What, double Bytes, string Target, int Samples);

    /// <summary>Bytes allocated per op, after warm-up ops (JIT, lazily grown buffers).</summary>
    public static double PerOp(Action op, int runs, int warmUp = 20)
    {
        for (int i = 0; i < warmUp; i++) op();
        long a = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++) op();
        return (double)(GC.GetAllocatedBytesForCurrentThread() - a) / runs;
    }

    /// <summary>Bytes allocated by step alone, averaged: before sets the scene, after cleans up (neither counted).</summary>
    private static double PerOpStep(PhoneRig rig, Action step, Action after, Action? before = null, int runs = 50)
    {
        long total = 0;
        for (int i = 0; i < runs; i++)
        {
            before?.Invoke();
            long a = GC.GetAllocatedBytesForCurrentThread();
            step();
            total += GC.GetAllocatedBytesForCurrentThread() - a;
            after();
        }
        return (double)total / runs;
    }

    /// <summary>
    /// Steps the rig's timers; counts the steps that sent exactly one datagram identical to the one
    /// sent before it (a retransmission) and what those steps allocated. Other steps (the first
    /// send, timeouts) are not counted. Returns bytes per retransmission.
    /// </summary>
    private static (double Bytes, int Count) Retransmissions(PhoneRig rig, Func<bool> more, int maxSteps = 100)
    {
        long bytes = 0;
        int count = 0;
        for (int i = 0; i < maxSteps && more(); i++)
        {
            long sent = rig.Sent, re = rig.Retransmissions;
            long a = GC.GetAllocatedBytesForCurrentThread();
            if (!rig.Step()) break;
            long d = GC.GetAllocatedBytesForCurrentThread() - a;
            if (rig.Sent - sent == 1 && rig.Retransmissions - re == 1)
            {
                bytes += d;
                count++;
            }
        }
        return (count == 0 ? double.NaN : (double)bytes / count, count);
    }

    public static List<Row> Allocations(int runs = 200)
    {
        var rows = new List<Row>();

        var calls = new PhoneRig();
        rows.Add(new Row("incoming call: INVITE → 100/180 → CANCEL → 200/487 → ACK (whole call, timers run out)", PerOp(calls.IncomingCancelled, runs), "≤ " + Target487, runs));
        rows.Add(new Row("incoming call answered: INVITE → 180 → 200 → ACK → BYE → 200 (whole call)", PerOp(calls.IncomingAnswered, runs), "", runs));
        rows.Add(new Row("outgoing call: INVITE → 180/200 → ACK → hang up: BYE → 200 (whole call)", PerOp(calls.Outgoing, runs), "", runs));

        var reg = new PhoneRig();
        reg.Register();
        rows.Add(new Row("REGISTER refresh → 200 (refresh timer fires; Timer K runs out)", PerOp(reg.RegisterRefresh, runs), "", runs));

        var ringing = new PhoneRig();
        ringing.Ring();
        rows.Add(new Row("INVITE retransmission received while ringing (180 resent)", PerOp(ringing.InviteRetransmission, runs * 10), "0", runs * 10));

        // Timer A: the callee never answers; INVITE resent at 0.5, 1.5, 3.5 … 31.5 s, then Timer B.
        var silent = new PhoneRig { WithholdInviteReply = true };
        double timerA = 0;
        int timerACount = 0;
        for (int call = 0; call < 12; call++)
        {
            silent.Agent.Calls.Dial("1234", out _);
            silent.Pump();
            var (b, c) = Retransmissions(silent, () => silent.Agent.Calls.Current != null);
            silent.Drain(0);
            if (call < 2) continue;   // warm-up
            timerA += b * c;
            timerACount += c;
        }
        rows.Add(new Row("INVITE retransmission sent (Timer A, no answer)", timerA / timerACount, "0", timerACount));

        // Timer E: the registrar goes silent; the refresh REGISTER is resent until Timer F.
        var deaf = new PhoneRig();
        deaf.Register();
        deaf.WithholdRegisterReply = true;
        deaf.Step();   // the refresh: first send
        var (timerE, timerECount) = Retransmissions(deaf, () => deaf.Agent.Layer.ClientCount > 0);
        rows.Add(new Row("REGISTER retransmission (Timer E, no answer)", timerE, "0", timerECount));

        // Timer G: the caller never ACKs the 487.
        var noAck = new PhoneRig { WithholdAcks = true };
        double timerG = 0, ok2xx = 0;
        int timerGCount = 0, ok2xxCount = 0;
        for (int call = 0; call < 6; call++)
        {
            noAck.Ring();
            noAck.Cancel();
            var (b, c) = Retransmissions(noAck, () => noAck.Agent.Layer.ServerCount > 0);
            noAck.Drain(0);
            if (call < 2) continue;
            timerG += b * c;
            timerGCount += c;
        }
        rows.Add(new Row("487 retransmission (Timer G, no ACK)", timerG / timerGCount, "0", timerGCount));

        // The 2xx resent T1, 2T1 … T2 until the ACK that never comes (then BYE at 64·T1).
        for (int call = 0; call < 6; call++)
        {
            noAck.Ring();
            noAck.Answer();
            noAck.Pump();
            var (b, c) = Retransmissions(noAck, () => noAck.Agent.Calls.Current != null);
            noAck.Drain(0);
            if (call < 2) continue;
            ok2xx += b * c;
            ok2xxCount += c;
        }
        rows.Add(new Row("200 OK retransmission (T1…T2 until ACK, none comes)", ok2xx / ok2xxCount, "0", ok2xxCount));

        var ka = new PhoneRig(keepAliveSeconds: 30, expires: 2_000_000);
        ka.Register();
        long kaBytes = 0;
        int kaCount = 0;
        for (int i = 0; i < runs * 10 + 20; i++)
        {
            long k = ka.KeepAlivesSent, s = ka.Sent;
            long a = GC.GetAllocatedBytesForCurrentThread();
            ka.Step();
            long d = GC.GetAllocatedBytesForCurrentThread() - a;
            if (i >= 20 && ka.KeepAlivesSent - k == 1 && ka.Sent - s == 1)
            {
                kaBytes += d;
                kaCount++;
            }
        }
        rows.Add(new Row("CRLF keep-alive (timer fires, 4 bytes sent)", (double)kaBytes / kaCount, "0", kaCount));
        return rows;
    }

    /// <summary>A UserAgent like the firmware's, with capacity server and client transactions (default 8 + 8, the bench rig's) and 2 call slots; events and transport elsewhere.</summary>
    public static UserAgent NewAgent(IDatagramSender sender, IAgentEvents events, int capacity = PhoneRig.Capacity)
        => NewAgent(sender, events, new AgentCapacity(capacity, capacity, 2));

    /// <summary>A UserAgent with the given tables: <see cref="AgentCapacity.Device"/> is the firmware's.</summary>
    public static UserAgent NewAgent(IDatagramSender sender, IAgentEvents events, AgentCapacity capacity)
    {
        var settings = new AgentSettings { User = "linda", Password = "linda-secret", Domain = "nanophone.test", Expires = 3600 };
        settings.Server.CopyFrom(new Endpoint("192.0.2.1", 5060));
        return new UserAgent(settings, new ManualClock(0), sender, events, new Randomness(1), new Endpoint("192.0.2.10", 5060), capacity);
    }

    /// <summary>The nanoCLR model of a rig's agent after registering, 2 incoming calls, 1 outgoing call and a refresh.</summary>
    private static Footprint.Report Steady(AgentCapacity? capacity)
    {
        var rig = new PhoneRig(capacity: capacity);
        rig.Register();
        rig.IncomingAnswered();
        rig.IncomingCancelled();
        rig.Outgoing();
        rig.RegisterRefresh();
        return Footprint.Walk(rig.Agent, Footprint.Model.NanoClr, o => rig.Owns(o));
    }

    /// <summary>Planning worst case: every slot's message copy at the writers' 1536 B cap, every client slot an ACK copy, every key.</summary>
    private static long Worst(UserAgent ua)
    {
        int slots = ua.Layer.SlotCount;
        return slots * Footprint.ArraySize(typeof(byte), 1536, Footprint.Model.NanoClr)
            + ua.Layer.ClientCapacity * Footprint.ArraySize(typeof(byte), 512, Footprint.Model.NanoClr)
            + slots * Footprint.ArraySize(typeof(byte), 128, Footprint.Model.NanoClr);
    }

    private sealed class Null : IDatagramSender, IAgentEvents
    {
        public bool Send(byte[] buf, int off, int len, Endpoint to) => true;
        public void OnRegistration(RegistrationState state, string contact, int expires, string detail) { }
        public void OnCall(CallEvent e) { }
    }

    public static void Print(TextWriter o)
    {
        o.WriteLine();
        o.WriteLine("==== NanoPhone memory (bench/Memory) ====");
        o.WriteLine("Allocated bytes per operation: exact, this thread's GC.GetAllocatedBytesForCurrentThread around the phone");
        o.WriteLine("(the in-memory peer allocates nothing); after warm-up; CoreCLR x64 sizes (strings 2 B/char).");
        foreach (Row r in Allocations())
            o.WriteLine($"  {r.Bytes,8:F0} B  {r.What}{(r.Target.Length > 0 ? "   [target " + r.Target + "]" : "")}  (n={r.Samples})");
        var steps = new PhoneRig();
        for (int i = 0; i < 20; i++) steps.IncomingCancelled();
        double ring = PerOpStep(steps, () => steps.Ring(), () => { steps.Cancel(); steps.Drain(0); });
        double cancel = PerOpStep(steps, () => steps.Cancel(), () => steps.Drain(0), before: () => steps.Ring());
        double timers = PerOpStep(steps, () => steps.Drain(0), () => { }, before: () => { steps.Ring(); steps.Cancel(); });
        o.WriteLine($"  where the 487 call's bytes go: INVITE → 100/180 (rings) {ring:F0} B; CANCEL → 200/487, ACK {cancel:F0} B; its timers running out {timers:F0} B");
        o.WriteLine("  (the strings handed to the application: the peer \"Name <uri>\" and event details; nothing is retained)");

        // Retained size, this process.
        var nul = new Null();
        NewAgent(nul, nul);
        long heap0 = Heap();
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        UserAgent ua = NewAgent(nul, nul);
        long ctorAlloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        long heap1 = Heap();
        o.WriteLine();
        o.WriteLine($"Retained by one UserAgent (capacity {PhoneRig.Capacity}), this process (CoreCLR x64):");
        o.WriteLine($"  allocated by the constructor {ctorAlloc} B; GC heap after a full collection grew by {heap1 - heap0} B");
        o.WriteLine($"  walked (model): {Footprint.Walk(ua).Bytes} B in {Footprint.Walk(ua).Objects} objects");
        GC.KeepAlive(ua);

        // nanoCLR projection: the bench rig's tables (8 + 8 transactions) and the firmware's (AgentCapacity.Device()).
        var fresh = Footprint.Walk(ua, Footprint.Model.NanoClr);
        UserAgent device = NewAgent(nul, nul, AgentCapacity.Device());
        var freshDevice = Footprint.Walk(device, Footprint.Model.NanoClr);
        var used = Steady(null);
        var usedDevice = Steady(AgentCapacity.Device());
        long worst = Worst(ua), worstDevice = Worst(device);
        AgentCapacity dc = device.Capacity;
        o.WriteLine();
        o.WriteLine("ESP32 projection (nanoCLR model: an object = 12-byte header block + 12 B per field; an array = 20 B + elements");
        o.WriteLine("(references 12 B), in 12-byte blocks; a string = 16 B + UTF-8 + 1, in 12-byte blocks), 2 call slots:");
        const string row = "  {0,-58}{1,9} B  {2,9} B  {3}";
        o.WriteLine(row.Replace(",9} B", ",11}"), "", PhoneRig.Capacity + " + " + PhoneRig.Capacity + " tx", dc.ServerTransactions + " + " + dc.ClientTransactions + " tx", "(AgentCapacity.Device(): the firmware's)");
        o.WriteLine(row, "UserAgent as constructed:", fresh.Bytes, freshDevice.Bytes, $"({fresh.Objects} / {freshDevice.Objects} objects)");
        o.WriteLine(row, "after registering, 2 incoming calls, 1 outgoing call:", used.Bytes, usedDevice.Bytes,
            $"(transaction buffers {used.LazyBytes} / {usedDevice.LazyBytes} B, largest {used.LargestLazyArray} B)");
        o.WriteLine(row, "buffers if every slot held a 1.5 KB message (+ ACKs, keys):", worst, worstDevice,
            $"({ua.Layer.SlotCount} / {device.Layer.SlotCount} slots, an ACK copy per client slot)");
        o.WriteLine(string.Format(row, "⇒ signalling heap, one call + registration, steady:", used.Bytes, usedDevice.Bytes, "").TrimEnd());
        o.WriteLine(string.Format(row, "  high-water mark (as constructed + those buffers):", fresh.Bytes + worst, freshDevice.Bytes + worstDevice, "").TrimEnd());
        var small = NewAgent(nul, nul, 4);
        long smallBytes = Footprint.Walk(small, Footprint.Model.NanoClr).Bytes;
        o.WriteLine($"  per transaction unit (a client + a server slot + 4 timers): {(freshDevice.Bytes - fresh.Bytes) / (double)(dc.ServerTransactions - PhoneRig.Capacity):F0} B ({(fresh.Bytes - smallBytes) / (double)(PhoneRig.Capacity - 4):F0} B from 4 + 4 to 8 + 8)");
        o.WriteLine("    (ByteStore grows by doubling, so one copy can reach 2 × its largest message: ≤ 3 KB each in theory)");
        o.WriteLine("    plus the firmware's receive buffer and per-call garbage (see above; collected, but the GC needs that much free).");

        o.WriteLine();
        o.WriteLine("Where it goes (nanoCLR model, UserAgent as constructed, objects + arrays + strings):");
        var all = Footprint.Paths(ua, Footprint.Model.NanoClr, objects: true);
        string[][] buckets =
        {
            new[] { "UserAgent.Calls._calls[", "call slots: SipCall × " + AgentCapacity.Device().Calls + " (AgentCapacity.Device): INVITE and 2xx/ACK copies, dialog, negotiated media" },
            new[] { "UserAgent.Calls._dialer._outgoing", "Dialer._outgoing: the one outgoing call's target, redirects tried/candidates, digest retry" },
            new[] { "UserAgent.Calls._dialer._stray", "Dialer._stray: a SipDialog, only to ACK+BYE a losing fork's 2xx" },
            new[] { "UserAgent.Calls._dialer", "Dialer: URI and Contact scratch" },
            new[] { "UserAgent.Calls", "CallManager: SDP writer, parsed SDP, tag, branch and hop scratch of the call machines; media ports" },
            new[] { "UserAgent.Layer._pool", "transaction pool: " + ua.Layer.SlotCount + " SipTransaction slots (message copies grow later)" },
            new[] { "UserAgent.Layer", "transaction layer (its parser, scratch message and writer are the agent's)" },
            new[] { "UserAgent.Timers", "timer queue: " + ua.Timers.Capacity + " timers" },
            new[] { "UserAgent.Registration", "registration: digest retry (challenge, session), URI buffer" },
            new[] { "UserAgent._context", "context given to registration and calls: scratch message, challenge probe, local contact" },
            new[] { "UserAgent", "agent: receive message; shared by all parts: writer 1.5 KB, parser; settings" },
        };
        foreach (string[] b in buckets)
        {
            long sum = 0;
            foreach (var kv in all.ToList())
            {
                if (!kv.Key.StartsWith(b[0], StringComparison.Ordinal)) continue;
                sum += kv.Value;
                all.Remove(kv.Key);
            }
            o.WriteLine($"  {sum,7} B  {b[1]}");
        }

        o.WriteLine();
        o.WriteLine("Biggest preallocations (nanoCLR model, UserAgent as constructed; [*] = summed over the pool):");
        var groups = new Dictionary<string, (int Count, long Bytes)>();
        foreach (var kv in Footprint.Paths(ua, Footprint.Model.NanoClr))
        {
            string key = Regex.Replace(kv.Key, @"\[\d+\]", "[*]");
            groups.TryGetValue(key, out var g);
            groups[key] = (g.Count + 1, g.Bytes + kv.Value);
        }
        var objects = fresh.ByType.OrderByDescending(t => t.Value.Bytes).Where(t => !t.Key.EndsWith("[]") && t.Key != "string").Take(6)
            .Select(t => $"{t.Key} {t.Value.Count}× = {t.Value.Bytes} B");
        foreach (var g in groups.OrderByDescending(g => g.Value.Bytes).Take(24))
            o.WriteLine($"  {g.Value.Bytes,7} B  {g.Value.Count,3} × {g.Value.Bytes / g.Value.Count,5} B  {g.Key}");
        o.WriteLine($"  objects' own field blocks (not arrays): {string.Join("; ", objects)}");
        o.WriteLine("==== end ====");
        o.WriteLine();
    }

    private static long Heap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(true);
    }
}
