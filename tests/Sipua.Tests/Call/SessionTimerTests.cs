using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// Session timers (RFC 4028) on a manual clock:
/// - the seed's INVITE carries Session-Expires: 3600;refresher=uas and no Supported: timer: the
///   phone's 200 says Session-Expires: 3600;refresher=uas without Require: timer (§9: a UAC that
///   does not support timers cannot refresh), and at 1800 s the phone refreshes with a re-INVITE
///   (the caller's Allow has no UPDATE);
/// - a Session-Expires below 90 s gets 422 with Min-SE: 90 (§8.1);
/// - refresher=uac with Supported: timer: 200 with Require: timer; no refresh by the phone; an
///   UPDATE from the peer refreshes (200 with Session-Expires), and a refresh that never comes ends
///   the call with BYE at SE - min(32, SE/3) (§10);
/// - the phone calling: its INVITE asks Session-Expires (call.session.expires) with Min-SE; a 2xx
///   naming refresher=uac makes it refresh at half the interval by UPDATE when the peer allows it;
///   a 422 makes it ask again for the Min-SE (§7.4).
/// </summary>
public class SessionTimerTests
{
    private readonly AgentHarness _h = new(capacity: AgentCapacity.Device());
    private readonly CallerScript _alice = new() { CallId = "a84b4c76e66710", FromTag = "1928301774", Branch = "z9hG4bK776asdhds", CSeq = 314160 };

    private string Answered(string extra)
    {
        _h.Deliver(_alice.Invite(extra));
        Assert.True(_h.Agent.Calls.Answer(1));
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE").Last());
        _h.Deliver(_alice.InDialog("ACK", tag, _alice.CSeq, "z9hG4bKack"));
        return tag;
    }

    [Fact]
    public void The_seed_INVITEs_Session_Expires_3600_refresher_uas_is_answered_and_the_phone_refreshes_at_1800_s()
    {
        Answered("Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\r\nSession-Expires: 3600;refresher=uas\r\n");
        var ok = _h.Responses(200, "INVITE").Single().Text;
        Assert.Contains("Session-Expires: 3600;refresher=uas\r\n", ok);
        Assert.DoesNotContain("Require: timer", ok);
        var call = _h.Agent.Calls.ByNumber(1)!;
        Assert.Equal(3600, call.SessionExpires);
        Assert.True(call.RefreshesSession);

        _h.Run(1_799_000, 1000);
        Assert.Empty(_h.Requests("INVITE"));
        _h.Run(1000, 1000);
        var refresh = _h.Requests("INVITE").Single();
        Assert.Contains("Session-Expires: 3600;refresher=uac\r\n", refresh.Text);
        Assert.Contains("a=sendrecv\r\n", refresh.Text);
        Assert.Empty(_h.Requests("UPDATE"));
        // Its 2xx agrees again: the next refresh is another 1800 s away.
        _h.Deliver(CalleeScript.Respond(refresh, 200, "OK", null, CalleeScript.Answer, "Contact: <sip:alice@192.0.2.7:5060>", "Session-Expires: 3600;refresher=uac"));
        Assert.Single(_h.Requests("ACK"));
        _h.Run(1_799_000, 1000);
        Assert.Single(_h.Requests("INVITE"));
        _h.Run(1000, 1000);
        Assert.Equal(2, _h.Requests("INVITE").Count);
        Assert.Empty(_h.Requests("BYE"));
    }

    [Fact]
    public void A_Session_Expires_below_90_s_gets_422_with_Min_SE()
    {
        _h.Deliver(_alice.Invite("Supported: timer\r\nSession-Expires: 60\r\n"));
        var tooSmall = _h.Responses(422).Single().Text;
        Assert.StartsWith("SIP/2.0 422 Session Interval Too Small\r\n", tooSmall);
        Assert.Contains("Min-SE: 90\r\n", tooSmall);
        Assert.Null(_h.Agent.Calls.Current);
        Assert.Empty(_h.Responses(180));
    }

