using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// INVITE client transaction over UDP (RFC 3261 §17.1.1, Figure 5 as replaced by RFC 6026 §8.4).
/// Scenarios:
///  1. no answer: Timer A resends at T1, 2T1, 4T1... (0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s);
///     Timer B at 64*T1 = 32 s: timeout to the TU, no ACK, terminated.
///  2. a 1xx: passed to the TU, Proceeding, retransmissions stop (and Timer B no longer applies).
///  3. a 3xx–6xx: Completed, an ACK built per §17.1.1.3 (Request-URI, Call-ID, From of the
///     INVITE; To of the response; the INVITE's top Via only; CSeq number with ACK; the Route
///     headers) sent to the INVITE's destination on receipt, then the response passed to the TU
///     (so the ACK precedes whatever the TU sends next).
///  4. retransmissions of that final response: the ACK is resent, the TU is not told again;
///     Timer D (32 s) terminates.
///  5. a 2xx: Accepted (RFC 6026), no ACK from the transaction, the 2xx and every later 2xx
///     (retransmissions, other forks) to the TU; Timer M = 64*T1 terminates.
///  6. a 2xx in Proceeding after a 180: Accepted too.
///  7. the TU abandons an INVITE stuck in Proceeding (§9.1): terminated, timers cancelled.
/// </summary>
public class InviteClientTests
{
    [Fact]
    public void Timer_A_doubles_from_T1_and_Timer_B_times_out_at_64_T1()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        Assert.Equal(TransactionState.Calling, tx.State);
        h.RunUntil(60000);

        Assert.Equal(new long[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }, h.SendTimes("INVITE"));
        Assert.Empty(h.SendTimes("ACK"));
        Assert.Equal(new[] { "32000 timeout Timeout", "32000 terminated Timeout" }, h.User.Events);
        Assert.Equal(0, h.Timers.Count);
    }

    [Fact]
    public void A_provisional_response_stops_retransmissions()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        h.RunUntil(700);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing")));
        h.RunUntil(120000);

        Assert.Equal(new long[] { 0, 500 }, h.SendTimes("INVITE"));
        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(new[] { "700 response 180 Proceeding" }, h.User.Events);
        Assert.Equal(0, h.Timers.Count);
    }

    [Fact]
    public void The_ACK_of_a_final_response_is_sent_before_the_TU_hears_of_it()
    {
        var h = new TransactionHarness();
        h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"));
        int sentWhenTold = -1;
        h.User.WhenResponse = (tx, r) => sentWhenTold = h.Sender.Sent.Count;
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 407, "Proxy Authentication Required", toTag: "p1")));
        Assert.Equal(2, sentWhenTold);                                   // the INVITE, then its ACK
        Assert.StartsWith("ACK ", h.Sender.Sent[1].StartLine);
    }

    [Fact]
    public void An_ACK_the_transport_refuses_ends_the_transaction_after_the_TU_has_the_response()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        h.Sender.Fail = true;
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 486, "Busy Here", toTag: "b1")));
        Assert.Equal(new[] { "0 response 486 Completed", "0 transport-error Completed", "0 terminated TransportError" }, h.User.Events);
        Assert.False(tx.IsActive);
        Assert.Equal(0, h.Timers.Count);
    }

    [Fact]
    public void A_3xx_to_6xx_response_is_acknowledged_by_the_transaction_per_17_1_1_3()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        h.RunUntil(1000);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 486, "Busy Here", toTag: "99sa0xk")));

        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(new[] { "1000 response 486 Completed" }, h.User.Events);
        var ack = Assert.Single(h.Sender.Sent, s => s.StartLine.StartsWith("ACK"));
        Assert.Equal(1000, ack.AtMs);
        Assert.Equal("192.0.2.20:5070", ack.To);
        Assert.Equal(
            "ACK sip:bob@biloxi.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds8;rport\r\n" +
            "Route: <sip:p1.example.com;lr>\r\n" +
            "Route: <sip:p2.example.com;lr>\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>;tag=99sa0xk\r\n" +
            "Call-ID: " + Messages.CallId + "\r\n" +
            "CSeq: 314159 ACK\r\n" +
            "Content-Length: 0\r\n\r\n", ack.Text);
    }

    [Fact]
    public void Retransmitted_final_responses_resend_the_ACK_and_Timer_D_terminates_after_32_s()
    {
        var h = new TransactionHarness();
        h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"));
        h.RunUntil(200);
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing"));
        h.RunUntil(1000);
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 603, "Decline"));
        h.RunUntil(1500);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 603, "Decline")));
        h.RunUntil(3500);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 603, "Decline")));
        h.RunUntil(32999);
        Assert.DoesNotContain(h.User.Events, e => e.Contains("terminated"));
        h.RunUntil(40000);

        Assert.Equal(new long[] { 1000, 1500, 3500 }, h.SendTimes("ACK"));
        Assert.Single(h.Sender.Sent, s => s.StartLine.StartsWith("INVITE"));
        Assert.Equal(new[] { "200 response 180 Proceeding", "1000 response 603 Completed", "33000 terminated Normal" },
            h.User.Events);
        var acks = h.Sender.Sent.FindAll(s => s.StartLine.StartsWith("ACK"));
        Assert.All(acks, a => Assert.Equal(acks[0].Text, a.Text));
    }

    [Fact]
    public void A_2xx_enters_Accepted_and_every_2xx_goes_to_the_TU_until_Timer_M_RFC_6026()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        h.RunUntil(800);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 200, "OK", toTag: "fork1")));
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.RunUntil(1300);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 200, "OK", toTag: "fork1")));   // retransmission
        h.RunUntil(2000);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 200, "OK", toTag: "fork2")));   // another fork
        h.RunUntil(32799);
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.RunUntil(40000);

        Assert.Empty(h.SendTimes("ACK"));                          // the TU acknowledges 2xx, not the transaction
        Assert.Equal(new long[] { 0, 500 }, h.SendTimes("INVITE"));
        Assert.Equal(new[]
        {
            "800 response 200 Accepted", "1300 response 200 Accepted", "2000 response 200 Accepted",
            "32800 terminated Normal",
        }, h.User.Events);
    }

    [Fact]
    public void A_2xx_after_a_provisional_also_enters_Accepted()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 183, "Session Progress"));
        h.RunUntil(5000);
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 200, "OK"));
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing"));    // late 1xx in Accepted: dropped
        h.RunUntil(37000);
        Assert.Equal(new[] { "0 response 183 Proceeding", "5000 response 200 Accepted", "37000 terminated Normal" },
            h.User.Events);
    }

    [Fact]
    public void The_TU_can_abandon_an_INVITE_stuck_in_Proceeding_9_1()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        int id = tx.Id;
        h.ReceiveResponse(Messages.ResponseTo("INVITE", 180, "Ringing"));
        h.RunUntil(64000);
        h.Layer.Abandon(tx);
        Assert.False(tx.Is(id));
        Assert.Equal(new[] { "0 response 180 Proceeding", "64000 terminated Abandoned" }, h.User.Events);
        Assert.Equal(0, h.Layer.ClientCount);
    }
}
