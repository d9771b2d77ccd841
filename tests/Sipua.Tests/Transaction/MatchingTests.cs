using System.Text;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Matching (RFC 3261 §17.1.3, §17.2.3, §9.2; RFC 6026 §8.9). Scenarios:
///  1. a response with another branch matches no client transaction: dropped, TU not told.
///  2. a response with the INVITE's branch but CSeq method CANCEL does not match the INVITE
///     client transaction; with both transactions running each gets its own responses.
///  3. server, magic cookie: same branch from another sent-by is another transaction; branch
///     compares case-insensitively; an ACK with the INVITE's branch matches the INVITE.
///  4. server: a CANCEL with the INVITE's branch is a new (non-INVITE) transaction, and
///     FindInviteServer finds the INVITE it cancels (§9.2).
///  5. RFC 2543 fallback (no cookie), RFC 4475 §3.4.1 inv2543: the retransmission matches by
///     Request-URI, tags, Call-ID, CSeq and top Via; the ACK for our 486 matches with our To
///     tag; an ACK with another To tag does not.
///  6. RFC 4475 §3.2.1 badbranch (branch is only the cookie): fallback matching; another CSeq
///     is another transaction.
///  7. RFC 6026 §6: an RFC 2543 ACK matching an Accepted INVITE goes to the TU.
///  8. methods this UA does not know are told apart by name (§7.1: case-sensitive).
/// </summary>
public class MatchingTests
{
    [Fact]
    public void A_response_with_another_branch_is_not_matched_and_dropped()
    {
        var h = new TransactionHarness();
        h.Send(SipMethod.Options, Messages.Outgoing("OPTIONS"));
        Assert.False(h.ReceiveResponse(Messages.ResponseTo("OPTIONS", 200, "OK", branch: "z9hG4bKother")));
        Assert.Empty(h.User.Events);
    }

