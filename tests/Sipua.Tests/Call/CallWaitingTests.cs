using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// Call waiting on the device's capacity (two live calls), on a manual clock:
/// - a second caller while a call is answered rings (180) as a waiting call: the Ringing event's
///   cause is CallWaiting, so the app plays a tone in the earpiece instead of the ringer;
/// - answering it holds the first call (re-INVITE with a=sendonly, RFC 3264 §8.4) and sends 200;
/// - the swap: resuming the held call holds the other first; one re-INVITE per dialog at a time
///   (RFC 3261 §14.1);
/// - hanging up one leaves the other as it was;
/// - call waiting off: the second caller hears 486 Busy Here, or goes to the busy forward target;
/// - the no-answer forward (302) still applies to the waiting call.
/// </summary>
public class CallWaitingTests
{
    private readonly AgentHarness _h = new(capacity: AgentCapacity.Device());
    private readonly CallerScript _first = new() { CallId = "cw-1@graham.example", FromTag = "g1", Branch = "z9hG4bKcw1" };
    private readonly CallerScript _second = new() { CallId = "cw-2@alice.example", FromTag = "a2", Branch = "z9hG4bKcw2" };

    public CallWaitingTests()
    {
        _h.Agent.CallSettings.CallWaiting = true;
    }

    /// <summary>Call 1 rings, is answered and ACKed: the phone is in a call.</summary>
    private string InCall()
    {
        _h.Deliver(_first.Invite());
        Assert.True(_h.Agent.Calls.Answer(1));
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE").Single());
        _h.Deliver(_first.InDialog("ACK", tag, 1, "z9hG4bKcwack1"));
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(1)!.State);
        return tag;
    }

    [Fact]
    public void A_second_caller_during_a_call_rings_as_a_waiting_call()
    {
        InCall();
        _h.Deliver(_second.Invite());
        Assert.Equal(2, _h.Responses(180).Count);
        Assert.Empty(_h.Responses(486));
        var ringing = _h.Reported.Last(e => e.Kind == CallEventKind.Ringing);
        Assert.Equal(2, ringing.Number);
        Assert.Equal(CallCause.CallWaiting, ringing.Cause);
        Assert.Equal(CallCause.None, _h.Reported.First(e => e.Kind == CallEventKind.Ringing).Cause);
        Assert.Equal(2, _h.Agent.Calls.RingingCall()!.Number);
    }

    [Fact]
    public void Answering_the_waiting_call_holds_the_first_by_re_INVITE_sendonly_and_answers_the_second()
    {
        InCall();
        _h.Deliver(_second.Invite());
        Assert.True(_h.Agent.Calls.Answer(2));
        var hold = _h.Requests("INVITE").Single();
        Assert.Contains("Call-ID: cw-1@graham.example\r\n", hold.Text);
        Assert.Contains("a=sendonly\r\n", hold.Text);
        var ok = _h.Responses(200, "INVITE").Last().Parse();
        Assert.Equal("cw-2@alice.example", ok.CallIdText);
        Assert.True(_h.Agent.Calls.ByNumber(1)!.IsHolding);
        Assert.False(_h.Agent.Calls.ByNumber(2)!.IsHolding);
        Assert.Contains("1 hold", _h.CallEvents);
        Assert.Contains("2 answered", _h.CallEvents);
    }

    [Fact]
    public void The_swap_holds_the_talked_on_call_and_resumes_the_held_one_and_hanging_up_one_leaves_the_other()
    {
        string tag1 = InCall();
        _h.Deliver(_second.Invite());
        Assert.True(_h.Agent.Calls.Answer(2));
        string tag2 = CallerScript.ToTagOf(_h.Responses(200, "INVITE").Last());
        _h.Deliver(_second.InDialog("ACK", tag2, 1, "z9hG4bKcwack2"));
        // The hold of call 1 is answered; now back to call 1.
        var hold1 = _h.Requests("INVITE").Single();
        _h.Deliver(CalleeScript.Respond(hold1, 200, "OK", null, CalleeScript.Answer, "Contact: <sip:graham@192.0.2.7:5060>"));
        Assert.True(_h.Agent.Calls.Hold(1, false));
        var reInvites = _h.Requests("INVITE");
        Assert.Equal(3, reInvites.Count);
        Assert.Contains("Call-ID: cw-2@alice.example\r\n", reInvites[1].Text);
        Assert.Contains("a=sendonly\r\n", reInvites[1].Text);
        Assert.Contains("Call-ID: cw-1@graham.example\r\n", reInvites[2].Text);
        Assert.Contains("a=sendrecv\r\n", reInvites[2].Text);
        Assert.False(_h.Agent.Calls.ByNumber(1)!.IsHolding);
        Assert.True(_h.Agent.Calls.ByNumber(2)!.IsHolding);
        // Call 1's resume is still unanswered: another re-INVITE on that dialog must wait (§14.1).
        Assert.False(_h.Agent.Calls.Hold(1, true));

        Assert.True(_h.Agent.Calls.HangUp(1));
        var bye = _h.Last("BYE");
        Assert.Contains("Call-ID: cw-1@graham.example\r\n", bye.Text);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(2)!.State);
        Assert.True(_h.Agent.Calls.ByNumber(2)!.IsHolding);
        Assert.NotEqual(tag1, tag2);
    }

    [Fact]
    public void Call_waiting_off_the_second_caller_hears_486_or_goes_to_the_busy_target()
    {
        _h.Agent.CallSettings.CallWaiting = false;
        InCall();
        _h.Deliver(_second.Invite());
        Assert.Single(_h.Responses(486));
        _h.Agent.CallSettings.ForwardBusyTarget = "sip:voicemail@nanophone.test";
        var third = new CallerScript { CallId = "cw-3@x", FromTag = "x3", Branch = "z9hG4bKcw3" };
        _h.Deliver(third.Invite());
        var moved = _h.Responses(302).Single().Text;
        Assert.Contains("Contact: <sip:voicemail@nanophone.test>\r\n", moved);
        Assert.Contains(";reason=user-busy\r\n", moved);
    }

    [Fact]
    public void The_no_answer_forward_applies_to_the_waiting_call_and_the_first_call_goes_on()
    {
        _h.Agent.CallSettings.ForwardNoAnswerTarget = "sip:voicemail@nanophone.test";
        _h.Agent.CallSettings.NoAnswerSeconds = 20;
        InCall();
        _h.Run(5000);
        _h.Deliver(_second.Invite());
        _h.Run(19_990);
        Assert.Empty(_h.Responses(302));
        _h.Run(20);
        var moved = _h.Responses(302).Single().Parse();
        Assert.Equal("cw-2@alice.example", moved.CallIdText);
        Assert.Contains("2 forwarded (sip:voicemail@nanophone.test)", _h.CallEvents);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(1)!.State);
        Assert.Empty(_h.Requests("INVITE"));
    }
}
