using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// 30 % loss each way, seeded (20 seeds per scenario, each a different loss pattern), 10 ms one
/// way: everything completes through retransmissions alone, within RFC 3261's bounds for each step.
/// Both sides retransmit: the peer is either the scripted proxy (registrar, caller, callee; RFC
/// timers of its own) or a second NanoPhone (phone A calls phone B directly).
/// Bounds, with T1 = 500 ms: a REGISTER completes within Timer F (64·T1 = 32 s), two when
/// challenged; an INVITE reaches the callee within Timer B (64·T1) of the first send; a 2xx is
/// ACKed within 64·T1 of the answer (§13.3.1.4, else the UAS ends the call); the caller hears the
/// 2xx within Timer B + 64·T1 of dialling; BYE and CANCEL complete within Timer F; afterwards every
/// transaction and timer is gone within 64·T1 + T4 (Timers D/H/J/K/L/M, I).
/// </summary>
[Collection("Load")]
public class LossTests
{
    public const double Loss = 0.30;
    public const int DelayMs = 10;
    /// <summary>
    /// Seeds 1…20; LOSS_SEEDS=1000 runs more. At 30 % loss a timeout is sometimes the right outcome:
    /// a REGISTER whose 11 copies (Timer E within Timer F) all lose either the request or the answer
    /// (p = 0.51¹¹ ≈ 0.06 %) — seed 753 does that; every other of 1,000 seeds passes every scenario.
    /// </summary>
    public static readonly int[] Seeds = Enumerable.Range(1, int.Parse(Environment.GetEnvironmentVariable("LOSS_SEEDS") ?? "20")).ToArray();

    private static readonly TimerSettings T = new();
    private static readonly long TimerB = T.TimerB, TimerF = T.TimerF, Rfc2xx = 64L * T.T1;
    /// <summary>Everything ends: the longest wait state (64·T1) plus Timer I/K (T4), plus the last datagram's trip.</summary>
    private static readonly long Drain = 64L * T.T1 + T.T4 + 1000;

    private readonly ITestOutputHelper _out;
    /// <summary>Every network a scenario built, for the statistics printed after it.</summary>
    private static readonly List<InMemoryNetwork> Networks = new();

    public LossTests(ITestOutputHelper output) => _out = output;

    /// <summary>What reached a phone: the first line and CSeq method of each datagram, with the time.</summary>
    private sealed class Arrivals
    {
        public readonly List<(long At, string Line, string CSeq)> Seen = new();

        public Arrivals(Phone phone)
        {
            phone.Tap = (buf, off, len) =>
            {
                if (SipText.IsKeepAlive(buf, off, len)) return;
                var m = SipText.Parse(buf, off, len);
                Seen.Add((phone.Network.Clock.NowMs, m.StartLine, m.CSeqMethod));
            };
        }

        /// <summary>When a datagram whose first line starts with line (and CSeq method, if given) first arrived, or -1.</summary>
        public long First(string line, string? cseq = null)
        {
            foreach (var s in Seen)
            {
                if (s.Line.StartsWith(line, StringComparison.Ordinal) && (cseq == null || s.CSeq == cseq)) return s.At;
            }
            return -1;
        }

        public bool Any(string line, string? cseq = null) => First(line, cseq) >= 0;
    }

    private sealed class World
    {
        public readonly ManualClock Clock = new(1_000_000);
        public readonly InMemoryNetwork Net;
        public readonly Phone Phone;
        public readonly ScriptedProxy Proxy;
        public readonly Arrivals AtPhone;

        public World(int seed)
        {
            Net = new InMemoryNetwork(Clock, seed) { DefaultLoss = Loss, DefaultDelayMs = DelayMs };
            Networks.Add(Net);
            var phoneAt = new Endpoint("127.0.0.1", 5062);
            var proxyAt = new Endpoint("127.0.0.1", 5070);
            Phone = new Phone(Net, phoneAt, "linda", proxyAt, (uint)seed * 7919u);
            Proxy = new ScriptedProxy(Net, proxyAt, phoneAt);
            AtPhone = new Arrivals(Phone);
        }

