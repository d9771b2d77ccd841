using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// Transfer, both roles, on a manual clock (RFC 3515, RFC 3891, RFC 3892, RFC 5589):
/// - transferor, blind: REFER in the call's dialog with Refer-To the target and Referred-By our AOR
///   (§2.4.1); NOTIFY sipfrag 100 gets 200 and is progress; NOTIFY sipfrag 200 gets 200, then BYE:
///   the call ended as transferred (RFC 5589 §6.1); a failed sipfrag leaves the call up;
/// - transferor, attended: Refer-To the consulted party with ?Replaces= naming the consultation
///   dialog as the target holds it (RFC 3891 §3, §4: to-tag theirs, from-tag ours);
/// - transferee: a REFER from the peer gets 202, then NOTIFY "SIP/2.0 100 Trying" (§2.4.4), an
///   INVITE to the Refer-To URI with Referred-By, and once it is answered NOTIFY "SIP/2.0 200 OK"
///   with Subscription-State terminated; an embedded Replaces goes into that INVITE;
/// - REFER outside a dialog: 403; for a dialog the phone does not have: 481;
/// - target: an INVITE with Replaces naming a confirmed call is answered at once (no 180) and the
///   replaced call gets BYE; naming no call: 481.
/// </summary>
public class TransferTests
{
    private readonly AgentHarness _h = new(capacity: AgentCapacity.Device());
    private readonly CallerScript _graham = new() { CallId = "xfer-1@graham.example", FromTag = "g1", Branch = "z9hG4bKx1" };

    /// <summary>Graham calls, the phone answers, Graham ACKs: the phone's To tag.</summary>
    private string InCall(CallerScript caller, int number)
    {
        _h.Deliver(caller.Invite());
        Assert.True(_h.Agent.Calls.Answer(number));
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE").Last());
        _h.Deliver(caller.InDialog("ACK", tag, caller.CSeq, caller.Branch + "ack"));
        return tag;
    }

    private static string Notify(CallerScript peer, string tag, long cseq, string sipfrag, string state) =>
        peer.InDialog("NOTIFY", tag, cseq, "z9hG4bKn" + cseq,
            "Event: refer\r\nSubscription-State: " + state + "\r\nContent-Type: message/sipfrag;version=2.0\r\n")
            .Replace("Content-Length: 0\r\n\r\n", "Content-Length: " + (sipfrag.Length + 2) + "\r\n\r\n" + sipfrag + "\r\n");

    [Fact]
    public void Blind_transfer_sends_REFER_follows_NOTIFY_sipfrag_and_hangs_up_on_200()
    {
        string tag = InCall(_graham, 1);
        Assert.Null(_h.Agent.Calls.Transfer(1, "sip:carol@nanophone.test"));
        var refer = _h.Last("REFER");
        Assert.StartsWith("REFER sip:graham@192.0.2.7:5060 SIP/2.0\r\n", refer.Text);
        Assert.Contains("Refer-To: <sip:carol@nanophone.test>\r\n", refer.Text);
        Assert.Contains("Referred-By: <sip:linda@nanophone.test>\r\n", refer.Text);
        Assert.Contains("Call-ID: xfer-1@graham.example\r\n", refer.Text);
        Assert.Equal(TransferState.ReferSent, _h.Agent.Calls.ByNumber(1)!.Transfer);
        _h.Deliver(CalleeScript.Respond(refer, 202, "Accepted", null));
        Assert.Equal(TransferState.ReferAccepted, _h.Agent.Calls.ByNumber(1)!.Transfer);

        _h.Deliver(Notify(_graham, tag, 2, "SIP/2.0 100 Trying", "active;expires=60"));
        Assert.Single(_h.Responses(200, "NOTIFY"));
        Assert.Contains("1 transfer progress", _h.CallEvents);
        Assert.Empty(_h.Requests("BYE"));

        _h.Deliver(Notify(_graham, tag, 3, "SIP/2.0 200 OK", "terminated;reason=noresource"));
        Assert.Equal(2, _h.Responses(200, "NOTIFY").Count);
        Assert.Contains("Call-ID: xfer-1@graham.example\r\n", _h.Last("BYE").Text);
        var ended = _h.Reported.Last();
        Assert.Equal(CallEventKind.Ended, ended.Kind);
        Assert.Equal(CallCause.Transferred, ended.Cause);
        Assert.Null(_h.Agent.Calls.Current);
    }

