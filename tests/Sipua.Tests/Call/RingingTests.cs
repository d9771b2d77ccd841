using System.Linq;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// What the phone sends while it rings and when it is answered (RFC 3261 §12.1.1, §13.3.1,
/// §13.3.1.1, §13.3.1.4), on a manual clock:
/// - the 180 creates an early dialog: it copies every Record-Route value of the INVITE verbatim and
///   in order, exactly as the 2xx does.
/// - ringing longer than a minute: the same 180 (same To tag) again every minute, no new alert;
///   the no-answer forward and the INVITE's Expires end it.
/// - an INVITE with Expires that runs out before a final response: 487 with the 180's tag, and the
///   phone stops ringing (the call is missed).
/// - the 2xx to an INVITE says what the phone supports: Allow and Supported.
/// </summary>
public class RingingTests
{
    private readonly AgentHarness _h = new();
    private readonly CallerScript _caller = new();

    private const string TwoProxies =
        "Record-Route: <sip:p1.example.com;lr;ftag=86aee210>, <sip:p2.example.com;lr>\r\n" +
        "Record-Route: <sip:[2001:db8::7]:5070;lr;nat=yes>\r\n";

    /// <summary>The caller's INVITE with extra header lines (after its own Record-Route and Contact).</summary>
    private void Ring(string? extra = null) => _h.Deliver(_caller.Invite(extra));

    private string Rings => string.Join("|", _h.CallEvents);

    private static string[] HeaderLines(Sent s, string name) =>
        s.Text.Split("\r\n").TakeWhile(l => l.Length > 0).Where(l => l.StartsWith(name + ": ")).ToArray();

    // ---- §12.1.1: Record-Route in the early and the confirmed dialog's responses ----------------

    [Fact]
    public void The_180_copies_every_Record_Route_value_of_the_INVITE_verbatim_and_in_order()
    {
        Ring(TwoProxies);
        var ringing = _h.Responses(180).Single();
        Assert.Equal(new[]
        {
            "Record-Route: <sip:127.0.0.1:5070;lr>",
            "Record-Route: <sip:p1.example.com;lr;ftag=86aee210>, <sip:p2.example.com;lr>",
            "Record-Route: <sip:[2001:db8::7]:5070;lr;nat=yes>",
        }, HeaderLines(ringing, "Record-Route"));
        Assert.True(ringing.Parse().HasToTag);
    }

    [Fact]
    public void The_200_copies_the_same_Record_Route_values_as_the_180()
    {
        Ring(TwoProxies);
        Assert.True(_h.Agent.Calls.Answer(1));
        var ok = _h.Responses(200, "INVITE").Single();
        Assert.Equal(HeaderLines(_h.Responses(180).Single(), "Record-Route"), HeaderLines(ok, "Record-Route"));
        Assert.Equal(3, HeaderLines(ok, "Record-Route").Length);
    }

    [Fact]
    public void Without_Record_Route_in_the_INVITE_the_180_has_none()
    {
        _h.Deliver(_caller.Invite().Replace("Record-Route: <sip:127.0.0.1:5070;lr>\r\n", ""));
        Assert.Empty(HeaderLines(_h.Responses(180).Single(), "Record-Route"));
        Assert.Empty(HeaderLines(_h.Responses(100).Single(), "Record-Route"));
    }

    // ---- §13.3.1.1: a provisional at least every minute -------------------------------------------

    [Fact]
    public void Ringing_longer_than_a_minute_sends_the_same_180_every_minute_without_a_new_alert()
    {
        Ring();
        long rang = _h.Clock.NowMs;
        _h.Run(59_999);
        Assert.Single(_h.Responses(180));
        _h.Run(1);
        Assert.Equal(2, _h.Responses(180).Count);
        _h.Run(120_000);
        var ringing = _h.Responses(180);
        Assert.Equal(new long[] { 0, 60_000, 120_000, 180_000 }, ringing.Select(s => s.AtMs - rang));
        Assert.Single(ringing.Select(s => s.Text).Distinct());              // same To tag, same bytes
        Assert.All(ringing, s => Assert.Equal("127.0.0.1:5070", s.To));
        Assert.Equal("1 incoming|1 ringing", Rings);                      // no new alert
    }

    [Fact]
    public void Once_answered_no_more_provisionals_are_sent()
    {
        Ring();
        _h.Run(30_000);
        Assert.True(_h.Agent.Calls.Answer(1));
        _h.Deliver(_caller.InDialog("ACK", CallerScript.ToTagOf(_h.Responses(200, "INVITE")[0]), 1, "z9hG4bKack1"));
        _h.Run(300_000);
        Assert.Single(_h.Responses(180));
    }

