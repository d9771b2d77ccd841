using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Non-INVITE client transaction over UDP (RFC 3261 §17.1.2, Figure 6). Scenarios:
///  1. no answer: sends at 0, T1 after, then intervals doubling to T2 (0, .5, 1.5, 3.5, 7.5,
///     11.5, ... 31.5 s); Timer F at 64*T1 = 32 s tells the TU of the timeout and terminates.
///  2. a provisional response: passed to the TU, state Proceeding; the pending Timer E still
///     fires and from then on the request is resent every T2.
///  3. a final response: passed to the TU once, Completed; retransmissions of it are absorbed;
///     no more request retransmissions; Timer K = T4 later the transaction terminates.
///  4. Timer F in Proceeding: timeout too.
///  5. the transport fails on a retransmission: TU told, terminated (§17.1.4).
///  6. the transport fails on the first send: SendRequest returns null, the slot is free again.
///  7. timers scale with the configured T1/T2/T4.
/// </summary>
public class NonInviteClientTests
{
    private static readonly long[] UdpSchedule = { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 };

    [Fact]
    public void Request_is_retransmitted_on_Timer_E_doubling_to_T2_and_Timer_F_times_out_at_64_T1()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Register, Messages.Outgoing("REGISTER"))!;
        Assert.Equal(TransactionState.Trying, tx.State);

        h.RunUntil(31999);
        Assert.Equal(UdpSchedule, h.SendTimes("REGISTER"));
        Assert.Empty(h.User.Events);

        h.RunUntil(40000);
        Assert.Equal(UdpSchedule, h.SendTimes("REGISTER"));
        Assert.Equal(new[] { "32000 timeout Timeout", "32000 terminated Timeout" }, h.User.Events);
        Assert.Equal(0, h.Layer.ClientCount);
        Assert.Equal(0, h.Timers.Count);
        Assert.All(h.Sender.Sent, s => Assert.Equal("192.0.2.20:5070", s.To));
    }

    [Fact]
    public void After_a_provisional_response_retransmissions_continue_every_T2()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Options, Messages.Outgoing("OPTIONS"))!;
        h.RunUntil(600);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("OPTIONS", 100, "Trying")));
        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(new[] { "600 response 100 Proceeding" }, h.User.Events);

        h.RunUntil(14000);
        // Timer E was already set for 1.5 s; when it fires in Proceeding it is reset to T2.
        Assert.Equal(new long[] { 0, 500, 1500, 5500, 9500, 13500 }, h.SendTimes("OPTIONS"));
    }

    [Fact]
    public void A_final_response_completes_and_Timer_K_terminates_T4_later()
    {
        var h = new TransactionHarness();
        var tx = h.Send(SipMethod.Register, Messages.Outgoing("REGISTER"))!;
        h.RunUntil(1000);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("REGISTER", 200, "OK")));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(200, tx.LastStatusCode);

        h.RunUntil(2000);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("REGISTER", 200, "OK")));   // absorbed
        h.RunUntil(5999);
        Assert.Equal(TransactionState.Completed, tx.State);
        h.RunUntil(6000);

        Assert.Equal(new long[] { 0, 500 }, h.SendTimes("REGISTER"));
        Assert.Equal(new[] { "1000 response 200 Completed", "6000 terminated Normal" }, h.User.Events);
        Assert.Equal(0, h.Layer.ClientCount);
    }

    [Fact]
    public void Timer_F_also_times_out_a_transaction_in_Proceeding()
    {
        var h = new TransactionHarness();
        h.Send(SipMethod.Bye, Messages.Outgoing("BYE"));
        h.ReceiveResponse(Messages.ResponseTo("BYE", 100, "Trying"));
        h.RunUntil(32000);
        Assert.Equal(new[] { "0 response 100 Proceeding", "32000 timeout Timeout", "32000 terminated Timeout" }, h.User.Events);
    }

    [Fact]
    public void A_transport_failure_on_retransmission_is_reported_and_terminates_17_1_4()
    {
        var h = new TransactionHarness();
        h.Send(SipMethod.Register, Messages.Outgoing("REGISTER"));
        h.Sender.Fail = true;
        h.RunUntil(10000);
        Assert.Equal(new long[] { 0, 500 }, h.SendTimes("REGISTER"));
        Assert.Equal(new[] { "500 transport-error Trying", "500 terminated TransportError" }, h.User.Events);
        Assert.Equal(0, h.Timers.Count);
    }

    [Fact]
    public void A_transport_failure_on_the_first_send_returns_null_and_frees_the_slot()
    {
        var h = new TransactionHarness(clients: 1);
        h.Sender.Fail = true;
        Assert.Null(h.Send(SipMethod.Register, Messages.Outgoing("REGISTER")));
        Assert.True(h.Layer.CanCreateClientTransaction);
        Assert.Empty(h.User.Events);
        Assert.Equal(0, h.Timers.Count);
    }

    [Fact]
    public void Timers_follow_the_configured_T1_T2_T4()
    {
        var h = new TransactionHarness(settings: new TimerSettings { T1 = 100, T2 = 400, T4 = 1000 });
        h.Send(SipMethod.Options, Messages.Outgoing("OPTIONS"));
        h.RunUntil(10000);
        Assert.Equal(new long[] { 0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500, 3900, 4300,
            4700, 5100, 5500, 5900, 6300 }, h.SendTimes("OPTIONS"));
        Assert.Equal(new[] { "6400 timeout Timeout", "6400 terminated Timeout" }, h.User.Events);
    }
}