    [Fact]
    public void A_transfer_whose_target_is_busy_fails_and_the_call_stays_up()
    {
        string tag = InCall(_graham, 1);
        Assert.Null(_h.Agent.Calls.Transfer(1, "4321"));
        Assert.Contains("Refer-To: <sip:4321@nanophone.test>\r\n", _h.Last("REFER").Text);
        _h.Deliver(CalleeScript.Respond(_h.Last("REFER"), 202, "Accepted", null));
        _h.Deliver(Notify(_graham, tag, 2, "SIP/2.0 486 Busy Here", "terminated;reason=noresource"));
        var failed = _h.Reported.Last();
        Assert.Equal(CallEventKind.TransferFailed, failed.Kind);
        Assert.Equal(486, failed.Status);
        Assert.Empty(_h.Requests("BYE"));
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(1)!.State);
        Assert.Equal(TransferState.None, _h.Agent.Calls.ByNumber(1)!.Transfer);
        // A NOTIFY for no transfer of ours: 481 (RFC 6665 §4.1.3).
        _h.Deliver(Notify(_graham, tag, 3, "SIP/2.0 200 OK", "terminated"));
        Assert.Single(_h.Responses(481, "NOTIFY"));
    }

    [Fact]
    public void A_refused_REFER_fails_the_transfer()
    {
        InCall(_graham, 1);
        Assert.Null(_h.Agent.Calls.Transfer(1, "sip:carol@nanophone.test"));
        Assert.NotNull(_h.Agent.Calls.Transfer(1, "sip:dave@nanophone.test"));
        _h.Deliver(CalleeScript.Respond(_h.Last("REFER"), 603, "Decline", null));
        Assert.Equal(CallEventKind.TransferFailed, _h.Reported.Last().Kind);
        Assert.Equal(603, _h.Reported.Last().Status);
    }

    [Fact]
    public void Attended_transfer_puts_the_consultation_dialog_into_Refer_To_as_Replaces()
    {
        InCall(_graham, 1);
        Assert.True(_h.Agent.Calls.Hold(1, true));
        var hold = _h.Requests("INVITE").Single();
        _h.Deliver(CalleeScript.Respond(hold, 200, "OK", null, CalleeScript.Answer, "Contact: <sip:graham@192.0.2.7:5060>"));
        int consult = _h.Dial("sip:carol@nanophone.test");
        var invite = _h.Requests("INVITE").Last();
        _h.Deliver(CalleeScript.Ok(invite, "carol-tag", "<sip:carol@192.0.2.9:5060>"));
        var c2 = _h.Agent.Calls.ByNumber(consult)!;
        Assert.Equal(CallState.Confirmed, c2.State);
        Assert.Null(_h.Agent.Calls.TransferTo(1, consult));
        var refer = _h.Last("REFER").Parse();
        var text = _h.Last("REFER").Text;
        string callId = RegistrarReplies.Header(invite.Parse(), NanoPhone.Sip.Message.HeaderId.CallId);
        var from = invite.Parse();
        string ourTag = TestData.Ascii(from.Buffer, from.FromTagOffset, from.FromTagLength);
        string expected = "Refer-To: <sip:carol@192.0.2.9:5060?Replaces=" + callId.Replace("@", "%40")
            + "%3Bto-tag%3Dcarol-tag%3Bfrom-tag%3D" + ourTag + ">\r\n";
        Assert.Contains(expected, text);
        Assert.Equal("xfer-1@graham.example", refer.CallIdText);
    }

    [Fact]
    public void As_transferee_REFER_gets_202_NOTIFY_100_a_call_with_Referred_By_and_NOTIFY_200_once_answered()
    {
        string tag = InCall(_graham, 1);
        _h.Deliver(_graham.InDialog("REFER", tag, 2, "z9hG4bKref1",
            "Contact: <sip:graham@192.0.2.7:5060>\r\nRefer-To: <sip:carol@nanophone.test>\r\nReferred-By: <sip:graham@nanophone.test>\r\n"));
        var accepted = _h.Responses(202, "REFER").Single();
        Assert.Equal(tag, CallerScript.ToTagOf(accepted));
        var notify = _h.Requests("NOTIFY");
        Assert.Single(notify);
        Assert.Contains("Event: refer;id=2\r\n", notify[0].Text);
        Assert.Contains("Subscription-State: active;expires=60\r\n", notify[0].Text);
        Assert.Contains("Content-Type: message/sipfrag;version=2.0\r\n", notify[0].Text);
        Assert.EndsWith("\r\n\r\nSIP/2.0 100 Trying\r\n", notify[0].Text);
        Assert.Contains("Call-ID: xfer-1@graham.example\r\n", notify[0].Text);

        var invite = _h.Requests("INVITE").Single();
        Assert.StartsWith("INVITE sip:carol@nanophone.test SIP/2.0\r\n", invite.Text);
        Assert.Contains("Referred-By: <sip:graham@nanophone.test>\r\n", invite.Text);
        Assert.Contains("1 referred (sip:carol@nanophone.test)", _h.CallEvents);
        var dialing = _h.Reported.Single(e => e.Kind == CallEventKind.Dialing);
        Assert.Equal(CallCause.Referred, dialing.Cause);

        _h.Deliver(CalleeScript.Ok(invite, "carol-tag"));
        var last = _h.Requests("NOTIFY");
        Assert.Equal(2, last.Count);
        Assert.Contains("Subscription-State: terminated;reason=noresource\r\n", last[1].Text);
        Assert.EndsWith("\r\n\r\nSIP/2.0 200 OK\r\n", last[1].Text);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(dialing.Number)!.State);
        // The transferor then hangs up (RFC 5589 §6.1).
        _h.Deliver(_graham.InDialog("BYE", tag, 3, "z9hG4bKbye1"));
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(dialing.Number)!.State);
        Assert.Null(_h.Agent.Calls.ByNumber(1));
    }

    [Fact]
    public void As_transferee_a_failed_referred_call_is_reported_with_its_status()
    {
        string tag = InCall(_graham, 1);
        _h.Deliver(_graham.InDialog("REFER", tag, 2, "z9hG4bKref2", "Refer-To: <sip:carol@nanophone.test>\r\n"));
        var invite = _h.Requests("INVITE").Single();
        // No Referred-By in the REFER: the referrer as its From names it (RFC 3892 §3).
        Assert.Contains("Referred-By: \"Graham\" <sip:graham@nanophone.test>\r\n", invite.Text);
        _h.Deliver(CalleeScript.Respond(invite, 486, "Busy Here", "carol-tag"));
        var final = _h.Requests("NOTIFY").Last();
        Assert.EndsWith("\r\n\r\nSIP/2.0 486 Busy Here\r\n", final.Text);
        Assert.Contains("Subscription-State: terminated;reason=noresource\r\n", final.Text);
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(1)!.State);
    }

    [Fact]
    public void As_transferee_a_Replaces_in_Refer_To_goes_into_the_INVITE_unescaped()
    {
        string tag = InCall(_graham, 1);
        _h.Deliver(_graham.InDialog("REFER", tag, 2, "z9hG4bKref3",
            "Refer-To: <sip:carol@192.0.2.9?Replaces=abc%40carol.example%3Bto-tag%3Dt1%3Bfrom-tag%3Df1>\r\n"));
        var invite = _h.Requests("INVITE").Single();
        Assert.StartsWith("INVITE sip:carol@192.0.2.9 SIP/2.0\r\n", invite.Text);
        Assert.Contains("Replaces: abc@carol.example;to-tag=t1;from-tag=f1\r\n", invite.Text);
        Assert.Contains("To: <sip:carol@192.0.2.9>\r\n", invite.Text);
    }

    [Fact]
    public void REFER_outside_a_dialog_gets_403_and_for_an_unknown_dialog_481()
    {
        InCall(_graham, 1);
        var stranger = new CallerScript { CallId = "evil@x", FromTag = "e1" };
        _h.Deliver(stranger.InDialog("REFER", "x", 1, "z9hG4bKevil1", "Refer-To: <sip:carol@nanophone.test>\r\n").Replace(";tag=x", ""));
        Assert.Single(_h.Responses(403, "REFER"));
        _h.Deliver(stranger.InDialog("REFER", "nosuch", 1, "z9hG4bKevil2", "Refer-To: <sip:carol@nanophone.test>\r\n"));
        Assert.Single(_h.Responses(481, "REFER"));
        Assert.Empty(_h.Requests("INVITE"));
    }

    [Fact]
    public void A_REFER_whose_Refer_To_is_not_SIP_gets_400_and_no_call()
    {
        string tag = InCall(_graham, 1);
        _h.Deliver(_graham.InDialog("REFER", tag, 2, "z9hG4bKref4", "Refer-To: <mailto:carol@nanophone.test>\r\n"));
        Assert.Single(_h.Responses(400, "REFER"));
        Assert.Empty(_h.Requests("INVITE"));
    }

    [Fact]
    public void An_INVITE_with_Replaces_takes_over_the_confirmed_call_it_names()
    {
        string tag = InCall(_graham, 1);
        var alice = new CallerScript { CallId = "repl-2@alice.example", FromTag = "a2", Branch = "z9hG4bKrep2" };
        _h.Deliver(alice.Invite("Replaces: xfer-1@graham.example;to-tag=" + tag + ";from-tag=g1\r\n"));
        Assert.Single(_h.Responses(180));
        var ok = _h.Responses(200, "INVITE").Last().Parse();
        Assert.Equal("repl-2@alice.example", ok.CallIdText);
        Assert.Contains("Call-ID: xfer-1@graham.example\r\n", _h.Last("BYE").Text);
        var replaced = _h.Reported.Single(e => e.Kind == CallEventKind.Ended);
        Assert.Equal(CallCause.Replaced, replaced.Cause);
        var answered = _h.Reported.Last(e => e.Kind == CallEventKind.Answered);
        Assert.Equal(CallCause.Replaces, answered.Cause);
        Assert.Equal(CallState.IncomingAccepted, _h.Agent.Calls.ByNumber(answered.Number)!.State);
    }

    [Fact]
    public void An_INVITE_with_Replaces_naming_no_call_gets_481()
    {
        InCall(_graham, 1);
        var alice = new CallerScript { CallId = "repl-3@alice.example", FromTag = "a3", Branch = "z9hG4bKrep3" };
        _h.Deliver(alice.Invite("Replaces: nosuch@x;to-tag=1;from-tag=2\r\n"));
        Assert.Single(_h.Responses(481, "INVITE"));
        Assert.Equal(CallState.Confirmed, _h.Agent.Calls.ByNumber(1)!.State);
    }
}