        public long Now => Clock.NowMs;
    }

    /// <summary>Runs scenario for each seed; collects every seed's failure instead of stopping at the first.</summary>
    private void ForEachSeed(string scenario, Func<int, string?> run)
    {
        var failures = new List<string>();
        Networks.Clear();
        foreach (int seed in Seeds)
        {
            string? why;
            try { why = run(seed); }
            catch (Exception e) { why = "threw " + e; }
            if (why == null && Networks.Count > 0 && Networks[^1].Overflow > 0) why = "the test network overflowed";
            if (why != null) failures.Add("seed " + seed + ": " + why);
        }
        long sent = Networks.Sum(n => n.Sent), lost = Networks.Sum(n => n.Lost);
        Networks.Clear();
        _out.WriteLine(scenario + ": " + (Seeds.Length - failures.Count) + "/" + Seeds.Length + " seeds within the RFC bounds; "
            + sent + " datagrams sent, " + lost + " lost (" + (100.0 * lost / Math.Max(1, sent)).ToString("F1") + " %)");
        Assert.True(failures.Count == 0, scenario + " failed:\n" + string.Join("\n", failures));
    }

    /// <summary>Lets every timer run out; then nothing of the calls may be left.</summary>
    private static string? Drained(Phone phone, int idleTimers, string where)
    {
        phone.Network.Run(Drain);
        var ua = phone.Agent;
        if (ua.Layer.ClientCount != 0 || ua.Layer.ServerCount != 0 || ua.Timers.Count != idleTimers || ua.Calls.Current != null)
            return where + ": not idle after " + Drain + " ms: " + ua.Layer.ClientCount + " client / " + ua.Layer.ServerCount
                + " server transactions, " + ua.Timers.Count + " timers (idle: " + idleTimers + "), call " + (ua.Calls.Current?.State.ToString() ?? "none");
        return null;
    }

    private static string Within(string what, long took, long bound) => what + " took " + took + " ms (bound " + bound + " ms)";

    [Fact]
    public void REGISTER_completes_within_Timer_F_at_30_percent_loss()
    {
        long worst = 0;
        ForEachSeed("REGISTER", seed =>
        {
            var w = new World(seed);
            long t0 = w.Now;
            w.Phone.Agent.Registration.Start();
            if (!w.Net.Run(TimerF, () => w.Phone.Agent.Registration.State == RegistrationState.Registered))
                return Within("registration", w.Now - t0, TimerF) + ", state " + w.Phone.Agent.Registration.State + " " + w.Phone.Agent.Registration.Detail;
            worst = Math.Max(worst, w.Now - t0);
            return Drained(w.Phone, 1, "after REGISTER");   // the refresh timer stays
        });
        _out.WriteLine("slowest registration: " + worst + " ms");
    }

    [Fact]
    public void Challenged_REGISTER_completes_within_two_Timer_F_at_30_percent_loss()
    {
        long worst = 0;
        ForEachSeed("REGISTER with 401", seed =>
        {
            var w = new World(seed);
            w.Proxy.Challenge = true;
            long t0 = w.Now;
            w.Phone.Agent.Registration.Start();
            if (!w.Net.Run(2 * TimerF, () => w.Phone.Agent.Registration.State == RegistrationState.Registered))
                return Within("registration", w.Now - t0, 2 * TimerF) + ", state " + w.Phone.Agent.Registration.State + " " + w.Phone.Agent.Registration.Detail;
            worst = Math.Max(worst, w.Now - t0);
            return Drained(w.Phone, 1, "after REGISTER");
        });
        _out.WriteLine("slowest challenged registration: " + worst + " ms");
    }

