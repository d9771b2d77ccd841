using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;
using static NanoPhone.Sip.Tests.Call.CalleeScript;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// What the app hears is a kind, a cause and the SIP status that goes with it — never text to
/// parse — and the call's state after it, named for logs:
/// - a second caller while the phone is busy: Rejected, UserBusy, 486 (no slot, no call);
/// - the decline key: Rejected, Declined, 603; a CANCEL: Missed, CallerCancelled, 487;
/// - our call: Dialing (first target), Ringback 180, Cancelling when hung up before it, Ended Cancelled 487;
///   a 486: Failed with the status; the 2xx: Answered 200, the call Confirmed.
/// </summary>
public class CallEventTests
{
    private readonly AgentHarness _h = new();

    private CallEvent Last => _h.Reported.Last();

    [Fact]
    public void A_caller_turned_away_busy_is_Rejected_UserBusy_486_without_a_call()
    {
        _h.Deliver(new CallerScript().Invite());
        _h.Deliver(new CallerScript { CallId = "call-2@alice", FromTag = "a1", Branch = "z9hG4bKsecond" }.Invite());
        Assert.Equal((CallEventKind.Rejected, CallCause.UserBusy, 486), (Last.Kind, Last.Cause, Last.Status));
        Assert.Null(Last.Call);
        Assert.Equal("", _h.ReportedStates.Last());
        Assert.Equal(2, Last.Number);
    }

    [Fact]
    public void Declined_and_cancelled_calls_say_why_and_end_their_call()
    {
        var caller = new CallerScript();
        _h.Deliver(caller.Invite());
        Assert.Equal((CallEventKind.Ringing, 180), (Last.Kind, Last.Status));
        Assert.Equal(CallState.IncomingRinging, Last.Call!.State);
        Assert.True(_h.Agent.Calls.Reject(1));
        Assert.Equal((CallEventKind.Rejected, CallCause.Declined, 603), (Last.Kind, Last.Cause, Last.Status));
        Assert.Equal("terminated", _h.ReportedStates.Last());
        Assert.Equal(CallState.Idle, Last.Call!.State);        // its slot is free once the event is handled

        var again = new CallerScript { CallId = "call-3@graham.example", Branch = "z9hG4bKagain" };
        _h.Deliver(again.Invite());
        _h.Deliver(again.Cancel());
        Assert.Equal((CallEventKind.Missed, CallCause.CallerCancelled, 487), (Last.Kind, Last.Cause, Last.Status));
    }

    [Fact]
    public void Our_call_reports_dialing_ringback_cancelling_and_its_end_by_kind()
    {
        int n = _h.Dial();
        Assert.Equal((CallEventKind.Dialing, CallCause.FirstTarget), (Last.Kind, Last.Cause));
        Assert.Equal(CallState.OutgoingCalling, _h.Agent.Calls.ByNumber(n)!.State);
        Assert.True(_h.Agent.Calls.HangUp(n));
        Assert.Equal(CallEventKind.Cancelling, Last.Kind);
        Assert.Equal(CallState.OutgoingCancelWait, _h.Agent.Calls.ByNumber(n)!.State);
        var invite = _h.Requests("INVITE").Last();
        _h.Deliver(Respond(invite, 180, "Ringing", "bob1"));
        Assert.Equal(CallState.OutgoingCancelling, _h.Agent.Calls.ByNumber(n)!.State);
        Assert.Single(_h.Requests("CANCEL"));
        _h.Deliver(Respond(invite, 487, "Request Terminated", "bob1"));
        Assert.Equal((CallEventKind.Ended, CallCause.Cancelled, 487), (Last.Kind, Last.Cause, Last.Status));
        Assert.Null(_h.Agent.Calls.Current);
    }

    [Fact]
    public void Our_call_failing_carries_the_status_and_answered_carries_the_200()
    {
        _h.Dial();
        _h.Deliver(Respond(_h.Requests("INVITE").Last(), 486, "Busy Here", "bob1"));
        Assert.Equal((CallEventKind.Failed, CallCause.Status, 486), (Last.Kind, Last.Cause, Last.Status));

        int n = _h.Dial();
        _h.Deliver(Respond(_h.Requests("INVITE").Last(), 180, "Ringing", "bob2"));
        Assert.Equal((CallEventKind.Ringback, 180), (Last.Kind, Last.Status));
        Assert.Equal(CallState.OutgoingEarly, Last.Call!.State);
        _h.Deliver(Ok(_h.Requests("INVITE").Last(), "bob2"));
        Assert.Equal((CallEventKind.Answered, 200), (Last.Kind, Last.Status));
        Assert.Equal("confirmed", _h.Agent.Calls.ByNumber(n)!.StateName);
        Assert.True(_h.Agent.Calls.HangUp(n));
        Assert.Equal((CallEventKind.Ended, CallCause.LocalHangUp), (Last.Kind, Last.Cause));
    }
}