    [Fact]
    public void When_the_peer_refreshes_its_UPDATE_is_answered_and_a_missing_refresh_ends_the_call()
    {
        string tag = Answered("Supported: timer\r\nAllow: INVITE, ACK, BYE, UPDATE\r\nSession-Expires: 1800;refresher=uac\r\n");
        var ok = _h.Responses(200, "INVITE").Single().Text;
        Assert.Contains("Session-Expires: 1800;refresher=uac\r\n", ok);
        Assert.Contains("Require: timer\r\n", ok);
        Assert.False(_h.Agent.Calls.ByNumber(1)!.RefreshesSession);

        _h.Run(900_000, 1000);
        _h.Deliver(_alice.InDialog("UPDATE", tag, _alice.CSeq + 1, "z9hG4bKupd1", "Supported: timer\r\nSession-Expires: 1800;refresher=uac\r\nContact: <sip:graham@192.0.2.7:5060>\r\n"));
        var updated = _h.Responses(200, "UPDATE").Single().Text;
        Assert.Contains("Session-Expires: 1800;refresher=uac\r\n", updated);
        Assert.Contains("Require: timer\r\n", updated);
        Assert.DoesNotContain("Content-Type", updated);

        // The deadline runs from the UPDATE: 1800 - 32 s later without a refresh, BYE.
        _h.Run(1_767_000, 1000);
        Assert.Empty(_h.Requests("BYE"));
        _h.Run(1000, 1000);
        Assert.Contains("Call-ID: a84b4c76e66710\r\n", _h.Last("BYE").Text);
        var ended = _h.Reported.Last();
        Assert.Equal(CallEventKind.Ended, ended.Kind);
        Assert.Equal(CallCause.SessionExpired, ended.Cause);
        Assert.Empty(_h.Requests("INVITE"));
        Assert.Empty(_h.Requests("UPDATE"));
    }

    [Fact]
    public void An_INVITE_without_Session_Expires_has_no_session_timer()
    {
        Answered(null!);
        Assert.DoesNotContain("Session-Expires", _h.Responses(200, "INVITE").Single().Text);
        _h.Run(7_200_000, 10_000);
        Assert.Empty(_h.Requests("INVITE"));
        Assert.Empty(_h.Requests("BYE"));
    }

    [Fact]
    public void Calling_the_INVITE_asks_for_the_interval_and_refreshes_by_UPDATE_at_half_of_it()
    {
        _h.Agent.CallSettings.SessionExpires = 1800;
        _h.Dial("1234");
        var invite = _h.Requests("INVITE").Single();
        Assert.Contains("Supported: replaces, timer\r\n", invite.Text);
        Assert.Contains("Session-Expires: 1800\r\nMin-SE: 90\r\n", invite.Text);
        _h.Deliver(CalleeScript.Ok(invite, "bob-tag").Replace("Content-Type:", "Allow: INVITE, ACK, BYE, UPDATE\r\nRequire: timer\r\nSession-Expires: 1800;refresher=uac\r\nContent-Type:"));
        var call = _h.Agent.Calls.Current!;
        Assert.Equal(CallState.Confirmed, call.State);
        Assert.True(call.RefreshesSession);
        _h.Run(899_000, 1000);
        Assert.Empty(_h.Requests("UPDATE"));
        _h.Run(1000, 1000);
        var update = _h.Requests("UPDATE").Single();
        Assert.StartsWith("UPDATE sip:bob@192.0.2.9:5060 SIP/2.0\r\n", update.Text);
        Assert.Contains("Session-Expires: 1800;refresher=uac\r\n", update.Text);
        Assert.Contains("Content-Length: 0\r\n", update.Text);
        // 481 for the refresh: the session is gone (RFC 4028 §10): BYE.
        _h.Deliver(CalleeScript.Respond(update, 481, "Call/Transaction Does Not Exist", "bob-tag"));
        Assert.Single(_h.Requests("BYE"));
        Assert.Equal(CallCause.RefreshFailed, _h.Reported.Last().Cause);
    }

    [Fact]
    public void Calling_a_422_brings_the_INVITE_again_with_the_Min_SE()
    {
        _h.Agent.CallSettings.SessionExpires = 120;
        _h.Dial("1234");
        var first = _h.Requests("INVITE").Single();
        Assert.Contains("Session-Expires: 120\r\n", first.Text);
        _h.Deliver(CalleeScript.Respond(first, 422, "Session Interval Too Small", "bob-tag", null, "Min-SE: 600"));
        var again = _h.Requests("INVITE").Last();
        Assert.Equal(2, _h.Requests("INVITE").Count);
        Assert.Contains("Session-Expires: 600\r\n", again.Text);
        Assert.Contains("CSeq: 2 INVITE\r\n", again.Text);
        // A second 422 is a failure (no loop).
        _h.Deliver(CalleeScript.Respond(again, 422, "Session Interval Too Small", "bob-tag", null, "Min-SE: 900"));
        Assert.Equal(2, _h.Requests("INVITE").Count);
        Assert.Equal(CallEventKind.Failed, _h.Reported.Last().Kind);
        Assert.Equal(422, _h.Reported.Last().Status);
    }
}