    /// <summary>INVITE from the scripted caller until the phone rings; null if it did within Timer B.</summary>
    private static string? Ring(World w, out ScriptedProxy.UacCall call, out int number)
    {
        call = w.Proxy.Invite();
        long t0 = w.Now;
        number = 0;
        if (!w.Net.Run(TimerB, () => w.Phone.Agent.Calls.Current?.State == CallState.IncomingRinging))
            return Within("ringing", w.Now - t0, TimerB) + "; caller timed out: " + call.InviteTimedOut;
        number = w.Phone.Agent.Calls.Current!.Number;
        return null;
    }

    private static string? AnswerAndConfirm(World w, ScriptedProxy.UacCall call, int number)
    {
        if (!w.Phone.Agent.Calls.Answer(number)) return "Answer refused";
        long answered = w.Now;
        if (!w.Net.Run(Rfc2xx, () => w.AtPhone.Any("ACK ")))
            return Within("ACK for our 200", w.Now - answered, Rfc2xx) + "; caller got the 200: " + (call.OkAt >= 0);
        if (w.Phone.Calls.Any(e => e.Detail == "no ACK")) return "the phone gave up on the ACK";
        return null;
    }

    [Fact]
    public void Incoming_call_rings_is_answered_and_the_phone_hangs_up_at_30_percent_loss()
    {
        ForEachSeed("incoming, phone hangs up", seed =>
        {
            var w = new World(seed);
            string? why = Ring(w, out var call, out int n) ?? AnswerAndConfirm(w, call, n);
            if (why != null) return why;
            w.Net.Run(2000);   // talk a little: the caller's last ACKs and 200 retransmissions settle
            if (!w.Phone.Agent.Calls.HangUp(n)) return "HangUp refused";
            long bye = w.Now;
            if (!w.Net.Run(TimerF, () => w.AtPhone.Any("SIP/2.0 200 ", "BYE")))
                return Within("BYE", w.Now - bye, TimerF) + "; the caller saw it: " + (call.PhoneByeAt >= 0);
            if (w.Phone.When(n, CallEventKind.Ended) < 0) return "the call did not end";
            return Drained(w.Phone, 0, "after the call");
        });
    }

    [Fact]
    public void Incoming_call_rings_is_answered_and_the_caller_hangs_up_at_30_percent_loss()
    {
        ForEachSeed("incoming, caller hangs up", seed =>
        {
            var w = new World(seed);
            string? why = Ring(w, out var call, out int n) ?? AnswerAndConfirm(w, call, n);
            if (why != null) return why;
            if (!w.Net.Run(Rfc2xx, () => call.OkAt >= 0)) return "the caller never got the 200";
            w.Proxy.Bye(call);
            long bye = w.Now;
            if (!w.Net.Run(TimerF, () => call.ByeDoneAt >= 0))
                return Within("BYE", w.Now - bye, TimerF) + "; phone saw it: " + w.AtPhone.Any("BYE ");
            if (w.Phone.When(n, CallEventKind.Ended) < 0) return "the phone did not end the call";
            return Drained(w.Phone, 0, "after the call");
        });
    }

    [Fact]
    public void Incoming_call_cancelled_by_the_caller_gets_487_and_is_missed_at_30_percent_loss()
    {
        ForEachSeed("incoming, CANCEL → 487", seed =>
        {
            var w = new World(seed);
            string? why = Ring(w, out var call, out int n);
            if (why != null) return why;
            w.Proxy.Cancel(call);
            long cancel = w.Now;
            if (!w.Net.Run(TimerF, () => call.CancelDoneAt >= 0 && call.FinalCode == 487))
                return Within("CANCEL and 487", w.Now - cancel, TimerF) + "; 200 for CANCEL: " + (call.CancelDoneAt >= 0) + ", final " + call.FinalCode;
            if (w.Phone.When(n, CallEventKind.Missed) < 0) return "the phone did not report a missed call";
            return Drained(w.Phone, 0, "after the call");
        });
    }

