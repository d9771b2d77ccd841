using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// INVITE server transaction over UDP (RFC 3261 §17.2.1, Figure 7 as replaced by RFC 6026 §8.6).
/// The layer never sends 100 Trying on its own: the TU sends it at once (SendTrying). Scenarios:
///  1. an INVITE creates the transaction in Proceeding and reaches the TU, which sends 100
///     Trying at once: no To tag, Timestamp copied (§8.2.6.1), sent to the source address and
///     the Via's sent-by port (§18.2.2), or the source port when the Via has rport (RFC 3581).
///  2. a retransmitted INVITE in Proceeding: the latest provisional is resent, the TU is not told.
///  3. a 3xx–6xx from the TU: Completed, resent on Timer G at T1, 2T1, 4T1, then every T2
///     (0, .5, 1.5, 3.5, 7.5, 11.5 ... s) until the ACK: Confirmed, nothing more sent, Timer I
///     (T4) terminates; further ACKs are absorbed.
///  4. no ACK: Timer H at 64*T1 tells the TU ("NoAck") and terminates.
///  5. a retransmitted INVITE in Completed: the final response is resent.
///  6. a 2xx from the TU: Accepted (RFC 6026); retransmitted INVITEs are absorbed silently; the TU's
///     2xx retransmissions are sent; an ACK for the 2xx (new branch) goes to the TU; a non-2xx is
///     refused; Timer L = 64*T1 terminates.
///  7. a transport error on a response: the TU is told, the state stays (RFC 6026 §8.8).
/// </summary>
public class InviteServerTests
{
    private static TransactionHarness WithInvite(out SipTransaction tx, string invite)
    {
        var h = new TransactionHarness();
        h.User.WhenRequest = (t, m) => Assert.True(h.Layer.SendTrying(t, m));
        Assert.Equal(RequestOutcome.Created, h.Receive(invite));
        tx = h.User.LastServerTx!;
        return h;
    }

    [Fact]
    public void An_INVITE_creates_a_transaction_in_Proceeding_and_the_TU_sends_100_Trying_at_once()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE", via: "\r\nTimestamp: 54"));
        Assert.Equal(TransactionKind.InviteServer, tx.Kind);
        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(new[] { "0 request INVITE" }, h.User.Events);
        var trying = Assert.Single(h.Sender.Sent);
        Assert.Equal("SIP/2.0 100 Trying", trying.StartLine);
        Assert.Contains("\r\nTo: Alice <sip:alice@atlanta.example.com>\r\n", trying.Text);   // no tag added
        Assert.Contains("\r\nTimestamp: 54\r\n", trying.Text);
        Assert.Equal("192.0.2.20:5070", trying.To);
    }

    [Fact]
    public void Responses_go_to_the_source_port_when_the_Via_has_rport_and_else_to_the_sent_by_port()
    {
        var h = new TransactionHarness();
        h.Peer.Port = 40000;   // a NAT changed the port
        h.Receive(Messages.Incoming("INVITE", branch: "z9hG4bKa", sentBy: "10.0.0.5:5062", via: ";rport"));
        h.Receive(Messages.Incoming("INVITE", branch: "z9hG4bKb", sentBy: "10.0.0.5:5062"));
        h.Receive(Messages.Incoming("INVITE", branch: "z9hG4bKc", sentBy: "10.0.0.5"));
        Assert.Equal("192.0.2.20:40000", h.Layer.SlotAt(4).Peer.ToString());
        Assert.Equal("192.0.2.20:5062", h.Layer.SlotAt(5).Peer.ToString());
        Assert.Equal("192.0.2.20:5060", h.Layer.SlotAt(6).Peer.ToString());
    }

    [Fact]
    public void A_retransmitted_INVITE_in_Proceeding_gets_the_latest_provisional_and_is_not_passed_up()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.RunUntil(300);
        Assert.True(h.Respond(tx, Messages.Reply("INVITE", 180, "Ringing")));
        h.RunUntil(500);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("INVITE")));

        Assert.Equal(new[] { "SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing" },
            h.Sender.Sent.ConvertAll(s => s.StartLine));
        Assert.Equal(new long[] { 0, 300, 500 }, h.Sender.Sent.ConvertAll(s => s.AtMs));
        Assert.Equal(new[] { "0 request INVITE" }, h.User.Events);
        Assert.Equal(TransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void A_final_non_2xx_is_resent_on_Timer_G_until_the_ACK_then_Timer_I_terminates()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.RunUntil(1000);
        Assert.True(h.Respond(tx, Messages.Reply("INVITE", 486, "Busy Here")));
        Assert.Equal(TransactionState.Completed, tx.State);
        h.RunUntil(14000);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("ACK", toTag: "314159")));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        h.RunUntil(16000);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("ACK", toTag: "314159")));
        h.RunUntil(30000);

        Assert.Equal(new long[] { 1000, 1500, 2500, 4500, 8500, 12500 }, h.SendTimes("SIP/2.0 486"));
        Assert.Equal(new[] { "0 request INVITE", "19000 terminated Normal" }, h.User.Events);
    }

    [Fact]
    public void Without_an_ACK_Timer_H_tells_the_TU_and_terminates_at_64_T1()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.Respond(tx, Messages.Reply("INVITE", 404, "Not Found"));
        h.RunUntil(60000);
        Assert.Equal(new long[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 },
            h.SendTimes("SIP/2.0 404"));
        Assert.Equal(new[] { "0 request INVITE", "32000 timeout NoAck", "32000 terminated NoAck" }, h.User.Events);
        Assert.Equal(0, h.Layer.ServerCount);
    }

    [Fact]
    public void A_retransmitted_INVITE_in_Completed_gets_the_final_response_again()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.Respond(tx, Messages.Reply("INVITE", 480, "Temporarily Unavailable"));
        h.RunUntil(200);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("INVITE")));
        Assert.Equal(new long[] { 0, 200 }, h.SendTimes("SIP/2.0 480"));
    }

    [Fact]
    public void A_2xx_enters_Accepted_absorbs_INVITE_retransmissions_passes_ACKs_and_ends_on_Timer_L()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.RunUntil(2000);
        Assert.True(h.Respond(tx, Messages.Reply("INVITE", 200, "OK")));
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.RunUntil(2300);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("INVITE")));
        h.RunUntil(2500);
        Assert.True(h.Respond(tx, Messages.Reply("INVITE", 200, "OK")));             // the TU's retransmission
        Assert.False(h.Respond(tx, Messages.Reply("INVITE", 500, "Server Error")));  // no final after a 2xx
        h.RunUntil(2600);
        Assert.Equal(RequestOutcome.PassedToTu, h.Receive(Messages.Incoming("ACK", branch: "z9hG4bKack2xx", toTag: "314159")));
        h.RunUntil(33999);
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.RunUntil(34000);

        Assert.Equal(new long[] { 2000, 2500 }, h.SendTimes("SIP/2.0 200"));
        Assert.Equal(new[] { "0 request INVITE", "2600 ack no-transaction", "34000 terminated Normal" }, h.User.Events);
    }

    [Fact]
    public void A_transport_error_on_a_response_is_reported_and_the_state_stays_RFC_6026_8_8()
    {
        var h = WithInvite(out var tx, Messages.Incoming("INVITE"));
        h.Sender.Fail = true;
        Assert.False(h.Respond(tx, Messages.Reply("INVITE", 486, "Busy Here")));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("INVITE")));   // still absorbed
        Assert.Equal(new[] { "0 request INVITE", "0 transport-error Completed", "0 transport-error Completed" },
            h.User.Events);
    }
}