    [Fact]
    public void A_no_answer_forward_after_two_minutes_comes_after_one_repeated_180_and_ends_the_repeats()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 120;
        Ring();
        long rang = _h.Clock.NowMs;
        _h.Run(600_000);
        Assert.Equal(new long[] { 0, 60_000 }, _h.Responses(180).Select(s => s.AtMs - rang));
        Assert.Equal(120_000, _h.Responses(302)[0].AtMs - rang);
        Assert.Single(_h.Responses(302).Select(r => r.Text).Distinct());   // then Timer G's retransmissions of it
    }

    [Fact]
    public void A_no_answer_forward_due_at_the_minute_wins_over_the_minute_s_180()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 60;
        Ring();
        _h.Run(300_000);
        Assert.Single(_h.Responses(180));
        Assert.Single(_h.Responses(302).Select(r => r.Text).Distinct());
    }

    // ---- §13.3.1: an INVITE with Expires -------------------------------------------------------

    [Fact]
    public void An_INVITE_that_expires_unanswered_gets_487_with_the_180_s_tag_and_the_phone_stops_ringing()
    {
        Ring("Expires: 30\r\n");
        long rang = _h.Clock.NowMs;
        _h.Run(29_999);
        Assert.Empty(_h.Responses(487));
        _h.Run(1);
        var terminated = _h.Responses(487).Single();
        Assert.Equal(rang + 30_000, terminated.AtMs);
        Assert.Equal(SipMethod.Invite, terminated.Parse().CSeqMethod);
        Assert.Equal(CallerScript.ToTagOf(_h.Responses(180).Single()), CallerScript.ToTagOf(terminated));
        Assert.Equal("1 incoming|1 ringing|1 missed (invitation expired)", Rings);
        Assert.Null(_h.Agent.Calls.Current);
        Assert.False(_h.Agent.Calls.Answer(1));
        // The caller's ACK completes the transaction; nothing more is sent.
        _h.Deliver(_caller.InDialog("ACK", CallerScript.ToTagOf(terminated), 1, _caller.Branch));
        _h.Run(300_000);
        Assert.Single(_h.Responses(487));
        Assert.Single(_h.Responses(180));
    }

    [Fact]
    public void An_INVITE_answered_before_it_expires_stays_answered()
    {
        Ring("Expires: 30\r\n");
        _h.Run(10_000);
        Assert.True(_h.Agent.Calls.Answer(1));
        _h.Deliver(_caller.InDialog("ACK", CallerScript.ToTagOf(_h.Responses(200, "INVITE")[0]), 1, "z9hG4bKack1"));
        _h.Run(60_000);
        Assert.Empty(_h.Responses(487));
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.Current!.State);
    }

    [Fact]
    public void An_Expires_longer_than_the_no_answer_timer_leaves_the_forward_to_it()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 20;
        Ring("Expires: 180\r\n");
        _h.Run(600_000);
        Assert.NotEmpty(_h.Responses(302));
        Assert.Empty(_h.Responses(487));
    }

    [Fact]
    public void An_Expires_shorter_than_the_no_answer_timer_ends_the_call_first()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 20;
        Ring("Expires: 10\r\n");
        _h.Run(600_000);
        Assert.NotEmpty(_h.Responses(487));
        Assert.Empty(_h.Responses(302));
        Assert.EndsWith("1 missed (invitation expired)", Rings);
    }

    // ---- §13.3.1.4: the 2xx says what the phone supports -----------------------------------------

    [Fact]
    public void The_200_to_an_INVITE_carries_Allow_and_Supported_as_the_OPTIONS_answer_does()
    {
        Ring();
        Assert.True(_h.Agent.Calls.Answer(1));
        var ok = _h.Responses(200, "INVITE").Single().Parse();
        Assert.Equal(RequestCheck.Allow, Header(ok, HeaderId.Allow));
        Assert.True(ok.Has(HeaderId.Supported));
        _h.Deliver(_caller.InDialog("OPTIONS", "", 5, "z9hG4bKopt1").Replace(";tag=\r\n", "\r\n"));
        var options = _h.Responses(200, "OPTIONS").Single().Parse();
        Assert.Equal(Header(options, HeaderId.Allow), Header(ok, HeaderId.Allow));
        Assert.Equal(Header(options, HeaderId.Supported), Header(ok, HeaderId.Supported));
    }

    [Fact]
    public void The_200_to_a_re_INVITE_carries_them_too()
    {
        Ring();
        _h.Agent.Calls.Answer(1);
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE")[0]);
        _h.Deliver(_caller.InDialog("ACK", tag, 1, "z9hG4bKack1"));
        _h.Deliver(_caller.InDialog("INVITE", tag, 2, "z9hG4bKreinv", "Contact: <sip:graham@192.0.2.7:5060>\r\n", _caller.Sdp));
        var reOk = _h.Responses(200, "INVITE")[^1].Parse();
        Assert.Equal(2, reOk.CSeq);
        Assert.Equal(RequestCheck.Allow, Header(reOk, HeaderId.Allow));
        Assert.True(reOk.Has(HeaderId.Supported));
    }
}