    [Fact]
    public void Outgoing_call_is_answered_acknowledged_and_hung_up_at_30_percent_loss()
    {
        ForEachSeed("outgoing", seed =>
        {
            var w = new World(seed);
            long t0 = w.Now;
            int n = w.Phone.Agent.Calls.Dial("1234", out string? error);
            if (n == 0) return "Dial: " + error;
            if (!w.Net.Run(TimerB + Rfc2xx, () => w.Phone.When(n, CallEventKind.Answered) >= 0))
                return Within("answer", w.Now - t0, TimerB + Rfc2xx) + "; callee got the INVITE: " + (w.Proxy.LastUas != null) + "; " + w.Phone.CallLog;
            var uas = w.Proxy.LastUas!;
            if (uas.InviteAt - t0 > TimerB) return Within("INVITE to the callee", uas.InviteAt - t0, TimerB);
            if (!w.Net.Run(Rfc2xx, () => uas.AckAt >= 0)) return Within("ACK at the callee", w.Now - uas.AnsweredAt, Rfc2xx);
            if (uas.AckAt - uas.AnsweredAt > Rfc2xx) return Within("ACK at the callee", uas.AckAt - uas.AnsweredAt, Rfc2xx);
            if (!w.Phone.Agent.Calls.HangUp(n)) return "HangUp refused";
            long bye = w.Now;
            if (!w.Net.Run(TimerF, () => w.AtPhone.Any("SIP/2.0 200 ", "BYE")))
                return Within("BYE", w.Now - bye, TimerF) + "; callee saw it: " + (uas.ByeAt >= 0);
            return Drained(w.Phone, 0, "after the call");
        });
    }

    // ---- Two phones, nothing scripted ---------------------------------------------------------------

    private sealed class TwoPhones
    {
        public readonly ManualClock Clock = new(1_000_000);
        public readonly InMemoryNetwork Net;
        public readonly Phone A, B;
        public readonly Arrivals AtA, AtB;
        public static readonly Endpoint AAt = new("10.0.0.1", 5060), BAt = new("10.0.0.2", 5060);

        public TwoPhones(int seed)
        {
            Net = new InMemoryNetwork(Clock, seed) { DefaultLoss = Loss, DefaultDelayMs = DelayMs };
            Networks.Add(Net);
            // A's outbound proxy is B itself: A calls B directly. B takes direct calls (ghost filter lets them in).
            A = new Phone(Net, AAt, "alice", BAt, (uint)seed * 31u + 1);
            B = new Phone(Net, BAt, "bob", new Endpoint("10.0.0.99", 5060), (uint)seed * 131u + 7);
            B.Agent.CallSettings.DirectCalls = true;
            AtA = new Arrivals(A);
            AtB = new Arrivals(B);
        }

        public long Now => Clock.NowMs;
    }

    private static string? PhoneToPhoneCall(int seed, bool callerHangsUp)
    {
        var w = new TwoPhones(seed);
        long t0 = w.Now;
        int a = w.A.Agent.Calls.Dial("sip:bob@10.0.0.2:5060", out string? error);
        if (a == 0) return "Dial: " + error;
        if (!w.Net.Run(TimerB, () => w.B.Agent.Calls.Current?.State == CallState.IncomingRinging))
            return Within("B ringing", w.Now - t0, TimerB) + "; A: " + w.A.CallLog;
        int b = w.B.Agent.Calls.Current!.Number;
        if (!w.B.Agent.Calls.Answer(b)) return "B could not answer";
        long answered = w.Now;
        if (!w.Net.Run(Rfc2xx, () => w.A.When(a, CallEventKind.Answered) >= 0))
            return Within("A hearing the answer", w.Now - answered, Rfc2xx) + "; A: " + w.A.CallLog;
        if (!w.Net.Run(Rfc2xx - (w.Now - answered), () => w.AtB.Any("ACK ")))
            return Within("ACK at B", w.Now - answered, Rfc2xx);
        w.Net.Run(2000);
        Phone hanger = callerHangsUp ? w.A : w.B, other = callerHangsUp ? w.B : w.A;
        Arrivals atHanger = callerHangsUp ? w.AtA : w.AtB;
        int hn = callerHangsUp ? a : b, on = callerHangsUp ? b : a;
        if (!hanger.Agent.Calls.HangUp(hn)) return "HangUp refused";
        long bye = w.Now;
        if (!w.Net.Run(TimerF, () => atHanger.Any("SIP/2.0 200 ", "BYE") && other.When(on, CallEventKind.Ended) >= 0))
            return Within("BYE", w.Now - bye, TimerF) + "; other side ended: " + (other.When(on, CallEventKind.Ended) >= 0);
        foreach (Phone p in new[] { w.A, w.B })
        {
            if (p.Calls.Any(e => e.Detail == "no ACK")) return p.Settings.User + " ended a call for want of an ACK";
        }
        return Drained(w.A, 0, "A") ?? Drained(w.B, 0, "B");
    }

