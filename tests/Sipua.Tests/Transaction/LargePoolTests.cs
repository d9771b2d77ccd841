using System.Collections.Generic;
using System.Text;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Matching in pools sized for a load host (tens of thousands of slots, a hash index instead of a
/// scan). Scenarios:
///  1. §17.2.3 among 50,000 server transactions with distinct branches: every retransmission is
///     absorbed by its own transaction (it resends that one's provisional), also with the branch
///     in other case; the same branch from another sent-by is not matched; the pool is full.
///  2. §9.2 among 50,000 INVITEs: each CANCEL finds its INVITE, a CANCEL is its own transaction;
///     the ACK for a 487 confirms its INVITE (Timer I then frees it) and other ACKs go to the TU.
///  3. RFC 2543 fallback (no cookie) among 50,000: retransmissions matched by Call-ID, CSeq,
///     tags, Request-URI and Via; a request differing only in the From tag is not.
///  4. released slots are reused: Timer J frees the answered half, their retransmissions then
///     create new transactions in those slots, the rest are still absorbed; counts stay right;
///     matching allocates nothing.
///  5. §17.1.3 among 5,000 client transactions: each response reaches its own INVITE (branch in
///     any case), a CANCEL's response with the INVITE's branch and unknown branches match none.
/// </summary>
public class LargePoolTests
{
    private const int Many = 50000;

    [Fact]
    public void Among_50000_server_transactions_each_retransmission_is_absorbed_by_its_own_17_2_3()
    {
        var s = new Scale(clients: 4, servers: Many);
        for (int i = 0; i < Many; i++)
        {
            string method = i % 2 == 0 ? "INVITE" : "OPTIONS";
            Assert.Equal(RequestOutcome.Created, s.Receive(Messages.Incoming(method, branch: Branch(i))));
            if (i % 2 == 0) Assert.True(s.Respond(s.User.Created[i], Messages.Reply("INVITE", 180, "Ringing", branch: Branch(i))));
        }
        Assert.Equal(Many, s.Layer.ServerCount);
        Assert.False(s.Layer.CanCreateServerTransaction);
        Assert.Equal(RequestOutcome.Refused, s.Receive(Messages.Incoming("OPTIONS", branch: Branch(Many))));

        for (int i = 0; i < Many; i++)
        {
            s.Sender.Last = null;
            string method = i % 2 == 0 ? "INVITE" : "OPTIONS";
            Assert.Equal(RequestOutcome.Absorbed, s.Receive(Messages.Incoming(method, branch: Branch(i))));
            if (i % 2 == 0) Assert.Contains("branch=" + Branch(i) + "\r\n", s.Sender.Last);   // its own 180 again
            else Assert.Null(s.Sender.Last);                                                  // Trying: discarded
        }
        string upper = "z9hG4bK" + Branch(4242).Substring(7).ToUpperInvariant();
        Assert.Equal(RequestOutcome.Absorbed, s.Receive(Messages.Incoming("INVITE", branch: upper)));
        Assert.Contains("branch=" + Branch(4242) + "\r\n", s.Sender.Last);
        Assert.Equal(RequestOutcome.Refused, s.Receive(Messages.Incoming("INVITE", branch: Branch(4242), sentBy: "192.0.2.99:5070")));
        Assert.Equal(Many, s.User.Created.Count);
        Assert.Equal(Many, s.Layer.ServerCount);
    }

    [Fact]
    public void Among_50000_INVITEs_each_CANCEL_finds_its_INVITE_and_the_ACK_for_a_487_confirms_it_9_2()
    {
        var s = new Scale(clients: 4, servers: Many + 1);
        for (int i = 0; i < Many; i++) Assert.Equal(RequestOutcome.Created, s.Receive(Messages.Incoming("INVITE", branch: Branch(i))));
        for (int i = 0; i < Many; i++) Assert.Same(s.User.Created[i], s.Layer.FindInviteServer(s.Parse(Messages.Incoming("CANCEL", branch: Branch(i)))));
        Assert.Null(s.Layer.FindInviteServer(s.Parse(Messages.Incoming("CANCEL", branch: Branch(Many)))));

        Assert.Equal(RequestOutcome.Created, s.Receive(Messages.Incoming("CANCEL", branch: Branch(777))));
        SipTransaction cancel = s.User.Created[Many];
        Assert.Equal(TransactionKind.NonInviteServer, cancel.Kind);
        Assert.Same(s.User.Created[777], s.Layer.FindInviteServer(s.Parse(Messages.Incoming("CANCEL", branch: Branch(777)))));
        Assert.True(s.Respond(cancel, Messages.Reply("CANCEL", 200, "OK", branch: Branch(777))));
        Assert.Equal(RequestOutcome.Absorbed, s.Receive(Messages.Incoming("CANCEL", branch: Branch(777))));

        for (int i = 0; i < Many; i += 1000)
        {
            SipTransaction invite = s.User.Created[i];
            Assert.True(s.Respond(invite, Messages.Reply("INVITE", 487, "Request Terminated", branch: Branch(i))));
            Assert.Equal(RequestOutcome.Absorbed, s.Receive(Messages.Incoming("ACK", branch: Branch(i), toTag: "314159")));
            Assert.Equal(TransactionState.Confirmed, invite.State);
            Assert.Equal(TransactionState.Proceeding, s.User.Created[i + 1].State);
        }
        Assert.Equal(RequestOutcome.PassedToTu, s.Receive(Messages.Incoming("ACK", branch: Branch(Many), toTag: "314159")));
        Assert.Equal(1, s.User.Acks);

        s.RunUntil(s.Clock.NowMs + new TimerSettings().TimerI);   // Timer I ends the confirmed INVITEs
        Assert.Equal(Many + 1 - Many / 1000, s.Layer.ServerCount);
        Assert.Equal(Many / 1000, s.User.Terminated);
    }

    [Fact]
    public void Among_50000_RFC_2543_requests_a_retransmission_is_matched_by_the_fallback_rule()
    {
        var s = new Scale(clients: 4, servers: Many);
        for (int i = 0; i < Many; i++) Assert.Equal(RequestOutcome.Created, s.Receive(Rfc2543(i)));
        Assert.True(s.User.Created[0].IsRfc2543);
        for (int i = 0; i < Many; i += 500)
        {
            Assert.True(s.Respond(s.User.Created[i], Reply2543(i)));
        }
        for (int i = 0; i < Many; i++)
        {
            s.Sender.Last = null;
            Assert.Equal(RequestOutcome.Absorbed, s.Receive(Rfc2543(i)));
            if (i % 500 == 0) Assert.Contains("Call-ID: " + CallId2543(i) + "\r\n", s.Sender.Last);
        }
        Assert.Equal(RequestOutcome.Refused, s.Receive(Rfc2543(31).Replace("tag=a73kszlfl", "tag=other")));
        Assert.Equal(RequestOutcome.Refused, s.Receive(Rfc2543(Many)));
        Assert.Equal(Many, s.User.Created.Count);
    }

    [Fact]
    public void Released_slots_are_reused_and_counts_stay_right_among_50000()
    {
        var s = new Scale(clients: 4, servers: Many);
        for (int i = 0; i < Many; i++) Assert.Equal(RequestOutcome.Created, s.Receive(Messages.Incoming("OPTIONS", branch: Branch(i))));
        for (int i = 0; i < Many; i += 2) Assert.True(s.Respond(s.User.Created[i], Messages.Reply("OPTIONS", 200, "OK", branch: Branch(i))));
        s.RunUntil(new TimerSettings().TimerJ);                // Timer J frees the answered half
        Assert.Equal(Many / 2, s.User.Terminated);
        Assert.Equal(Many / 2, s.Layer.ServerCount);
        Assert.True(s.Layer.CanCreateServerTransaction);

        s.Sender.Record = false;
        var freed = new HashSet<SipTransaction>();
        for (int i = 0; i < Many; i += 2) freed.Add(s.User.Created[i]);
        for (int i = 0; i < Many; i++)
        {
            var expected = i % 2 == 0 ? RequestOutcome.Created : RequestOutcome.Absorbed;
            Assert.Equal(expected, s.Receive(Messages.Incoming("OPTIONS", branch: Branch(i))));
        }
        Assert.Equal(Many + Many / 2, s.User.Created.Count);
        for (int i = Many; i < s.User.Created.Count; i++) Assert.Contains(s.User.Created[i], freed);
        Assert.Equal(Many, s.Layer.ServerCount);
        Assert.False(s.Layer.CanCreateServerTransaction);
        int active = 0;
        for (int i = 0; i < s.Layer.SlotCount; i++) if (s.Layer.SlotAt(i).IsActive) active++;
        Assert.Equal(Many, active);

        // Matching a retransmission, a CANCEL lookup and a stray response allocate nothing.
        SipMessage again = TransactionHarness.Parse(Messages.Incoming("OPTIONS", branch: Branch(12345)));
        SipMessage cancel = TransactionHarness.Parse(Messages.Incoming("CANCEL", branch: Branch(12345)));
        SipMessage stray = TransactionHarness.Parse(Messages.ResponseTo("OPTIONS", 200, "OK"));
        s.Layer.OnRequest(again, s.Peer);
        s.Layer.FindInviteServer(cancel);
        s.Layer.OnResponse(stray, s.Peer);
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 100; n++)
        {
            s.Layer.OnRequest(again, s.Peer);
            s.Layer.FindInviteServer(cancel);
            s.Layer.OnResponse(stray, s.Peer);
        }
        Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Among_5000_client_transactions_each_response_reaches_its_own_17_1_3()
    {
        const int clients = 5000;
        var s = new Scale(clients: clients, servers: 4);
        var sent = new SipTransaction[clients];
        for (int i = 0; i < clients; i++)
        {
            sent[i] = s.Send(SipMethod.Invite, Messages.Outgoing("INVITE", branch: Branch(i)), Branch(i))!;
            Assert.NotNull(sent[i]);
        }
        Assert.Equal(clients, s.Layer.ClientCount);
        Assert.Null(s.Send(SipMethod.Options, Messages.Outgoing("OPTIONS", branch: Branch(clients)), Branch(clients)));

        for (int i = 0; i < clients; i++)
        {
            string branch = i % 2 == 0 ? Branch(i) : "z9hG4bK" + Branch(i).Substring(7).ToUpperInvariant();
            Assert.False(s.ReceiveResponse(Messages.ResponseTo("CANCEL", 200, "OK", branch: Branch(i))));
            Assert.True(s.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing", branch: branch)));
            Assert.Same(sent[i], s.User.LastResponseTx);
            Assert.Equal(TransactionState.Proceeding, sent[i].State);
        }
        Assert.False(s.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing", branch: Branch(clients))));
        Assert.Equal(clients, s.User.Responses);
    }

    private static string Branch(int i) => "z9hG4bK" + i.ToString("x8") + "f00d";

    private static string CallId2543(int i) => (i / 2) + ".2543@biloxi.example.com";

    /// <summary>An RFC 2543 OPTIONS (no branch): two CSeqs per Call-ID, so Call-IDs are shared.</summary>
    private static string Rfc2543(int i) =>
        "OPTIONS sip:alice@192.0.2.10 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.20:5070\r\n" +
        "From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl\r\n" +
        "To: Alice <sip:alice@atlanta.example.com>\r\n" +
        "Call-ID: " + CallId2543(i) + "\r\n" +
        "CSeq: " + (1 + i % 2) + " OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string Reply2543(int i) =>
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.20:5070\r\n" +
        "From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl\r\n" +
        "To: Alice <sip:alice@atlanta.example.com>;tag=314159\r\n" +
        "Call-ID: " + CallId2543(i) + "\r\n" +
        "CSeq: " + (1 + i % 2) + " OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>A layer with big pools and a timer queue for 2 timers per slot; counts, not logs.</summary>
    private sealed class Scale
    {
        public readonly ManualClock Clock = new();
        public readonly TimerQueue Timers;
        public readonly LastSender Sender = new();
        public readonly CountingUser User = new();
        public readonly TransactionLayer Layer;
        public readonly Endpoint Peer = new("192.0.2.20", 5070);
        private readonly SipParser _parser = new();
        private readonly SipMessage _message = new();

        public Scale(int clients, int servers)
        {
            Timers = new TimerQueue(2 * (clients + servers));
            Layer = new TransactionLayer(Clock, Timers, Sender, User, new CountingRandom(), new TimerSettings(), clients, servers);
        }

        /// <summary>Parses into one reused message (the layer copies what it keeps).</summary>
        public SipMessage Parse(string text)
        {
            byte[] b = Encoding.ASCII.GetBytes(text);
            Assert.Equal(ParseStatus.Ok, _parser.Parse(b, 0, b.Length, _message));
            return _message;
        }

        public RequestOutcome Receive(string request) => Layer.OnRequest(Parse(request), Peer);

        public bool ReceiveResponse(string response) => Layer.OnResponse(Parse(response), Peer);

        public bool Respond(SipTransaction tx, string response)
        {
            byte[] b = Encoding.ASCII.GetBytes(response);
            return Layer.SendResponse(tx, b, 0, b.Length);
        }

        public SipTransaction? Send(SipMethod method, string request, string branch)
        {
            byte[] b = Encoding.ASCII.GetBytes(request);
            byte[] br = Encoding.ASCII.GetBytes(branch);
            return Layer.SendRequest(method, br, 0, br.Length, b, 0, b.Length, Peer);
        }

        public void RunUntil(long ms)
        {
            while (Timers.NextDueMs <= ms)
            {
                Clock.Set(Timers.NextDueMs);
                Timers.RunDue(Clock.NowMs);
            }
            Clock.Set(ms);
        }
    }

    /// <summary>Keeps the text of the last datagram sent (unless Record is off).</summary>
    private sealed class LastSender : IDatagramSender
    {
        public string? Last;
        public bool Record = true;

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            if (Record) Last = Encoding.ASCII.GetString(buf, off, len);
            return true;
        }
    }

    private sealed class CountingUser : ITransactionUser
    {
        /// <summary>Every server transaction the TU was told of, in order.</summary>
        public readonly List<SipTransaction> Created = new();
        public SipTransaction? LastResponseTx;
        public int Acks, Responses, Terminated;

        public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source) => Created.Add(tx);
        public void OnAck(SipTransaction? inviteTx, SipMessage ack, Endpoint source) => Acks++;
        public void OnResponse(SipTransaction tx, SipMessage response) { LastResponseTx = tx; Responses++; }
        public void OnTimeout(SipTransaction tx) { }
        public void OnTransportError(SipTransaction tx) { }
        public void OnTerminated(SipTransaction tx) => Terminated++;
    }
}
