using System;
using NanoPhone.Bench.Nano;
using NanoPhone.Bench.Nano.Ops;
using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Sip.Tests.Bench;

/// <summary>
/// The nanoFramework benchmark (bench/Nano) times what its operations do, so they must do what
/// their names say, every run: checked here on .NET with the very same sources. The runner's
/// arithmetic is checked on a manual clock.
/// </summary>
public class NanoBenchOpsTests
{
    [Fact]
    public void Each_operation_runs_again_and_again_and_has_its_own_name()
    {
        var names = new string[NanoBench.OperationCount];
        for (int i = 0; i < NanoBench.OperationCount; i++)
        {
            IBenchOp op = NanoBench.Operation(i);
            for (int run = 0; run < 5; run++) op.Run();
            names[i] = op.Name;
        }
        Assert.Equal(new[] { "parse-seed-invite", "parse-invite-1k", "build-180", "incoming-call", "register-refresh", "media-frame" }, names);
        Assert.Throws<ArgumentOutOfRangeException>(() => NanoBench.Operation(NanoBench.OperationCount));
    }

    [Fact]
    public void Parse_operations_parse_the_seed_INVITE_and_the_1_KB_INVITE()
    {
        Assert.Equal(497, ((ParseOp)NanoBench.Operation(0)).Length);
        Assert.Equal(TestData.Read("seed/graham-invite-cseq2.sip"), Sip.Text.Ascii.Utf8Bytes(BenchMessages.SeedInvite));
        Assert.Equal(1165, ((ParseOp)NanoBench.Operation(1)).Length);
    }

    [Fact]
    public void Build_180_writes_a_180_with_the_three_Vias_and_the_new_To_tag()
    {
        var op = new Build180Op();
        op.Run();
        string text = Sip.Text.Ascii.ToString(op.Writer.Buffer, 0, op.Writer.Length);
        Assert.StartsWith("SIP/2.0 180 Ringing\r\n", text);
        Assert.Equal(3, text.Split("\r\nVia: ").Length - 1);
        Assert.Contains("\r\nTo: <sip:vocale@voipuser.org>;tag=a73kszlfl\r\n", text);
        Assert.EndsWith("\r\nContent-Length: 0\r\n\r\n", text);
    }

    [Fact]
    public void Incoming_call_is_100_180_then_200_to_the_CANCEL_and_487_then_idle_every_time()
    {
        var op = new IncomingCallOp();
        for (int run = 0; run < 3; run++)
        {
            op.Run();
            Assert.Equal(4, op.Rig.SentCount);
            Assert.Equal(new[] { 100, 180, 200, 487 }, op.Rig.SentCodes[..4]);
            Assert.Equal(Sip.Call.CallEventKind.Missed, op.Rig.LastCallEvent);
        }
    }

    [Fact]
    public void An_answered_call_is_200_with_SDP_acknowledged_then_the_callers_BYE_gets_200_and_the_phone_is_idle_every_time()
    {
        var rig = new DeviceRig();
        NanoPhone.Sip.Agent.UserAgent agent = rig.NewAgent();
        rig.Register(agent);
        for (int run = 0; run < 3; run++)
        {
            rig.SentCount = 0;
            rig.Ring(agent);
            rig.Answer(agent);
            Assert.Equal(new[] { 100, 180, 200 }, rig.SentCodes[..3]);
            Assert.Equal(Sip.Call.CallEventKind.Answered, rig.LastCallEvent);
            Assert.Equal(Sip.Call.CallState.Confirmed, agent.Calls.Current!.State);

            rig.SentCount = 0;
            rig.CallerHangsUp(agent);
            Assert.Equal(200, rig.SentCodes[0]);
            Assert.Equal(Sip.Call.CallEventKind.Ended, rig.LastCallEvent);
            Assert.Null(agent.Calls.Current);
        }
    }

    [Fact]
    public void A_dialled_call_is_INVITE_answered_with_180_and_200_then_ACK_then_the_users_BYE_and_the_phone_is_idle_every_time()
    {
        var rig = new DeviceRig();
        NanoPhone.Sip.Agent.UserAgent agent = rig.NewAgent();
        rig.Register(agent);
        for (int run = 0; run < 3; run++)
        {
            rig.Dial(agent);
            Assert.Equal(3, rig.SentCount);                          // INVITE, ACK, BYE: requests all
            Assert.Equal(new[] { 0, 0, 0 }, rig.SentCodes[..3]);
            Assert.Equal(Sip.Call.CallEventKind.Ended, rig.LastCallEvent);
            Assert.Null(agent.Calls.Current);
        }
    }

    [Fact]
    public void A_call_waiting_episode_answers_the_second_caller_holds_the_first_resumes_it_after_and_leaves_the_phone_idle()
    {
        var rig = new DeviceRig();
        NanoPhone.Sip.Agent.UserAgent agent = rig.NewAgent();
        agent.CallSettings.CallWaiting = true;
        rig.Register(agent);
        for (int run = 0; run < 2; run++)
        {
            rig.CallWaiting(agent);
            // Graham: 100, 180, 200; Bob: 100, 180, 200 then the hold re-INVITE to Graham and its
            // ACK; then 200 to Bob's BYE, the resume re-INVITE and its ACK, 200 to Graham's BYE.
            Assert.Equal(12, rig.SentCount);
            Assert.Equal(new[] { 100, 180, 200, 100, 180, 200, 0, 0 }, rig.SentCodes);
            Assert.Equal(Sip.Call.CallEventKind.Ended, rig.LastCallEvent);
            Assert.Null(agent.Calls.Current);
        }
    }

