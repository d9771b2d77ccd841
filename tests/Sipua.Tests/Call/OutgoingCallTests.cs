using System.Linq;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;
using static NanoPhone.Sip.Tests.Call.CalleeScript;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// The phone as caller (RFC 3261 §8.1, §9.1, §13.2, §22; RFC 6026), following the seed's traces:
/// - Graham's INVITE challenged (407) and sent again with CSeq 1 → 2, same Call-ID and From tag.
/// - 180/183 → ringback; forked early dialogs; the first 2xx wins, another fork's 2xx is ACKed and BYEd.
/// - 2xx → ACK through the route set (Record-Route reversed).
/// - Alice's 302: a new INVITE to the Contact, same Call-ID and From tag, next CSeq; q order; at most
///   five redirections; never a target tried before or our own address; the answer after a
///   redirect names the target that answered.
/// - The ACK of a 407 or 302 goes out on receipt (§17.1.1.3), before the INVITE that follows it.
/// - CANCEL only after a provisional; a 200 crossing the CANCEL → ACK then BYE; no 487 → give up at 64·T1.
/// - Hold/resume by re-INVITE; BYE either way.
/// </summary>
public class OutgoingCallTests
{
    private readonly AgentHarness _h = new();

    private int Dial(string target = "1234") => _h.Dial(target);

    private Sent Invite => _h.Requests("INVITE").Last();
    private string Events => string.Join("|", _h.CallEvents);

    [Fact]
    public void Dialled_digits_become_an_INVITE_to_sip_digits_at_domain_with_an_SDP_offer_via_the_proxy()
    {
        Dial("1234#");
        var inv = Invite;
        var m = inv.Parse();
        Assert.Equal("sip:1234@nanophone.test", m.RequestUri.ToString());
        Assert.Equal("<sip:1234@nanophone.test>", Header(m, HeaderId.To));
        Assert.Equal("127.0.0.1:5070", inv.To);
        Assert.Equal(1, m.CSeq);
        Assert.True(m.FromTagLength > 0);
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\r\n", inv.Text);
        Assert.Equal("1 dialing (sip:1234@nanophone.test)", Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12#34")]
    [InlineData("http://example.com")]
    [InlineData("sip:")]
    public void Something_that_is_neither_a_number_nor_a_SIP_URI_is_refused(string target)
    {
        Assert.Equal(0, _h.Agent.Calls.Dial(target, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Empty(_h.Out);
    }

    [Fact]
    public void Challenge_407_is_answered_once_with_CSeq_2_same_Call_ID_and_From_tag_like_the_seed()
    {
        Dial();
        var first = Invite;
        _h.Deliver(Respond(first, 407, "Proxy Authentication Required", "p1",
            null, "Proxy-Authenticate: Digest realm=\"nanophone.test\", nonce=\"abc\", qop=\"auth\""));
        var acks = _h.Requests("ACK");
        Assert.Single(acks);   // the transaction ACKs the 407 itself (§17.1.1.3)
        var second = Invite.Parse();
        var a = first.Parse();
        Assert.Equal(a.CallIdText, second.CallIdText);
        Assert.Equal(TestData.Ascii(a.Buffer, a.FromTagOffset, a.FromTagLength), TestData.Ascii(second.Buffer, second.FromTagOffset, second.FromTagLength));
        Assert.Equal(2, second.CSeq);
        Assert.NotEqual(Header(a, HeaderId.Via), Header(second, HeaderId.Via));
        Assert.StartsWith("Digest username=\"linda\", realm=\"nanophone.test\", nonce=\"abc\", uri=\"sip:1234@nanophone.test\"",
            Header(second, HeaderId.ProxyAuthorization));
    }

    /// <summary>The first word of every datagram the phone sent: a method, or "SIP/2.0" for a response.</summary>
    private string[] Sequence => _h.Out.Select(s => s.Text.Substring(0, s.Text.IndexOf(' '))).ToArray();

    [Fact]
    public void The_ACK_of_a_407_goes_out_before_the_INVITE_that_answers_the_challenge()
    {
        // §17.1.1.3: the client transaction ACKs a 3xx-6xx on receipt; the TU's new INVITE comes after.
        Dial();
        var first = Invite;
        _h.Deliver(Respond(first, 407, "Proxy Authentication Required", "p1",
            null, "Proxy-Authenticate: Digest realm=\"nanophone.test\", nonce=\"abc\", qop=\"auth\""));
        Assert.Equal(new[] { "INVITE", "ACK", "INVITE" }, Sequence);
        Assert.Equal(first.Parse().CSeq, _h.Requests("ACK").Single().Parse().CSeq);
        Assert.Equal(2, Invite.Parse().CSeq);
    }

    [Fact]
    public void The_ACK_of_a_302_goes_out_before_the_INVITE_to_the_new_target()
    {
        Dial("sip:graham@nanophone.test");
        _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "g1", null, "Contact: <sip:voicemail@nanophone.test>"));
        Assert.Equal(new[] { "INVITE", "ACK", "INVITE" }, Sequence);
        Assert.StartsWith("ACK sip:graham@nanophone.test SIP/2.0\r\n", _h.Out[1].Text);
        Assert.StartsWith("INVITE sip:voicemail@nanophone.test SIP/2.0\r\n", _h.Out[2].Text);
    }

    [Fact]
    public void After_a_followed_redirect_the_answered_event_names_the_target_that_answered()
    {
        // The seed's desk phone calls Graham, whose phone redirects to the voicemail, which answers.
        Dial("sip:graham@nanophone.test");
        _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "g1", null, "Contact: <sip:voicemail@nanophone.test>"));
        _h.Deliver(Ok(Invite, "vm1", "<sip:voicemail@127.0.0.1:5090>"));
        Assert.Equal("1 answered sip:voicemail@nanophone.test", _h.CallPeers[^1]);
        Assert.True(_h.Agent.Calls.HangUp(1));
        Assert.Equal("1 ended sip:voicemail@nanophone.test", _h.CallPeers[^1]);
    }

