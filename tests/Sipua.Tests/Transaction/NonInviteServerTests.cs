using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Non-INVITE server transaction over UDP (RFC 3261 §17.2.2, Figure 8). Scenarios:
///  1. a request creates the transaction in Trying; retransmissions in Trying are discarded.
///  2. a provisional from the TU: Proceeding; a retransmission gets the latest provisional again.
///  3. a final response: Completed; each retransmission gets it again; later responses from the
///     TU are discarded; Timer J = 64*T1 terminates; the next copy of the request is then new.
///  4. a transport error: the TU is told, the state stays (RFC 6026 §8.8 on §17.2.4).
/// </summary>
public class NonInviteServerTests
{
    [Fact]
    public void Retransmissions_in_Trying_are_discarded()
    {
        var h = new TransactionHarness();
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("OPTIONS")));
        var tx = h.User.LastServerTx!;
        Assert.Equal(TransactionKind.NonInviteServer, tx.Kind);
        Assert.Equal(TransactionState.Trying, tx.State);
        h.RunUntil(500);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("OPTIONS")));
        Assert.Empty(h.Sender.Sent);
        Assert.Equal(new[] { "0 request OPTIONS" }, h.User.Events);
    }

    [Fact]
    public void In_Proceeding_a_retransmission_gets_the_latest_provisional()
    {
        var h = new TransactionHarness();
        h.Receive(Messages.Incoming("SUBSCRIBE"));
        var tx = h.User.LastServerTx!;
        Assert.True(h.Respond(tx, Messages.Reply("SUBSCRIBE", 100, "Trying")));
        Assert.Equal(TransactionState.Proceeding, tx.State);
        h.RunUntil(500);
        h.Receive(Messages.Incoming("SUBSCRIBE"));
        Assert.Equal(new long[] { 0, 500 }, h.SendTimes("SIP/2.0 100"));
    }

    [Fact]
    public void A_final_response_is_resent_for_each_retransmission_until_Timer_J()
    {
        var h = new TransactionHarness();
        h.Receive(Messages.Incoming("BYE"));
        var tx = h.User.LastServerTx!;
        h.RunUntil(100);
        Assert.True(h.Respond(tx, Messages.Reply("BYE", 200, "OK")));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.False(h.Respond(tx, Messages.Reply("BYE", 500, "Server Internal Error")));   // discarded
        h.RunUntil(600);
        h.Receive(Messages.Incoming("BYE"));
        h.RunUntil(1600);
        h.Receive(Messages.Incoming("BYE"));
        h.RunUntil(32099);
        Assert.Equal(TransactionState.Completed, tx.State);
        h.RunUntil(32100);

        Assert.Equal(new long[] { 100, 600, 1600 }, h.SendTimes("SIP/2.0 200"));
        Assert.Empty(h.SendTimes("SIP/2.0 500"));
        Assert.Equal(new[] { "0 request BYE", "32100 terminated Normal" }, h.User.Events);

        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("BYE")));
    }

    [Fact]
    public void A_transport_error_is_reported_and_the_state_stays()
    {
        var h = new TransactionHarness();
        h.Receive(Messages.Incoming("OPTIONS"));
        var tx = h.User.LastServerTx!;
        h.Sender.Fail = true;
        Assert.False(h.Respond(tx, Messages.Reply("OPTIONS", 200, "OK")));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(new[] { "0 request OPTIONS", "0 transport-error Completed" }, h.User.Events);
    }
}
