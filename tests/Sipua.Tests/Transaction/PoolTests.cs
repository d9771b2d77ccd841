using System.Text;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// The bounded pool and the no-garbage rule. Scenarios:
///  1. with N server slots the N+1th new request is Refused (the UA answers 503 statelessly),
///     the TU is not told; retransmissions of running transactions are still absorbed; once a
///     transaction terminates its slot serves a new request.
///  2. client and server slots are apart: a full server pool does not stop the phone's requests;
///     a full client pool makes SendRequest return null.
///  3. once warmed up, a whole INVITE client transaction with retransmissions, a 486, its ACK and
///     retransmitted 486s, and a whole non-INVITE server transaction, allocate nothing.
///  4. branches: "z9hG4bK" + 16 hex digits, all different.
/// </summary>
public class PoolTests
{
    [Fact]
    public void The_N_plus_1th_server_transaction_is_refused_and_a_freed_slot_is_reused()
    {
        var h = new TransactionHarness(clients: 1, servers: 2);
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("OPTIONS", branch: "z9hG4bK1")));
        var first = h.User.LastServerTx!;
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("OPTIONS", branch: "z9hG4bK2")));
        Assert.False(h.Layer.CanCreateServerTransaction);
        Assert.Equal(RequestOutcome.Refused, h.Receive(Messages.Incoming("OPTIONS", branch: "z9hG4bK3")));
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("OPTIONS", branch: "z9hG4bK1")));
        Assert.Equal(2, h.User.Events.Count);

        Assert.NotNull(h.Send(SipMethod.Register, Messages.Outgoing("REGISTER")));   // clients have their own slots

        h.Respond(first, Messages.Reply("OPTIONS", 200, "OK", branch: "z9hG4bK1"));
        h.RunUntil(32000);                                                            // Timer J frees the slot
        Assert.True(h.Layer.CanCreateServerTransaction);
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("OPTIONS", branch: "z9hG4bK3")));
    }

    [Fact]
    public void A_full_client_pool_makes_SendRequest_return_null()
    {
        var h = new TransactionHarness(clients: 1, servers: 1);
        Assert.NotNull(h.Send(SipMethod.Register, Messages.Outgoing("REGISTER")));
        Assert.False(h.Layer.CanCreateClientTransaction);
        Assert.Null(h.Send(SipMethod.Options, Messages.Outgoing("OPTIONS"), "z9hG4bKx"));
        Assert.Equal(1, h.Layer.ClientCount);
    }

    [Fact]
    public void A_warm_transaction_layer_allocates_nothing_per_message_or_retransmission()
    {
        var clock = new ManualClock();
        var timers = new TimerQueue(16);
        var sender = new NullSender();
        var layer = new TransactionLayer(clock, timers, sender, new SilentUser(), new CountingRandom(),
            new TimerSettings(), 2, 2);
        var from = new Endpoint("192.0.2.20", 5070);
        byte[] branch = Encoding.ASCII.GetBytes(TransactionHarness.LocalBranch);
        byte[] invite = Encoding.ASCII.GetBytes(Messages.Outgoing("INVITE"));
        SipMessage busy = TransactionHarness.Parse(Messages.ResponseTo("INVITE", 486, "Busy Here"));
        SipMessage options = TransactionHarness.Parse(Messages.Incoming("OPTIONS"));
        byte[] ok = Encoding.ASCII.GetBytes(Messages.Reply("OPTIONS", 200, "OK"));

        void Run()
        {
            var tx = layer.SendRequest(SipMethod.Invite, branch, 0, branch.Length, invite, 0, invite.Length, from)!;
            Step(clock, timers, clock.NowMs + 8000);
            layer.OnResponse(busy, from);
            layer.OnResponse(busy, from);
            layer.OnRequest(options, from);
            layer.SendResponse(layer.SlotAt(2), ok, 0, ok.Length);
            layer.OnRequest(options, from);
            Step(clock, timers, clock.NowMs + 40000);
            Assert.False(tx.IsActive);
        }

        Run();
        sender.Count = 0;
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(5 + 2 + 2, sender.Count);   // INVITE at 0, .5, 1.5, 3.5, 7.5 s; two ACKs; 200 OK twice
    }

    [Fact]
    public void Branches_carry_the_magic_cookie_and_are_unique()
    {
        var gen = new BranchGenerator(new CountingRandom());
        var seen = new System.Collections.Generic.HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            string b = gen.Next();
            Assert.Matches("^z9hG4bK[0-9a-f]{16}$", b);
            Assert.True(seen.Add(b));
        }
        var w = new SipWriter(8);
        w.Text("Via: SIP/2.0/UDP h;branch=");
        int at = gen.Write(w);
        Assert.Equal(BranchGenerator.Length, w.Length - at);
        Assert.StartsWith("z9hG4bK", Encoding.ASCII.GetString(w.Buffer, at, BranchGenerator.Length));
    }

    private static void Step(ManualClock clock, TimerQueue timers, long until)
    {
        while (timers.NextDueMs <= until)
        {
            clock.Set(timers.NextDueMs);
            timers.RunDue(clock.NowMs);
        }
        clock.Set(until);
    }

    private sealed class NullSender : IDatagramSender
    {
        public int Count;
        public bool Send(byte[] buf, int off, int len, Endpoint to) { Count++; return true; }
    }

    private sealed class SilentUser : ITransactionUser
    {
        public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source) { }
        public void OnAck(SipTransaction? inviteTx, SipMessage ack, Endpoint source) { }
        public void OnResponse(SipTransaction tx, SipMessage response) { }
        public void OnTimeout(SipTransaction tx) { }
        public void OnTransportError(SipTransaction tx) { }
        public void OnTerminated(SipTransaction tx) { }
    }
}
