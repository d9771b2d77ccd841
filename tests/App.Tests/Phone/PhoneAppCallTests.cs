using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>
/// Incoming calls through the hardware: the ringer rings the configured cadence and stops however
/// the ringing ends; the hook switch and the answer and hang-up keys answer, end and reject; the
/// in-call and message lamps; the call log.
/// </summary>
public class PhoneAppCallTests
{
    private readonly PhoneRig _rig = new();
    private readonly CallerScript _caller = new();

    public PhoneAppCallTests()
    {
        _rig.StartRegistered();
    }

    private int Ring()
    {
        int mark = _rig.Events.Count;
        _rig.Deliver(_caller.Invite());
        return mark;
    }

    private string ToTag => CallerScript.ToTagOf(_rig.Responses(180)[0]);

    [Fact]
    public void An_incoming_call_rings_the_configured_cadence_and_blinks_the_in_call_lamp()
    {
        _rig.Set(ConfigKeys.RingerPattern, "uk");
        int mark = Ring();
        Assert.Single(_rig.Responses(180));
        Assert.Equal(new[] { "RINGING 1 " + CallerScript.Peer, "RINGER ON uk", "LAMP incall fast" }, _rig.EventsSince(mark));
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Same(RingPattern.Uk, _rig.Hw.Ringer.Pattern);
        Assert.True(_rig.Tone.On);
        _rig.Run(450);                       // uk: 400 on, 200 off
        Assert.False(_rig.Tone.On);
        Assert.Equal(1, _rig.App.RingingCall);
        Assert.Equal("ringing from " + CallerScript.Peer, _rig.App.CallState);
    }

    [Fact]
    public void A_changed_ringer_pattern_applies_to_the_ringing_call()
    {
        Ring();
        Assert.Same(RingPattern.Us, _rig.Hw.Ringer.Pattern);
        _rig.Set(ConfigKeys.RingerPattern, "de");
        Assert.Same(RingPattern.De, _rig.Hw.Ringer.Pattern);
        Assert.Equal("RINGER ON de", _rig.Events[^1]);
    }

    [Fact]
    public void Lifting_the_handset_answers_stops_the_ringer_and_lights_the_in_call_lamp()
    {
        Ring();
        int mark = _rig.Events.Count;
        _rig.Hook(true);
        Sent ok = _rig.Responses(200).Last();
        Assert.Equal("INVITE", ok.Parse().CSeqMethod.ToString().ToUpperInvariant());
        Assert.Contains("m=audio", ok.Text);
        Assert.Equal(new[] { "HOOK offhook", "RINGER OFF", "ANSWERED 1 " + CallerScript.Peer, "LAMP incall on" }, _rig.EventsSince(mark));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.False(_rig.Tone.On);
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Equal(-1, _rig.App.RingingCall);
        _rig.Run(3_000);
        Assert.Equal("in call with " + CallerScript.Peer + " for 3 s", _rig.App.CallState);
    }

    [Fact]
    public void The_answer_key_answers_too()
    {
        Ring();
        _rig.Press(PhoneKey.Answer);
        Assert.Contains("KEY answer", _rig.Events);
        Assert.Contains("ANSWERED 1 " + CallerScript.Peer, _rig.Events);
        Assert.Equal(1, _rig.App.ActiveCall);
    }

    [Fact]
    public void Putting_the_handset_down_sends_BYE_ends_the_call_and_logs_it_with_its_length()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        _rig.Run(12_000);
        int mark = _rig.Events.Count;
        _rig.Hook(false);
        Sent bye = _rig.Last("BYE");
        Assert.Equal("BYE sip:graham@192.0.2.7:5060 SIP/2.0", bye.FirstLine);
        Assert.Equal(new[] { "HOOK onhook", "ENDED 1 hung up", "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(-1, _rig.App.ActiveCall);
        Assert.Equal("idle", _rig.App.CallState);
        Assert.Equal(1, _rig.App.CallLog.Count);
        Assert.Equal(CallLogKind.Answered, _rig.App.CallLog.Kind(0));
        Assert.Equal(12, _rig.App.CallLog.Seconds(0));
        Assert.EndsWith(" answered " + CallerScript.Peer + ", 12 s", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void The_hang_up_key_ends_an_answered_call()
    {
        Ring();
        _rig.Press(PhoneKey.Answer);
        _rig.Press(PhoneKey.HangUp);
        Assert.Single(_rig.Requests("BYE"));
        Assert.Contains("ENDED 1 hung up", _rig.Events);
    }

    [Fact]
    public void The_remote_party_hanging_up_ends_the_call()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        _rig.Deliver(_caller.InDialog("BYE", ToTag, 2, "z9hG4bKbye1"));
        Assert.Contains("ENDED 1 remote hung up", _rig.Events);
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.InCall));
        Assert.Equal(CallLogKind.Answered, _rig.App.CallLog.Kind(0));
        int mark = _rig.Events.Count;
        _rig.Hook(false);                    // nothing left to hang up
        Assert.Equal(new[] { "HOOK onhook" }, _rig.EventsSince(mark));
        Assert.Empty(_rig.Requests("BYE"));
    }

