using System.Linq;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// The desk phone as a UAS for forked calls (RFC 3261 §8.2, §9.2, §13.3; RFC 6026; RFC 3326;
/// RFC 5806), on a manual clock:
/// - INVITE → 100 at once, 180 with To tag and Contact; a retransmission re-sends the 180, no new ring.
/// - Merged INVITE (same From tag, Call-ID, CSeq; other branch) → 482, one ring; a new CSeq is a new call.
/// - CANCEL → 200 + 487; Reason cause=200 = answered elsewhere; no transaction → 481; after 2xx the call stays.
/// - No-answer timer → 302 with Contact target and Diversion reason=no-answer; races decided once.
/// - Forward always / busy / DND / decline; a forward target that is our own AOR is refused.
/// - Answer → 200 with SDP; 2xx resent T1→T2 until ACK; no ACK in 64·T1 → BYE.
/// - BYE, re-INVITE hold, ghost-call filter.
/// </summary>
public class IncomingCallTests
{
    private readonly AgentHarness _h = new();
    private readonly CallerScript _caller = new();

    private void Ring(string? extra = null, bool withSdp = true) => _h.Deliver(_caller.Invite(extra, withSdp));

    private string Rings => string.Join("|", _h.CallEvents);

    [Fact]
    public void INVITE_gets_100_at_once_then_180_with_our_tag_and_Contact_and_the_phone_rings()
    {
        Ring();
        Assert.Equal(2, _h.Out.Count);
        Assert.StartsWith("SIP/2.0 100 Trying\r\n", _h.Out[0].Text);
        Assert.False(_h.Out[0].Parse().HasToTag);
        var ringing = _h.Out[1].Parse();
        Assert.Equal(180, ringing.StatusCode);
        Assert.True(ringing.HasToTag);
        Assert.Equal("<sip:linda@127.0.0.1:5062>", Header(ringing, HeaderId.Contact));
        Assert.Equal("127.0.0.1:5070", _h.Out[1].To);
        Assert.Equal("1 incoming|1 ringing", Rings);
    }