    [Fact]
    public void CANCEL_responses_do_not_match_the_INVITE_client_transaction()
    {
        var h = new TransactionHarness();
        var invite = h.Send(SipMethod.Invite, Messages.Outgoing("INVITE"))!;
        Assert.False(h.ReceiveResponse(Messages.ResponseTo("CANCEL", 200, "OK")));
        Assert.Equal(TransactionState.Calling, invite.State);

        var cancel = h.Send(SipMethod.Cancel, Messages.Outgoing("CANCEL"))!;
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("CANCEL", 200, "OK")));
        Assert.Equal(TransactionState.Completed, cancel.State);
        Assert.Equal(TransactionState.Calling, invite.State);
        Assert.True(h.ReceiveResponse(Messages.ResponseTo("INVITE", 487, "Request Terminated")));
        Assert.Equal(TransactionState.Completed, invite.State);
    }

    [Fact]
    public void Server_matching_uses_branch_sent_by_and_method_and_ACK_matches_the_INVITE()
    {
        var h = new TransactionHarness();
        h.User.WhenRequest = (t, m) => h.Layer.SendTrying(t, m);
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("INVITE")));
        var tx = h.User.LastServerTx!;
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("INVITE", sentBy: "192.0.2.99:5070")));
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("INVITE", branch: "z9hG4bK776ASDHDS")));
        h.Respond(tx, Messages.Reply("INVITE", 486, "Busy Here"));
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("ACK", toTag: "314159")));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        Assert.Equal(2, h.User.Events.Count);
    }

    [Fact]
    public void A_CANCEL_is_its_own_transaction_and_finds_the_INVITE_it_cancels_9_2()
    {
        var h = new TransactionHarness();
        h.Receive(Messages.Incoming("INVITE"));
        var invite = h.User.LastServerTx!;
        SipTransaction? target = null;
        h.User.WhenRequest = (t, m) => target = h.Layer.FindInviteServer(m);
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("CANCEL")));
        Assert.Equal(TransactionKind.NonInviteServer, h.User.LastServerTx!.Kind);
        Assert.Same(invite, target);
    }

    [Fact]
    public void RFC_2543_INVITE_without_branch_matches_its_retransmission_and_ACK_by_the_fallback_rule()
    {
        var h = new TransactionHarness();
        byte[] inv = TestData.Read("rfc4475/inv2543.dat");
        Assert.Equal(RequestOutcome.Created, h.Layer.OnRequest(Parse(inv), h.Peer));
        var tx = h.User.LastServerTx!;
        Assert.True(tx.IsRfc2543);
        Assert.Equal(RequestOutcome.Absorbed, h.Layer.OnRequest(Parse(inv), h.Peer));
        Assert.Equal(RequestOutcome.Created, h.Layer.OnRequest(Parse(Changed(inv, "CSeq: 56", "CSeq: 57")), h.Peer));

        Assert.True(h.Respond(tx, Reply2543(486, "Busy Here")));
        string ack = Ack2543(Encoding.ASCII.GetString(inv));
        Assert.Equal(RequestOutcome.PassedToTu, h.Receive(ack.Replace(";tag=b5qt", ";tag=other")));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(ack));
        Assert.Equal(TransactionState.Confirmed, tx.State);
    }

    [Fact]
    public void RFC_2543_ACK_matching_an_Accepted_INVITE_goes_to_the_TU_RFC_6026_6()
    {
        var h = new TransactionHarness();
        byte[] inv = TestData.Read("rfc4475/inv2543.dat");
        h.Layer.OnRequest(Parse(inv), h.Peer);
        var tx = h.User.LastServerTx!;
        Assert.True(h.Respond(tx, Reply2543(200, "OK")));
        Assert.Equal(RequestOutcome.PassedToTu, h.Receive(Ack2543(Encoding.ASCII.GetString(inv))));
        Assert.Equal(new[] { "0 request INVITE", "0 ack Accepted" }, h.User.Events);
    }

    [Fact]
    public void A_branch_that_is_only_the_cookie_falls_back_to_RFC_2543_matching()
    {
        var h = new TransactionHarness();
        byte[] req = TestData.Read("rfc4475/badbranch.dat");
        Assert.Equal(RequestOutcome.Created, h.Layer.OnRequest(Parse(req), h.Peer));
        Assert.True(h.User.LastServerTx!.IsRfc2543);
        Assert.Equal(RequestOutcome.Absorbed, h.Layer.OnRequest(Parse(req), h.Peer));
        Assert.Equal(RequestOutcome.Created, h.Layer.OnRequest(Parse(Changed(req, "CSeq: 8", "CSeq: 9")), h.Peer));
        Assert.Equal(RequestOutcome.Created,
            h.Layer.OnRequest(Parse(Changed(req, "tag=33242", "tag=33243")), h.Peer));
    }

    [Fact]
    public void Unknown_methods_are_matched_by_name()
    {
        var h = new TransactionHarness();
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("FOO")));
        Assert.Equal(RequestOutcome.Absorbed, h.Receive(Messages.Incoming("FOO")));
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("BAR")));
        Assert.Equal(RequestOutcome.Created, h.Receive(Messages.Incoming("foo")));
    }

    private static SipMessage Parse(byte[] datagram)
    {
        byte[] copy = (byte[])datagram.Clone();
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(copy, 0, copy.Length, m));
        return m;
    }

    private static byte[] Changed(byte[] b, string from, string to)
        => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(b).Replace(from, to));

    private static string Reply2543(int code, string reason) =>
        $"SIP/2.0 {code} {reason}\r\n" +
        "Via: SIP/2.0/UDP iftgw.example.com\r\n" +
        "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n" +
        "To: sip:+16505552222@ss1.example.net;user=phone;tag=b5qt\r\n" +
        "Call-ID: inv2543.1717@ift.client.example.com\r\n" +
        "CSeq: 56 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>The ACK an RFC 2543 client sends: the INVITE's headers, To with our tag, CSeq 56 ACK.</summary>
    private static string Ack2543(string invite)
    {
        string head = invite.Substring(0, invite.IndexOf("\r\n\r\n", System.StringComparison.Ordinal) + 2);
        return head.Replace("INVITE sip:", "ACK sip:").Replace("CSeq: 56 INVITE", "CSeq: 56 ACK")
                   .Replace("To: sip:+16505552222@ss1.example.net;user=phone", "To: sip:+16505552222@ss1.example.net;user=phone;tag=b5qt")
                   .Replace("Content-Type: application/sdp\r\n", "")
               + "Content-Length: 0\r\n\r\n";
    }
}