    [Fact]
    public void The_hang_up_key_while_ringing_declines_the_call()
    {
        Ring();
        int mark = _rig.Events.Count;
        _rig.Press(PhoneKey.HangUp);
        Assert.Single(_rig.Responses(603));
        Assert.Equal(new[] { "KEY hangup", "RINGER OFF", "REJECTED 1 declined", "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(CallLogKind.Rejected, _rig.App.CallLog.Kind(0));
        Assert.EndsWith(" rejected " + CallerScript.Peer + " (declined)", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void The_hang_up_key_while_ringing_forwards_to_the_busy_target_when_there_is_one()
    {
        _rig.Set(ConfigKeys.ForwardBusyTarget, "sip:desk@nanophone.test");
        Ring();
        _rig.Press(PhoneKey.HangUp);
        Sent redirect = _rig.Responses(302).Single();
        Assert.Contains("sip:desk@nanophone.test", redirect.Header(HeaderId.Contact));
        Assert.Contains("FORWARDED 1 sip:desk@nanophone.test", _rig.Events);
        Assert.EndsWith(" forwarded " + CallerScript.Peer + " to sip:desk@nanophone.test", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void A_caller_who_gives_up_is_a_missed_call_and_blinks_the_message_lamp_until_the_handset_is_lifted()
    {
        Ring();
        int mark = _rig.Events.Count;
        _rig.Deliver(_caller.Cancel());
        Assert.Single(_rig.Responses(487));
        Assert.Equal(new[] { "RINGER OFF", "LAMP message slow", "MISSED 1 " + CallerScript.Peer, "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(1, _rig.App.UnseenMissedCalls);
        Assert.Equal(CallLogKind.Missed, _rig.App.CallLog.Kind(0));
        _rig.Hook(true);
        Assert.Equal(0, _rig.App.UnseenMissedCalls);
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.MessageWaiting));
    }

    [Fact]
    public void An_INVITE_that_expires_unanswered_stops_the_ringer_and_is_a_missed_call()
    {
        // RFC 3261 §13.3.1: the invitation expired before a final response: 487, stop alerting.
        _rig.Deliver(_caller.Invite("Expires: 30\r\n"));
        _rig.Run(29_900);
        Assert.True(_rig.Hw.Ringer.IsRinging);
        int mark = _rig.Events.Count;
        _rig.Run(200);
        Assert.Single(_rig.Responses(487));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(new[] { "RINGER OFF", "LAMP message slow", "MISSED 1 " + CallerScript.Peer, "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(CallLogKind.Missed, _rig.App.CallLog.Kind(0));
    }

    [Fact]
    public void A_key_while_idle_also_clears_the_missed_call_lamp()
    {
        Ring();
        _rig.Deliver(_caller.Cancel());
        _rig.Press(PhoneKey.Redial);
        Assert.Contains("KEY redial", _rig.Events);
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.MessageWaiting));
    }

    [Fact]
    public void Answered_elsewhere_stops_the_ringing_and_is_no_missed_call()
    {
        Ring();
        _rig.Deliver(_caller.Cancel("SIP;cause=200;text=\"Call completed elsewhere\""));
        Assert.Contains("ANSWERED ELSEWHERE 1 " + CallerScript.Peer, _rig.Events);
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(0, _rig.App.UnseenMissedCalls);
        Assert.Equal(CallLogKind.AnsweredElsewhere, _rig.App.CallLog.Kind(0));
        Assert.EndsWith(" answered elsewhere " + CallerScript.Peer, _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void No_answer_forwards_to_voicemail_and_stops_the_ringer()
    {
        _rig.Set(ConfigKeys.ForwardNoAnswerTarget, "sip:voicemail@nanophone.test");
        _rig.Set(ConfigKeys.ForwardNoAnswerSeconds, "5");
        Ring();
        _rig.Run(4_900);
        Assert.True(_rig.Hw.Ringer.IsRinging);
        _rig.Run(200);
        Assert.Single(_rig.Responses(302));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Contains("FORWARDED 1 sip:voicemail@nanophone.test", _rig.Events);
        Assert.Equal(CallLogKind.Forwarded, _rig.App.CallLog.Kind(0));
    }

    [Fact]
    public void With_call_waiting_off_a_second_call_during_a_call_is_busy_and_leaves_the_first_alone()
    {
        _rig.Set(ConfigKeys.CallWaiting, "off");
        Ring();
        _rig.Hook(true);
        var second = new CallerScript { CallId = "call-2@graham.example", FromTag = "77", Branch = "z9hG4bKinv2" };
        _rig.Deliver(second.Invite());
        Assert.Single(_rig.Responses(486));
        Assert.Contains("REJECTED 2 486 Busy Here", _rig.Events);
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Equal(LampMode.On, _rig.Lamp(Indicator.InCall));
    }

    [Fact]
    public void With_call_waiting_a_second_call_waits_with_a_tone_not_the_ringer_and_the_answer_key_holds_the_first()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        var second = new CallerScript { CallId = "call-2@graham.example", FromTag = "77", Branch = "z9hG4bKinv2" };
        _rig.Deliver(second.Invite());
        Assert.Empty(_rig.Responses(486));
        Assert.Contains("WAITING 2 Graham <sip:graham@nanophone.test>", _rig.Events);
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.True(_rig.App.IsCallWaitingTone);
        Assert.Equal(LampMode.FastBlink, _rig.Lamp(Indicator.InCall));
        Assert.Contains(", Graham <sip:graham@nanophone.test> waiting", _rig.App.CallState);

        _rig.Press(PhoneKey.Answer);
        Assert.Contains("HOLD 1", _rig.Events);
        Assert.Contains("ANSWERED 2 Graham <sip:graham@nanophone.test>", _rig.Events);
        Assert.False(_rig.App.IsCallWaitingTone);
        Assert.Equal(2, _rig.App.ActiveCall);
        Assert.Equal(LampMode.On, _rig.Lamp(Indicator.InCall));
        Assert.Contains("a=sendonly", _rig.Requests("INVITE").Single().Text);
    }

    [Fact]
    public void Hanging_up_while_a_call_waits_lets_it_ring_as_any_call()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        var second = new CallerScript { CallId = "call-2@graham.example", FromTag = "77", Branch = "z9hG4bKinv2" };
        _rig.Deliver(second.Invite());
        _rig.Hook(false);
        Assert.Contains("ENDED 1 hung up", _rig.Events);
        Assert.False(_rig.App.IsCallWaitingTone);
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Equal(2, _rig.App.RingingCall);
        _rig.Hook(true);
        Assert.Equal(2, _rig.App.ActiveCall);
    }

    [Fact]
    public void The_transfer_key_holds_the_call_and_the_digits_typed_next_are_where_it_goes()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        _rig.Press(PhoneKey.Transfer);
        Assert.Contains("HOLD 1", _rig.Events);
        _rig.Press(PhoneKey.Digit2);
        _rig.Press(PhoneKey.Digit0);
        _rig.Press(PhoneKey.Digit0);
        _rig.Press(PhoneKey.Hash);
        var refer = _rig.Requests("REFER").Single().Text;
        Assert.Contains("Refer-To: <sip:200@nanophone.test>\r\n", refer);
        Assert.Contains("TRANSFERRING 1 sip:200@nanophone.test", _rig.Events);
        Assert.DoesNotContain(_rig.Requests("INVITE"), r => r.Text.StartsWith("INVITE sip:200@"));
    }

    [Fact]
    public void Transfer_without_a_second_call_needs_a_target()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        Assert.False(_rig.App.Transfer("", out string? why));
        Assert.Equal("no second call to join", why);
        Assert.True(_rig.App.Transfer("sip:carol@nanophone.test", out why), why);
        Assert.Contains("Refer-To: <sip:carol@nanophone.test>\r\n", _rig.Requests("REFER").Single().Text);
    }

    [Fact]
    public void Hold_and_resume_by_the_peer_are_reported()
    {
        Ring();
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 2, "z9hG4bKhold", _caller.Sdp + "a=sendonly\n"));
        Assert.Equal("HELD 1", _rig.Events[^1]);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 2, "z9hG4bKack2"));
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 3, "z9hG4bKresume", _caller.Sdp));
        Assert.Equal("RESUMED 1", _rig.Events[^1]);
        Assert.Equal(1, _rig.App.ActiveCall);
    }

    [Fact]
    public void Putting_down_a_handset_that_was_lifted_before_the_call_does_not_reject_it()
    {
        _rig.Hook(true);
        Ring();
        _rig.Hook(false);
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Empty(_rig.Responses(603));
        _rig.Hook(true);
        Assert.Equal(1, _rig.App.ActiveCall);
    }

    [Fact]
    public void Shutdown_during_a_call_sends_BYE_and_during_ringing_declines()
    {
        Ring();
        _rig.Hook(true);
        _rig.App.Shutdown();
        Assert.Single(_rig.Requests("BYE"));
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.InCall));

        var rig = new PhoneRig();
        rig.StartRegistered();
        rig.Deliver(new CallerScript().Invite());
        rig.App.Shutdown();
        Assert.Single(rig.Responses(603));
        Assert.False(rig.Hw.Ringer.IsRinging);
        Assert.Contains("RINGER OFF", rig.Events);
    }

    [Fact]
    public void The_media_address_is_the_phones_own_address()
    {
        var rig = new PhoneRig(localHost: "192.0.2.10");
        Assert.Equal("192.0.2.10", rig.App.Agent.CallSettings.Media.Address);
        var v6 = new PhoneRig(localHost: "[2001:db8::10]");
        Assert.Equal("2001:db8::10", v6.App.Agent.CallSettings.Media.Address);
        Assert.True(v6.App.Agent.CallSettings.Media.AddressIsIpv6);
    }
}