    [Fact]
    public void A_retransmitted_INVITE_resends_the_180_and_does_not_ring_again()
    {
        Ring();
        Ring();
        Assert.Equal(2, _h.Responses(180).Count);
        Assert.Equal(_h.Responses(180)[0].Text, _h.Responses(180)[1].Text);
        Assert.Single(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void The_same_INVITE_by_another_path_of_the_fork_gets_482_and_rings_once()
    {
        Ring();
        _caller.Branch = "z9hG4bKinv1-other-path";
        Ring();
        Assert.Single(_h.Responses(482));
        Assert.Single(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void A_new_CSeq_after_the_first_transaction_ended_is_a_new_call_not_a_merged_one()
    {
        Ring();
        _h.Deliver(_caller.Cancel());
        _h.Run(40_000);     // the INVITE transaction ends (ACK never came; Timer H)
        _caller.CSeq = 2;
        _caller.Branch = "z9hG4bKinv2";
        Ring();
        Assert.Empty(_h.Responses(482));
        Assert.Equal(2, _h.CallEvents.Count(e => e.EndsWith("ringing")));
    }

    [Fact]
    public void CANCEL_gets_200_the_INVITE_487_and_the_call_is_missed()
    {
        Ring();
        _h.Deliver(_caller.Cancel());
        Assert.Single(_h.Responses(200, "CANCEL"));
        var terminated = _h.Responses(487).Single().Parse();
        Assert.Equal(SipMethod.Invite, terminated.CSeqMethod);
        Assert.Equal(CallerScript.ToTagOf(_h.Responses(180)[0]), CallerScript.ToTagOf(_h.Responses(487)[0]));
        Assert.EndsWith("1 missed (caller hung up)", Rings);
    }

    /// <summary>
    /// §8.2.6.2: every response to the INVITE copies its Vias (the top one as the phone saw it:
    /// received and rport filled, RFC 3581 §4), From, To (with the 180's tag), Call-ID and CSeq.
    /// The final response of a ringing call carries them exactly as a response built from the
    /// INVITE itself does, whether the call is cancelled or forwarded when nobody answers.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_final_response_of_a_ringing_call_copies_the_INVITE_as_a_response_built_from_it_does(bool noAnswer)
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = noAnswer ? "sip:voicemail@nanophone.test" : "";
        _h.Agent.CallSettings.NoAnswerSeconds = 20;
        string vias = "Via: SIP/2.0/UDP 10.0.0.9:5070;rport;branch=" + _caller.Branch + "\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKcaller;received=198.51.100.1\r\n";
        string invite = _caller.Invite().Replace("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + _caller.Branch + "\r\n", vias);
        var proxy = new Endpoint("127.0.0.1", 5070);
        _h.Deliver(invite, proxy);
        if (noAnswer) _h.Run(20_000);
        else _h.Deliver(_caller.Cancel().Replace("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + _caller.Branch + "\r\n", vias), proxy);

        var m = new SipMessage();
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(invite);
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(bytes, 0, bytes.Length, m));
        NanoPhone.Sip.Context.UaContext.SetSource(m, proxy);
        byte[] tag = System.Text.Encoding.ASCII.GetBytes(CallerScript.ToTagOf(_h.Responses(180)[0]));
        var expected = new SipWriter(256);
        ResponseBuilder.Begin(expected, m, noAnswer ? 302 : 487, noAnswer ? "Moved Temporarily" : "Request Terminated", tag, 0, tag.Length);
        string head = System.Text.Encoding.UTF8.GetString(expected.Buffer, 0, expected.Length);
        Assert.Contains(";rport=5070;branch=" + _caller.Branch + ";received=127.0.0.1\r\n", head);

        string final = _h.Responses(noAnswer ? 302 : 487).Single().Text;
        Assert.StartsWith(head, final);
        string rest = noAnswer ? "Contact: <sip:voicemail@nanophone.test>\r\nDiversion: " : "Content-Length: 0\r\n\r\n";
        Assert.Equal(rest, final.Substring(head.Length, noAnswer ? rest.Length : final.Length - head.Length));
    }

    [Fact]
    public void CANCEL_with_Reason_cause_200_means_answered_elsewhere_not_missed()
    {
        Ring();
        _h.Deliver(_caller.Cancel("SIP;cause=200;text=\"Call completed elsewhere\""));
        Assert.EndsWith("1 answered elsewhere (call completed elsewhere)", Rings);
    }

    [Fact]
    public void CANCEL_for_no_transaction_gets_481()
    {
        _h.Deliver(_caller.Cancel());
        Assert.Single(_h.Responses(481));
    }

    [Fact]
    public void CANCEL_after_our_200_gets_200_and_the_call_stays_up()
    {
        Ring();
        Assert.True(_h.Agent.Calls.Answer(1));
        _h.Deliver(_caller.Cancel());
        Assert.Single(_h.Responses(200, "CANCEL"));
        Assert.Empty(_h.Responses(487));
        Assert.Equal(CallState.IncomingAccepted, _h.Agent.Calls.Current!.State);
    }

    [Fact]
    public void No_answer_timer_sends_302_to_the_forward_target_with_Diversion_at_exactly_the_configured_time()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 20;
        Ring();
        long rang = _h.Clock.NowMs;
        _h.Run(19_999);
        Assert.Empty(_h.Responses(302));
        _h.Run(1);
        var redirect = _h.Responses(302).Single();
        Assert.Equal(rang + 20_000, redirect.AtMs);
        var m = redirect.Parse();
        Assert.Equal("<sip:voicemail@nanophone.test>", Header(m, HeaderId.Contact));
        Assert.Equal("<sip:linda@nanophone.test>;reason=no-answer", Header(m, HeaderId.Diversion));
        Assert.Equal("sip:linda@nanophone.test", m.To.Uri.ToString());   // the request's To, not the target
        Assert.EndsWith("1 forwarded (sip:voicemail@nanophone.test)", Rings);
    }

    [Fact]
    public void Answer_and_no_answer_timer_in_the_same_tick_send_exactly_one_final_response()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 5;
        Ring();
        _h.Clock.Advance(5_000);
        Assert.True(_h.Agent.Calls.Answer(1));   // the user lifts the handset as the timer is due
        _h.Agent.Tick();
        Assert.Single(_h.Responses(200, "INVITE"));
        Assert.Empty(_h.Responses(302));
    }

    [Fact]
    public void No_answer_timer_first_then_answer_is_refused()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 5;
        Ring();
        _h.Run(5_000);
        Assert.False(_h.Agent.Calls.Answer(1));
        Assert.Single(_h.Responses(302));
        Assert.Empty(_h.Responses(200, "INVITE"));
    }

    [Fact]
    public void CANCEL_then_no_answer_timer_sends_487_only()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 5;
        Ring();
        _h.Run(4_000);
        _h.Deliver(_caller.Cancel());
        _h.Run(2_000);
        Assert.Single(_h.Responses(487).Select(r => r.Text).Distinct());
        Assert.Empty(_h.Responses(302));
    }

    [Fact]
    public void Forward_always_sends_302_at_once_without_ringing()
    {
        _h.Agent.CallSettings.ForwardAlwaysTarget = "sip:alice@nanophone.test";
        Ring();
        var m = _h.Responses(302).Single().Parse();
        Assert.Equal("<sip:linda@nanophone.test>;reason=unconditional", Header(m, HeaderId.Diversion));
        Assert.DoesNotContain(_h.CallEvents, e => e.EndsWith("ringing"));
        Assert.Empty(_h.Responses(180));
    }

    [Fact]
    public void A_forward_target_that_is_our_own_address_is_never_used()
    {
        _h.Agent.CallSettings.ForwardAlwaysTarget = "sip:linda@nanophone.test";
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:linda@127.0.0.1:5062";
        _h.Agent.CallSettings.NoAnswerSeconds = 1;
        Ring();
        _h.Run(5_000);
        Assert.Empty(_h.Responses(302));
        Assert.Contains(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void A_second_call_during_a_call_gets_486_and_does_not_disturb_the_first()
    {
        Ring();
        _h.Agent.Calls.Answer(1);
        var second = new CallerScript { CallId = "call-2@alice", FromTag = "a1", Branch = "z9hG4bKsecond" };
        _h.Deliver(second.Invite());
        Assert.Single(_h.Responses(486));
        Assert.Equal(CallState.IncomingAccepted, _h.Agent.Calls.Current!.State);
        Assert.Equal(1, _h.Agent.Calls.Current!.Number);
    }

    [Fact]
    public void Busy_with_a_busy_target_forwards_with_reason_user_busy()
    {
        _h.Agent.CallSettings.ForwardBusyTarget = "sip:voicemail@nanophone.test";
        Ring();
        _h.Agent.Calls.Answer(1);
        _h.Deliver(new CallerScript { CallId = "call-2@alice", FromTag = "a1", Branch = "z9hG4bKsecond" }.Invite());
        Assert.Equal("<sip:linda@nanophone.test>;reason=user-busy", Header(_h.Responses(302).Single().Parse(), HeaderId.Diversion));
    }

    [Theory]
    [InlineData(486, "486 Busy Here")]
    [InlineData(480, "480 Temporarily Unavailable")]
    public void Do_not_disturb_answers_the_configured_status(int status, string line)
    {
        _h.Agent.CallSettings.DoNotDisturb = true;
        _h.Agent.CallSettings.DndStatus = status;
        Ring();
        Assert.StartsWith("SIP/2.0 " + line + "\r\n", _h.Out.Last().Text);
        Assert.DoesNotContain(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void Decline_key_sends_603()
    {
        Ring();
        Assert.True(_h.Agent.Calls.Reject(1));
        Assert.Single(_h.Responses(603));
        Assert.EndsWith("1 rejected (declined)", Rings);
    }

    [Fact]
    public void Answer_sends_200_with_an_SDP_answer_from_the_offer_and_resends_it_T1_doubling_to_T2_until_ACK()
    {
        Ring();
        long at = _h.Clock.NowMs;
        Assert.True(_h.Agent.Calls.Answer(1));
        var ok = _h.Responses(200, "INVITE").Single();
        Assert.Contains("Content-Type: application/sdp\r\n", ok.Text);
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\r\n", ok.Text);
        Assert.Contains("Contact: <sip:linda@127.0.0.1:5062>\r\n", ok.Text);
        _h.Run(8_000);
        var times = _h.Responses(200, "INVITE").Select(s => s.AtMs - at).ToArray();
        Assert.Equal(new long[] { 0, 500, 1500, 3500, 7500 }, times);
        _h.Deliver(_caller.InDialog("ACK", CallerScript.ToTagOf(ok), 1, "z9hG4bKack1"));
        _h.Run(20_000);
        Assert.Equal(5, _h.Responses(200, "INVITE").Count);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.Current!.State);
    }

    [Fact]
    public void No_ACK_within_64_T1_ends_the_call_with_a_BYE_through_the_route_set()
    {
        Ring();
        _h.Agent.Calls.Answer(1);
        long answered = _h.Clock.NowMs;
        _h.Run(31_999);
        Assert.Empty(_h.Requests("BYE"));
        _h.Run(1);
        var bye = _h.Requests("BYE").Single();
        Assert.Equal(answered + 32_000, bye.AtMs);
        Assert.Equal("127.0.0.1:5070", bye.To);                 // Record-Route's proxy
        Assert.StartsWith("BYE sip:graham@192.0.2.7:5060 SIP/2.0\r\nRoute: <sip:127.0.0.1:5070;lr>\r\n", bye.Text);
        Assert.EndsWith("1 ended (no ACK)", Rings);
    }

    [Fact]
    public void No_offer_in_the_INVITE_means_our_offer_in_the_200()
    {
        Ring(withSdp: false);
        _h.Agent.Calls.Answer(1);
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\r\n", _h.Responses(200, "INVITE").Single().Text);
    }

    [Fact]
    public void No_common_codec_gets_488()
    {
        _caller.Sdp = "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 5004 RTP/AVP 18\n";
        Ring();
        Assert.Single(_h.Responses(488));
        Assert.DoesNotContain(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void BYE_from_the_caller_ends_the_call_and_a_BYE_for_no_dialog_gets_481()
    {
        Ring();
        _h.Agent.Calls.Answer(1);
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE")[0]);
        _h.Deliver(_caller.InDialog("ACK", tag, 1, "z9hG4bKack1"));
        _h.Deliver(_caller.InDialog("BYE", tag, 2, "z9hG4bKbye1"));
        Assert.Single(_h.Responses(200, "BYE"));
        Assert.EndsWith("1 ended (remote hung up)", Rings);
        _h.Deliver(_caller.InDialog("BYE", "nosuchtag", 3, "z9hG4bKbye2"));
        Assert.Single(_h.Responses(481));
    }

    [Fact]
    public void Re_INVITE_to_hold_is_answered_recvonly()
    {
        Ring();
        _h.Agent.Calls.Answer(1);
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE")[0]);
        _h.Deliver(_caller.InDialog("ACK", tag, 1, "z9hG4bKack1"));
        string hold = "v=0\no=graham 1 2 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 0\na=sendonly\n";
        _h.Deliver(_caller.InDialog("INVITE", tag, 2, "z9hG4bKreinv", "Contact: <sip:graham@192.0.2.7:5060>\r\n", hold));
        var ok = _h.Responses(200, "INVITE").Last();
        Assert.Equal(2, ok.Parse().CSeq);
        Assert.Contains("a=recvonly\r\n", ok.Text);
    }

    [Fact]
    public void OPTIONS_is_answered_with_Allow_Accept_and_Supported()
    {
        _h.Deliver(_caller.InDialog("OPTIONS", "x", 1, "z9hG4bKopt").Replace(";tag=x", ""));
        var ok = _h.Responses(200).Single().Text;
        Assert.Contains("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, INFO\r\n", ok);
        Assert.Contains("Accept: application/sdp\r\n", ok);
        Assert.Contains("Supported: replaces, timer\r\n", ok);
    }

    [Fact]
    public void Unknown_Require_gets_420_with_Unsupported()
    {
        Ring("Require: 100rel-ext\r\n");
        Assert.Contains("Unsupported: 100rel-ext\r\n", _h.Responses(420).Single().Text);
    }

    [Fact]
    public void Require_of_the_supported_tags_rings_and_a_mixed_Require_names_only_the_unknown_tag()
    {
        // RFC 3261 §8.2.2.3: 420 lists in Unsupported the tags the UAS does not support; replaces
        // (RFC 3891) and timer (RFC 4028) are supported.
        Ring("Require: timer, 100rel-ext\r\nSession-Expires: 1800\r\n");
        var refused = _h.Responses(420).Single().Text;
        Assert.Contains("Unsupported: 100rel-ext\r\n", refused);
        Assert.DoesNotContain("Unsupported: timer", refused);
    }

    [Fact]
    public void Ghost_INVITE_from_a_stranger_is_dropped_silently_and_counted()
    {
        _h.Deliver(_caller.Invite(), new Endpoint("192.0.2.66", 5060));
        Assert.Empty(_h.Out);
        Assert.Equal(1, _h.Agent.Calls.GhostCalls);
        Assert.Empty(_h.CallEvents);
    }

    [Fact]
    public void Ghost_INVITE_for_another_user_through_the_registrar_is_dropped_too()
    {
        _caller.RequestUser = "100";
        Ring();
        Assert.Empty(_h.Out);
    }

    [Fact]
    public void Ghost_filter_can_answer_403_and_direct_calls_are_opt_in()
    {
        _h.Agent.CallSettings.GhostReject403 = true;
        _h.Deliver(_caller.Invite(), new Endpoint("192.0.2.66", 5060));
        Assert.Single(_h.Responses(403));
        _h.Agent.CallSettings.DirectCalls = true;
        _caller.Branch = "z9hG4bKdirect";
        _caller.CallId = "direct@192.0.2.66";
        _h.Deliver(_caller.Invite(), new Endpoint("192.0.2.66", 5060));
        Assert.Contains(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void Trusted_hosts_pass_the_ghost_filter()
    {
        _h.Agent.CallSettings.Trusted = new[] { new Endpoint("192.0.2.50", 5060) };
        _h.Deliver(_caller.Invite(), new Endpoint("192.0.2.50", 5080));
        Assert.Contains(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void Responses_fill_in_rport_and_received_in_the_top_Via_per_RFC_3581()
    {
        _h.Deliver(_caller.Invite().Replace(";branch=" + _caller.Branch, ";branch=" + _caller.Branch + ";rport"),
            new NanoPhone.Sip.Transport.Endpoint("127.0.0.1", 40123));
        var trying = _h.Out[0].Parse();
        // RFC 3581 §4: received is added even when it equals the sent-by host.
        Assert.Equal("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv1;rport=40123;received=127.0.0.1", Header(trying, HeaderId.Via));
        Assert.Equal("127.0.0.1:40123", _h.Out[0].To);
        _h.Deliver(new CallerScript { CallId = "c9", Branch = "z9hG4bKnat" }.Invite().Replace("Via: SIP/2.0/UDP 127.0.0.1:5070", "Via: SIP/2.0/UDP 10.0.0.7:5060"));
        Assert.Contains(_h.Out, o => o.Text.Contains("Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bKnat;received=127.0.0.1\r\n"));
    }
}