    [Fact]
    public void Without_a_redirect_the_answered_event_names_the_party_dialled()
    {
        Dial("sip:graham@nanophone.test");
        _h.Deliver(Ok(Invite, "g1", "<sip:graham@192.0.2.9:5060>"));
        Assert.Equal("1 answered sip:graham@nanophone.test", _h.CallPeers[^1]);
    }

    [Fact]
    public void A_second_challenge_with_the_same_nonce_gives_up_with_authentication_failed()
    {
        Dial();
        const string ch = "Proxy-Authenticate: Digest realm=\"nanophone.test\", nonce=\"abc\", qop=\"auth\"";
        _h.Deliver(Respond(Invite, 407, "Proxy Authentication Required", "p1", null, ch));
        _h.Deliver(Respond(Invite, 407, "Proxy Authentication Required", "p1", null, ch));
        Assert.Equal(2, _h.Requests("INVITE").Select(s => s.Parse().CSeq).Distinct().Count());
        Assert.EndsWith("1 failed (authentication failed)", Events);
    }

    [Fact]
    public void Ringing_then_200_is_ACKed_through_the_reversed_route_set_and_the_call_is_answered()
    {
        Dial();
        _h.Deliver(Respond(Invite, 180, "Ringing", "bob1", null, "Contact: <sip:bob@192.0.2.9:5060>"));
        Assert.Contains("1 ringback (180 Ringing)", Events);
        _h.Deliver(Ok(Invite, "bob1"));
        var ack = _h.Requests("ACK").Single();
        Assert.Equal("127.0.0.1:5070", ack.To);
        Assert.StartsWith("ACK sip:bob@192.0.2.9:5060 SIP/2.0\r\nRoute: <sip:127.0.0.1:5070;lr>\r\nRoute: <sip:p2.example.net;lr>\r\n", ack.Text);
        var m = ack.Parse();
        Assert.Equal(1, m.CSeq);
        Assert.Equal(SipMethod.Ack, m.CSeqMethod);
        Assert.EndsWith("1 answered", Events);
    }

    [Fact]
    public void A_retransmitted_200_gets_the_same_ACK_again()
    {
        Dial();
        string ok = Ok(Invite, "bob1");
        _h.Deliver(ok);
        _h.Deliver(ok);
        var acks = _h.Requests("ACK");
        Assert.Equal(2, acks.Count);
        Assert.Equal(acks[0].Text, acks[1].Text);
    }