    [Fact]
    public void The_heap_figures_weigh_every_stage_with_the_probe_they_are_given()
    {
        var heap = new CountingHeap();
        HeapFigures.Tables(heap);
        HeapFigures.Print(heap);

        // g711 tables 2 x 2 readings, agent 5 (+ 2 registered over a TCP connection), in call 4,
        // in call after a dial and call waiting 4, media 2 (MediaFrameOp's before and after).
        Assert.Equal(4 + 5 + 2 + 4 + 4 + 2, heap.Readings);
    }

    private sealed class CountingHeap : IHeapProbe
    {
        public int Readings;
        public long FreeBytesAfterCollection() { Readings++; return 1000000 - GC.GetTotalMemory(true); }
    }

    [Fact]
    public void Media_frame_takes_one_packet_in_plays_it_and_sends_one_packet_every_run()
    {
        var op = new MediaFrameOp();
        var before = op.Session.Stats;
        int received = before.PacketsReceived, sent = before.PacketsSent, rtcp = op.RtcpSent;
        for (int run = 0; run < 1000; run++) op.Run();    // 20 s of a call
        var s = op.Session.Stats;
        Assert.Equal(received + 1000, s.PacketsReceived);
        Assert.Equal(sent + 1000, s.PacketsSent);
        Assert.Equal(0, s.ConcealedFrames);
        Assert.Equal(0, s.Lost);
        Assert.InRange(op.RtcpSent - rtcp, 3, 10);               // about every 4 s
    }

    [Fact]
    public void Register_refresh_sends_one_REGISTER_with_credentials_and_stays_registered()
    {
        var op = new RegisterRefreshOp();
        for (int run = 0; run < 3; run++)
        {
            op.Run();
            Assert.Equal(1, op.Rig.SentCount);
            Assert.Equal(1, op.Rig.AuthorizedRegisters);
            Assert.Equal(Sip.Registration.RegistrationState.Registered, op.Rig.LastRegistrationState);
        }
    }

    [Fact]
    public void Register_answers_the_first_REGISTER_with_a_challenge_and_the_second_with_200()
    {
        var rig = new DeviceRig();
        var agent = rig.NewAgent();
        rig.Register(agent);
        Assert.Equal(2, rig.SentCount);
        Assert.Equal(1, rig.AuthorizedRegisters);
        Assert.Equal(Sip.Registration.RegistrationState.Registered, agent.Registration.State);
    }

    /// <summary>An operation that takes exactly msPerRun on the runner's clock.</summary>
    private sealed class Fixed : IBenchOp
    {
        private readonly ManualClock _clock;
        private readonly long _msPerRun;
        public int Runs;
        public Fixed(ManualClock clock, long msPerRun) { _clock = clock; _msPerRun = msPerRun; }
        public string Name => "fixed";
        public void Run() { Runs++; _clock.Advance(_msPerRun); }
    }

    [Fact]
    public void Runner_fills_batches_of_the_asked_length_and_reports_the_time_per_run()
    {
        var clock = new ManualClock(0);
        var op = new Fixed(clock, 3);
        BenchResult r = new BenchRunner(clock, 500, 5).Measure(op);
        // Calibration doubles 1, 2 ... 64 runs (64 × 3 ms ≥ 500 / 4), then 64 × 500 / 192 = 166 runs a batch.
        Assert.Equal(166, r.RunsPerBatch);
        Assert.Equal(5, r.Batches);
        Assert.Equal(30000, r.MedianTenthsUs);
        Assert.Equal(30000, r.MinTenthsUs);
        Assert.Equal(1 + 127 + 5 * 166, op.Runs);
        Assert.Equal("BENCH fixed 3000.0 us (min 3000.0, max 3000.0; 5 batches of 166 runs)", r.Line());
    }

    [Fact]
    public void Runner_takes_the_median_of_the_batches()
    {
        var clock = new ManualClock(0);
        // 1 ms a run, but batch 2 (of 3) is interrupted: +600 ms once.
        var op = new Interrupted(clock, 1, interruptAtRun: 1 + 255 + 500 + 10, extraMs: 600);
        BenchResult r = new BenchRunner(clock, 500, 3).Measure(op);
        Assert.Equal(500, r.RunsPerBatch);
        Assert.Equal(10000, r.MedianTenthsUs);
        Assert.Equal(22000, r.MaxTenthsUs);
        Assert.Equal("2200.0", BenchResult.Micros(r.MaxTenthsUs));
    }

    private sealed class Interrupted : IBenchOp
    {
        private readonly ManualClock _clock;
        private readonly long _ms, _extra;
        private readonly int _at;
        private int _runs;
        public Interrupted(ManualClock clock, long ms, int interruptAtRun, long extraMs) { _clock = clock; _ms = ms; _at = interruptAtRun; _extra = extraMs; }
        public string Name => "interrupted";
        public void Run() { _runs++; _clock.Advance(_ms + (_runs == _at ? _extra : 0)); }
    }
}