    [Fact]
    public void Phone_A_calls_phone_B_directly_B_answers_A_hangs_up_at_30_percent_loss()
    {
        ForEachSeed("A→B, A hangs up", seed => PhoneToPhoneCall(seed, callerHangsUp: true));
    }

    [Fact]
    public void Phone_A_calls_phone_B_directly_B_answers_B_hangs_up_at_30_percent_loss()
    {
        ForEachSeed("A→B, B hangs up", seed => PhoneToPhoneCall(seed, callerHangsUp: false));
    }

    [Fact]
    public void The_network_drops_the_share_it_is_told_to_each_way_and_replays_a_seed_exactly()
    {
        string Pattern(int seed)
        {
            var clock = new ManualClock(0);
            var net = new InMemoryNetwork(clock, seed, capacity: 20_000);
            var a = new Endpoint("10.0.0.1", 1);
            var b = new Endpoint("10.0.0.2", 2);
            var sinkA = new Sink();
            var sinkB = new Sink();
            var pa = net.Attach(a, sinkA);
            var pb = net.Attach(b, sinkB);
            net.SetLink(a, b, 0.3, 5);
            net.SetLink(b, a, 0.1, 50);
            var bits = new System.Text.StringBuilder();
            net.Tap = g => { if (bits.Length < 256) bits.Append(g.Lost ? '1' : '0'); };
            byte[] d = { (byte)'x' };
            for (int i = 0; i < 10_000; i++)
            {
                pa.Send(d, 0, 1, b);
                pb.Send(d, 0, 1, a);
            }
            net.Run(4);
            Assert.Equal(0, sinkB.Count);    // 5 ms delay a→b
            net.Run(100);
            Assert.InRange(sinkB.Count, 6_800, 7_200);   // 30 % lost a→b
            Assert.InRange(sinkA.Count, 8_800, 9_200);   // 10 % lost b→a
            Assert.Equal(20_000, net.Sent);
            Assert.Equal(net.Sent, net.Lost + net.Delivered);
            Assert.Equal(0, net.Overflow);
            return bits + " " + sinkA.Count + "/" + sinkB.Count;
        }
        Assert.Equal(Pattern(5), Pattern(5));
        Assert.NotEqual(Pattern(5), Pattern(6));
    }

    [Fact]
    public void The_network_allocates_nothing_per_datagram_so_counters_around_a_phone_measure_the_phone()
    {
        var clock = new ManualClock(0);
        var net = new InMemoryNetwork(clock, 1, capacity: 256, preallocate: true) { DefaultLoss = 0.3, DefaultDelayMs = 7 };
        var a = new Endpoint("10.0.0.1", 1);
        var b = new Endpoint("10.0.0.2", 2);
        var sink = new Sink();
        var pa = net.Attach(a, new Sink());
        net.Attach(b, sink);
        byte[] d = new byte[1200];
        for (int i = 0; i < 100; i++) pa.Send(d, 0, d.Length, b);
        net.Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            for (int i = 0; i < 100; i++) pa.Send(d, 0, d.Length, b);
            net.Run(100);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(sink.Count, 6_500, 7_600);
    }

    private sealed class Sink : INetworkNode
    {
        public int Count;
        public void Receive(byte[] buf, int off, int len, Endpoint source) => Count++;
        public long NextDueMs => TimerQueue.Never;
        public void Tick() { }
    }
}