    [Fact]
    public void Forked_call_first_2xx_wins_and_the_other_forks_2xx_is_ACKed_then_ended_with_BYE()
    {
        Dial();
        _h.Deliver(Respond(Invite, 180, "Ringing", "deskA", null, "Contact: <sip:bob@192.0.2.9:5060>"));
        _h.Deliver(Respond(Invite, 180, "Ringing", "mobileB", null, "Contact: <sip:bob@192.0.2.10:5060>"));
        _h.Deliver(Ok(Invite, "deskA"));
        _h.Deliver(Ok(Invite, "mobileB", "<sip:bob@192.0.2.10:5060>"));
        Assert.Equal(2, _h.Requests("ACK").Count);
        var bye = _h.Requests("BYE").Single();
        Assert.Contains(";tag=mobileB\r\n", bye.Text);
        Assert.StartsWith("BYE sip:bob@192.0.2.10:5060 SIP/2.0", bye.Text);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.Current!.State);
    }

    [Fact]
    public void Alices_302_is_followed_with_the_same_Call_ID_and_From_tag_the_next_CSeq_and_the_Contact_as_Request_URI()
    {
        Dial("sip:bob@example.com");
        var first = Invite;
        _h.Deliver(Respond(first, 302, "Moved Temporarily", "1234567890", null, "Contact: <sip:bob-new@example.com>"));
        var second = Invite.Parse();
        var a = first.Parse();
        Assert.Equal("sip:bob-new@example.com", second.RequestUri.ToString());
        Assert.Equal(a.CallIdText, second.CallIdText);
        Assert.Equal(TestData.Ascii(a.Buffer, a.FromTagOffset, a.FromTagLength), TestData.Ascii(second.Buffer, second.FromTagOffset, second.FromTagLength));
        Assert.Equal(a.CSeq + 1, second.CSeq);
        Assert.Equal("<sip:bob@example.com>", Header(second, HeaderId.To));  // §8.1.3.4: only the Request-URI changes
        Assert.NotEqual(Header(a, HeaderId.Via), Header(second, HeaderId.Via));
    }

    [Fact]
    public void Redirect_targets_are_tried_in_q_order_and_the_next_one_after_a_failure()
    {
        Dial("sip:bob@example.com");
        _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "r1", null,
            "Contact: <sip:low@example.com>;q=0.2, <sip:high@example.com>;q=0.9", "Contact: <sip:mid@example.com>;q=0.5"));
        Assert.Equal("sip:high@example.com", Invite.Parse().RequestUri.ToString());
        _h.Deliver(Respond(Invite, 486, "Busy Here", "h1"));
        Assert.Equal("sip:mid@example.com", Invite.Parse().RequestUri.ToString());
        _h.Deliver(Respond(Invite, 404, "Not Found", "m1"));
        Assert.Equal("sip:low@example.com", Invite.Parse().RequestUri.ToString());
        _h.Deliver(Respond(Invite, 480, "Temporarily Unavailable", "l1"));
        Assert.EndsWith("failed (480 Temporarily Unavailable)", Events);
    }

    [Fact]
    public void A_redirect_loop_A_to_B_to_A_ends_instead_of_storming()
    {
        Dial("sip:a@example.com");
        for (int i = 0; i < 20 && _h.Agent.Calls.Current != null; i++)
        {
            string next = Invite.Parse().RequestUri.ToString() == "sip:a@example.com" ? "sip:b@example.com" : "sip:a@example.com";
            _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "x" + i, null, "Contact: <" + next + ">"));
        }
        Assert.Equal(2, _h.Requests("INVITE").Select(s => s.Parse().CSeq).Distinct().Count());
        Assert.EndsWith("failed (redirect without a usable Contact (302 Moved Temporarily))", Events);
    }

    [Fact]
    public void At_most_five_redirections_per_call()
    {
        Dial("sip:t0@example.com");
        for (int i = 1; i < 20 && _h.Agent.Calls.Current != null; i++)
            _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "x" + i, null, "Contact: <sip:t" + i + "@example.com>"));
        Assert.Equal(6, _h.Requests("INVITE").Select(s => s.Parse().CSeq).Distinct().Count());
        Assert.EndsWith("failed (too many redirections)", Events);
    }

    [Fact]
    public void A_redirect_to_our_own_address_is_not_followed()
    {
        Dial("sip:bob@example.com");
        _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "r1", null, "Contact: <sip:linda@nanophone.test>, <sip:linda@127.0.0.1:5062>"));
        Assert.Single(_h.Requests("INVITE").Select(s => s.Parse().CSeq).Distinct());
        Assert.Contains("redirect without a usable Contact", Events);
    }

    [Fact]
    public void Busy_callee_ends_the_call_with_the_status_shown()
    {
        Dial();
        _h.Deliver(Respond(Invite, 486, "Busy Here", "b1"));
        Assert.True(Events.EndsWith("1 failed (486 Busy Here)"), Events + "\n" + string.Join("\n---\n", _h.Out.Select(o => o.Text)));
        Assert.Null(_h.Agent.Calls.Current);
    }

    [Fact]
    public void Hanging_up_before_any_provisional_waits_for_one_then_sends_CANCEL_and_ends_on_487()
    {
        int n = Dial();
        Assert.True(_h.Agent.Calls.HangUp(n));
        Assert.Empty(_h.Requests("CANCEL"));     // §9.1: not before a provisional
        _h.Deliver(Respond(Invite, 180, "Ringing", "b1"));
        var cancel = _h.Requests("CANCEL").Single().Parse();
        var inv = Invite.Parse();
        Assert.Equal(Header(inv, HeaderId.Via), Header(cancel, HeaderId.Via));
        Assert.Equal(inv.RequestUri.ToString(), cancel.RequestUri.ToString());
        Assert.Equal(inv.CSeq, cancel.CSeq);
        Assert.Equal(SipMethod.Cancel, cancel.CSeqMethod);
        Assert.False(cancel.HasToTag);
        _h.Deliver(Respond(Invite, 487, "Request Terminated", "b1"));
        Assert.EndsWith("1 ended (cancelled)", Events);
    }

    [Fact]
    public void A_200_that_crosses_the_CANCEL_is_ACKed_then_ended_with_BYE()
    {
        int n = Dial();
        _h.Deliver(Respond(Invite, 180, "Ringing", "b1"));
        _h.Agent.Calls.HangUp(n);
        _h.Deliver(Ok(Invite, "b1"));
        Assert.Single(_h.Requests("ACK"));
        Assert.Single(_h.Requests("BYE"));
        Assert.EndsWith("1 ended (hung up)", Events);
    }

    [Fact]
    public void A_200_after_hanging_up_before_any_provisional_is_ACKed_and_ended_with_BYE_not_answered()
    {
        int n = Dial();
        _h.Agent.Calls.HangUp(n);
        _h.Deliver(Ok(Invite, "b1"));
        Assert.Single(_h.Requests("ACK"));
        Assert.Single(_h.Requests("BYE"));
        Assert.DoesNotContain(_h.CallEvents, e => e.EndsWith("answered"));
        Assert.Null(_h.Agent.Calls.Current);
    }

    [Fact]
    public void No_487_after_CANCEL_gives_up_at_64_T1()
    {
        int n = Dial();
        _h.Deliver(Respond(Invite, 180, "Ringing", "b1"));
        _h.Agent.Calls.HangUp(n);
        long at = _h.Clock.NowMs;
        _h.Run(31_999);
        Assert.NotNull(_h.Agent.Calls.Current);
        _h.Run(1);
        Assert.Null(_h.Agent.Calls.Current);
        Assert.EndsWith("1 ended (cancelled (no 487))", Events);
    }

    [Fact]
    public void Hold_and_resume_are_re_INVITEs_with_sendonly_and_sendrecv_and_their_2xx_is_ACKed()
    {
        int n = Dial();
        _h.Deliver(Ok(Invite, "bob1"));
        Assert.True(_h.Agent.Calls.Hold(n, true));
        var hold = _h.Requests("INVITE").Last();
        Assert.Contains("a=sendonly\r\n", hold.Text);
        Assert.Contains(";tag=bob1\r\n", hold.Text);
        Assert.Equal(2, hold.Parse().CSeq);
        _h.Deliver(Respond(hold, 200, "OK", null, Answer.Replace("m=audio 40000 RTP/AVP 0\n", "m=audio 40000 RTP/AVP 0\na=recvonly\n"), "Contact: <sip:bob@192.0.2.9:5060>"));
        Assert.Equal(2, _h.Requests("ACK").Last().Parse().CSeq);
        Assert.True(_h.Agent.Calls.Hold(n, false));
        Assert.Contains("a=sendrecv\r\n", _h.Requests("INVITE").Last().Text);
    }

    [Fact]
    public void A_BYE_from_the_far_end_ends_our_call_and_on_hook_sends_BYE()
    {
        int n = Dial();
        _h.Deliver(Ok(Invite, "bob1"));
        string bye = "BYE sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbye9\r\n" +
            "From: <sip:1234@nanophone.test>;tag=bob1\r\nTo: " + Header(Invite.Parse(), HeaderId.From) + "\r\n" +
            "Call-ID: " + Invite.Parse().CallIdText + "\r\nCSeq: 7 BYE\r\nContent-Length: 0\r\n\r\n";
        _h.Deliver(bye);
        Assert.Single(_h.Responses(200, "BYE"));
        Assert.EndsWith("1 ended (remote hung up)", Events);

        int m = Dial();
        _h.Deliver(Ok(Invite, "bob2"));
        Assert.True(_h.Agent.Calls.HangUp(m));
        Assert.Single(_h.Requests("BYE"));
    }
}
