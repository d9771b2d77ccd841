using System.Collections.Generic;
using System.Linq;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Tests.Console;
using NanoPhone.Hal;
using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>Responses to the phone's own requests, as the proxy (127.0.0.1:5070) relays them from the far end.</summary>
public static class CalleeReplies
{
    public const string Answer = "v=0\no=bob 1 1 IN IP4 192.0.2.9\ns=-\nc=IN IP4 192.0.2.9\nt=0 0\nm=audio 40000 RTP/AVP 0\n";

    /// <summary>A response copying Via, From, To (with <paramref name="toTag"/> unless null), Call-ID and CSeq.</summary>
    public static string Respond(Sent request, int code, string reason, string? toTag, string? body = null, params string[] extra)
    {
        var m = request.Parse();
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
            sb.Append("Via: ").Append(Value(m, i)).Append("\r\n");
        sb.Append("From: ").Append(Value(m, m.IndexOf(HeaderId.From))).Append("\r\n");
        sb.Append("To: ").Append(Value(m, m.IndexOf(HeaderId.To))).Append(toTag != null ? ";tag=" + toTag : "").Append("\r\n");
        sb.Append("Call-ID: ").Append(Value(m, m.IndexOf(HeaderId.CallId))).Append("\r\n");
        sb.Append("CSeq: ").Append(Value(m, m.IndexOf(HeaderId.CSeq))).Append("\r\n");
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        string b = (body ?? "").Replace("\r\n", "\n").Replace("\n", "\r\n");
        if (b.Length > 0) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append("Content-Length: ").Append(b.Length).Append("\r\n\r\n").Append(b);
        return sb.ToString();
    }

    public static string Ringing(Sent invite, string tag = "bob1") =>
        Respond(invite, 180, "Ringing", tag, null, "Contact: <sip:bob@192.0.2.9:5060>");

    public static string Ok(Sent invite, string tag = "bob1") =>
        Respond(invite, 200, "OK", tag, Answer, "Contact: <sip:bob@192.0.2.9:5060>", "Record-Route: <sip:127.0.0.1:5070;lr>");

    private static string Value(SipMessage m, int i) => Encoding.UTF8.GetString(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
}

/// <summary>
/// Our own calls: digits collected with the handset up (# or dial.timeout.seconds dials them), the
/// redial key, the console's call, hangup, hold and resume; ringback, answer, failure, CANCEL and
/// BYE as event lines, lamps and call log entries.
/// </summary>
public class PhoneAppOutgoingTests
{
    private readonly PhoneRig _rig = new();
    private readonly RecordingOutput _output = new();
    private readonly SerialConsole _console;

    public PhoneAppOutgoingTests()
    {
        _console = new SerialConsole(_rig.Config, null, _output);
        _rig.App.AttachTo(_console);
        _rig.StartRegistered();
    }

    private List<string> Console(string line)
    {
        int before = _output.Lines.Count;
        _console.Execute(line);
        return _output.Lines.GetRange(before, _output.Lines.Count - before);
    }

    private void Type(string keys)
    {
        foreach (char c in keys) _rig.Press(PhoneKeys.FromDialChar(c));
    }

    private Sent Invite => _rig.Last("INVITE");

    private int Mark => _rig.Events.Count;

    /// <summary>Handset up, 1234#: the call is dialling.</summary>
    private void DialFromKeypad(string keys = "1234#")
    {
        _rig.Hook(true);
        Type(keys);
    }

    /// <summary>Dials 1234, the far end rings and answers; returns the INVITE.</summary>
    private Sent Connect()
    {
        DialFromKeypad();
        Sent invite = Invite;
        _rig.Deliver(CalleeReplies.Ringing(invite));
        _rig.Deliver(CalleeReplies.Ok(invite));
        return invite;
    }

    [Fact]
    public void Digits_typed_with_the_handset_up_and_hash_send_an_INVITE_to_sip_digits_at_domain()
    {
        _rig.Hook(true);
        int mark = Mark;
        Type("1234");
        Assert.Equal(new[] { "KEY 1", "DIGITS 1", "KEY 2", "DIGITS 12", "KEY 3", "DIGITS 123", "KEY 4", "DIGITS 1234" }, _rig.EventsSince(mark));
        Assert.Equal("1234", _rig.App.Digits);
        Assert.Equal("dialling 1234", _rig.App.CallState);
        Assert.Empty(_rig.Requests("INVITE"));

        mark = Mark;
        _rig.Press(PhoneKey.Hash);
        Sent invite = Invite;
        Assert.Equal("INVITE sip:1234@nanophone.test SIP/2.0", invite.FirstLine);
        Assert.Equal("127.0.0.1:5070", invite.To);
        Assert.Equal("<sip:1234@nanophone.test>", invite.Header(HeaderId.To));
        Assert.Contains("m=audio", invite.Text);
        Assert.Equal(new[] { "KEY #", "DIALING 1 sip:1234@nanophone.test", "LAMP incall on" }, _rig.EventsSince(mark));
        Assert.Equal(1, _rig.App.DialCall);
        Assert.Equal("", _rig.App.Digits);
        Assert.Equal("1234", _rig.App.LastDialled);
        Assert.Equal("calling sip:1234@nanophone.test", _rig.App.CallState);
    }

    [Fact]
    public void Star_is_a_digit_and_hash_with_no_digits_does_nothing()
    {
        _rig.Hook(true);
        _rig.Press(PhoneKey.Hash);
        Assert.Empty(_rig.Requests("INVITE"));
        Type("*72#");
        Assert.Equal("INVITE sip:*72@nanophone.test SIP/2.0", Invite.FirstLine);
    }

    [Fact]
    public void The_inter_digit_timeout_dials_exactly_dial_timeout_seconds_after_the_last_digit()
    {
        _rig.Set(ConfigKeys.DialTimeoutSeconds, "3");
        _rig.Hook(true);
        Type("5");
        _rig.Run(2_000);
        Type("6");                                        // starts the wait again
        long lastDigitAt = _rig.EventTimes[_rig.Events.LastIndexOf("KEY 6")];
        _rig.Run(lastDigitAt + 2_990 - _rig.Clock.NowMs);
        Assert.Empty(_rig.Requests("INVITE"));
        Assert.Equal("56", _rig.App.Digits);
        _rig.Run(10);
        Sent invite = Invite;
        Assert.Equal("INVITE sip:56@nanophone.test SIP/2.0", invite.FirstLine);
        Assert.Equal(3_000, invite.AtMs - lastDigitAt);
        Assert.Equal("DIALING 1 sip:56@nanophone.test", _rig.Events[^2]);
    }

    [Fact]
    public void The_default_inter_digit_timeout_is_4_seconds()
    {
        _rig.Hook(true);
        Type("7");
        long at = _rig.EventTimes[_rig.Events.LastIndexOf("KEY 7")];
        _rig.Run(5_000);
        Assert.Equal(4_000, _rig.Requests("INVITE")[0].AtMs - at);
    }

    [Fact]
    public void Handset_down_while_dialling_drops_the_digits_and_sends_nothing()
    {
        int sent = _rig.Out.Count;
        int mark = Mark;
        _rig.Hook(true);
        _rig.Hook(false);
        Assert.Equal(new[] { "HOOK offhook", "HOOK onhook" }, _rig.EventsSince(mark));

        _rig.Hook(true);
        Type("12");
        _rig.Hook(false);
        _rig.Run(10_000);
        Assert.Equal(sent, _rig.Out.Count);
        Assert.Equal("", _rig.App.Digits);
        Assert.Equal("idle", _rig.App.CallState);
        Assert.DoesNotContain(_rig.Events, e => e.StartsWith("DIALING") || e.StartsWith("DIAL "));
    }

    [Fact]
    public void Digits_with_the_handset_down_are_not_collected()
    {
        Type("12#");
        _rig.Run(10_000);
        Assert.Empty(_rig.Requests("INVITE"));
        Assert.DoesNotContain(_rig.Events, e => e.StartsWith("DIGITS"));
    }

    [Fact]
    public void The_hang_up_key_drops_typed_digits()
    {
        _rig.Hook(true);
        Type("12");
        _rig.Press(PhoneKey.HangUp);
        Assert.Equal("", _rig.App.Digits);
        _rig.Run(10_000);
        Assert.Empty(_rig.Requests("INVITE"));
    }

    [Fact]
    public void Ringback_blinks_the_in_call_lamp_slowly_and_200_answers_with_an_ACK()
    {
        DialFromKeypad();
        Sent invite = Invite;
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Ringing(invite));
        Assert.Equal(new[] { "RINGBACK 1", "LAMP incall slow" }, _rig.EventsSince(mark));
        Assert.Equal("calling sip:1234@nanophone.test, it rings", _rig.App.CallState);
        Assert.False(_rig.Hw.Ringer.IsRinging);        // the ringer is the bell, not a ringback tone

        mark = Mark;
        _rig.Deliver(CalleeReplies.Ok(invite));
        Sent ack = _rig.Requests("ACK").Single();
        Assert.StartsWith("ACK sip:bob@192.0.2.9:5060 SIP/2.0", ack.FirstLine);
        Assert.Equal(new[] { "ANSWERED 1 sip:1234@nanophone.test", "LAMP incall on" }, _rig.EventsSince(mark));
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Equal(-1, _rig.App.DialCall);
        _rig.Run(2_000);
        Assert.Equal("in call with sip:1234@nanophone.test for 2 s", _rig.App.CallState);
    }

    [Fact]
    public void Handset_down_after_180_sends_CANCEL_and_the_487_ends_the_call()
    {
        DialFromKeypad();
        Sent invite = Invite;
        _rig.Deliver(CalleeReplies.Ringing(invite));
        int mark = Mark;
        _rig.Hook(false);
        Sent cancel = _rig.Requests("CANCEL").Single();
        Assert.Equal("CANCEL sip:1234@nanophone.test SIP/2.0", cancel.FirstLine);
        Assert.Equal(invite.Header(HeaderId.Via), cancel.Header(HeaderId.Via));
        Assert.Equal(invite.Parse().CSeq, cancel.Parse().CSeq);
        Assert.Equal(new[] { "HOOK onhook", "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal("hanging up the call to sip:1234@nanophone.test", _rig.App.CallState);

        _rig.Deliver(CalleeReplies.Respond(cancel, 200, "OK", "bob1"));
        mark = Mark;
        _rig.Deliver(CalleeReplies.Respond(invite, 487, "Request Terminated", "bob1"));
        Assert.Equal(new[] { "ENDED 1 cancelled" }, _rig.EventsSince(mark));
        Assert.Equal(-1, _rig.App.DialCall);
        Assert.Equal("idle", _rig.App.CallState);
        Assert.Equal(CallLogKind.Dialled, _rig.App.CallLog.Kind(0));
        Assert.EndsWith(" dialled sip:1234@nanophone.test (cancelled)", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void Handset_down_before_any_provisional_cancels_once_one_comes()
    {
        DialFromKeypad();
        Sent invite = Invite;
        _rig.Hook(false);
        Assert.Empty(_rig.Requests("CANCEL"));          // §9.1: not before a provisional
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.InCall));
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Ringing(invite));
        Assert.Single(_rig.Requests("CANCEL"));
        Assert.Empty(_rig.EventsSince(mark));             // no RINGBACK for a call the user gave up
        _rig.Deliver(CalleeReplies.Respond(invite, 487, "Request Terminated", "bob1"));
        Assert.Equal("ENDED 1 cancelled", _rig.Events[^1]);
    }

    [Fact]
    public void A_200_after_the_user_hung_up_before_any_provisional_is_ended_at_once_with_BYE()
    {
        DialFromKeypad();
        Sent invite = Invite;
        _rig.Hook(false);
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Ok(invite));
        Assert.Single(_rig.Requests("ACK"));
        Assert.StartsWith("BYE sip:bob@192.0.2.9:5060 SIP/2.0", _rig.Requests("BYE").Single().FirstLine);
        Assert.Equal(new[] { "ENDED 1 hung up" }, _rig.EventsSince(mark));
        Assert.Equal(CallLogKind.Dialled, _rig.App.CallLog.Kind(0));
        Assert.EndsWith(" dialled sip:1234@nanophone.test (hung up)", _rig.App.CallLog.Entry(0));
        Assert.Equal(-1, _rig.App.ActiveCall);
        Assert.Equal(LampMode.Off, _rig.Lamp(Indicator.InCall));
    }

    [Fact]
    public void Handset_down_in_the_call_sends_BYE_and_the_call_log_has_it_with_its_length()
    {
        Connect();
        _rig.Run(42_000);
        int mark = Mark;
        _rig.Hook(false);
        Assert.StartsWith("BYE sip:bob@192.0.2.9:5060 SIP/2.0", _rig.Requests("BYE").Single().FirstLine);
        Assert.Equal(new[] { "HOOK onhook", "ENDED 1 hung up", "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(CallLogKind.Dialled, _rig.App.CallLog.Kind(0));
        Assert.Equal(42, _rig.App.CallLog.Seconds(0));
        Assert.EndsWith(" dialled sip:1234@nanophone.test, 42 s", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void The_far_end_hanging_up_ends_our_call()
    {
        Sent invite = Connect();
        var m = invite.Parse();
        string callId = m.CallIdText;
        string fromTag = Encoding.UTF8.GetString(m.Buffer, m.FromTagOffset, m.FromTagLength);
        _rig.Deliver("BYE sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbye1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:1234@nanophone.test>;tag=bob1\r\n" +
            "To: <sip:linda@nanophone.test>;tag=" + fromTag + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 BYE\r\n" +
            "Content-Length: 0\r\n\r\n");
        Assert.Single(_rig.Responses(200), r => r.Text.Contains(" BYE\r\n"));
        Assert.Equal("ENDED 1 remote hung up", _rig.Events[^2]);
        Assert.EndsWith(" dialled sip:1234@nanophone.test, 0 s", _rig.App.CallLog.Entry(0));
    }

    [Fact]
    public void Busy_486_is_a_FAILED_line_and_a_failed_entry_in_the_call_log()
    {
        DialFromKeypad();
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Respond(Invite, 486, "Busy Here", "bob1"));
        Assert.Equal(new[] { "FAILED 1 486 Busy Here", "LAMP incall off" }, _rig.EventsSince(mark));
        Assert.Equal(-1, _rig.App.DialCall);
        Assert.Equal(CallLogKind.Failed, _rig.App.CallLog.Kind(0));
        Assert.EndsWith(" failed sip:1234@nanophone.test (486 Busy Here)", _rig.App.CallLog.Entry(0));
        Assert.Equal("idle", _rig.App.CallState);
    }

    [Fact]
    public void The_redial_key_dials_the_last_number_again_with_the_handset_down_too()
    {
        DialFromKeypad();
        _rig.Deliver(CalleeReplies.Respond(Invite, 486, "Busy Here", "bob1"));
        _rig.Hook(false);
        int invites = _rig.Requests("INVITE").Count;
        int mark = Mark;
        _rig.Press(PhoneKey.Redial);
        Assert.Equal(invites + 1, _rig.Requests("INVITE").Count);
        Assert.Equal("INVITE sip:1234@nanophone.test SIP/2.0", Invite.FirstLine);
        Assert.NotEqual(_rig.Requests("INVITE")[0].Header(HeaderId.CallId), Invite.Header(HeaderId.CallId));
        Assert.Equal(new[] { "KEY redial", "DIALING 2 sip:1234@nanophone.test", "LAMP incall on" }, _rig.EventsSince(mark));

        // Hands-free: the hang-up key ends it (CANCEL once the far end rings).
        _rig.Deliver(CalleeReplies.Ringing(Invite));
        _rig.Press(PhoneKey.HangUp);
        Assert.Single(_rig.Requests("CANCEL"));
    }

    [Fact]
    public void The_redial_key_with_nothing_dialled_yet_says_so()
    {
        _rig.Press(PhoneKey.Redial);
        Assert.Equal("DIAL unavailable nothing to redial", _rig.Events[^1]);
        Assert.Empty(_rig.Requests("INVITE"));
    }

    [Fact]
    public void Lifting_the_handset_takes_over_a_hands_free_call_and_putting_it_down_ends_it()
    {
        Assert.Empty(Console("call 1234"));
        _rig.Deliver(CalleeReplies.Ringing(Invite));
        _rig.Deliver(CalleeReplies.Ok(Invite));
        _rig.Hook(true);
        Assert.Equal(1, _rig.App.ActiveCall);
        Assert.Empty(_rig.Requests("BYE"));
        _rig.Hook(false);
        Assert.Single(_rig.Requests("BYE"));
    }

    [Fact]
    public void Console_call_dials_a_SIP_URI_as_it_is_and_redial_repeats_it()
    {
        int mark = Mark;
        Assert.Empty(Console("call sip:bob@example.com"));
        Sent invite = Invite;
        Assert.Equal("INVITE sip:bob@example.com SIP/2.0", invite.FirstLine);
        Assert.Equal("127.0.0.1:5070", invite.To);           // through the outbound proxy
        Assert.Equal(new[] { "DIALING 1 sip:bob@example.com", "LAMP incall on" }, _rig.EventsSince(mark));
        Assert.Equal("sip:bob@example.com", _rig.App.LastDialled);

        _rig.Deliver(CalleeReplies.Respond(invite, 404, "Not Found", "x1"));
        Assert.Equal("FAILED 1 404 Not Found", _rig.Events[^2]);
        _rig.Press(PhoneKey.Redial);
        Assert.Equal("INVITE sip:bob@example.com SIP/2.0", Invite.FirstLine);
    }

    [Fact]
    public void Console_call_refusals_are_one_error_line_that_does_not_repeat_what_was_typed()
    {
        Assert.Equal(new[] { "error: usage: call NUMBER|URI" }, Console("call"));
        Assert.Equal(new[] { "error: not a number or SIP URI" }, Console("call Hunter2-Zebra"));
        Assert.Equal(new[] { "error: not a number or SIP URI" }, Console("call 12#34"));
        Assert.Equal(new[] { "error: that is this phone's own address" }, Console("call sip:linda@127.0.0.1:5062"));
        Assert.Empty(_rig.Requests("INVITE"));
        Assert.Null(_rig.App.LastDialled);

        Assert.Empty(Console("call 1234#"));
        Assert.Equal("INVITE sip:1234@nanophone.test SIP/2.0", Invite.FirstLine);
        Assert.Equal(new[] { "error: already calling" }, Console("call 5678"));
        Assert.Single(_rig.Requests("INVITE"));
    }

    [Fact]
    public void Without_an_account_the_keypad_says_why_it_cannot_dial()
    {
        var rig = new PhoneRig(c => c.Unset(ConfigKeys.SipUser));
        rig.App.Start();
        rig.Hook(true);
        foreach (char c in "12#") rig.Press(PhoneKeys.FromDialChar(c));
        Assert.Equal("DIAL unavailable account not configured", rig.Events[^1]);
        Assert.Empty(rig.Requests("INVITE"));
    }

    [Fact]
    public void Console_hangup_ends_the_call_or_stops_calling_and_says_when_there_is_none()
    {
        Assert.Equal(new[] { "error: no call to hang up" }, Console("hangup"));
        Assert.Equal(new[] { "error: usage: hangup (no arguments)" }, Console("hangup now"));
        Console("call 1234");
        _rig.Deliver(CalleeReplies.Ringing(Invite));
        Assert.Empty(Console("hangup"));
        Assert.Single(_rig.Requests("CANCEL"));
        Assert.Equal(new[] { "error: no call to hang up" }, Console("hangup"));
        _rig.Deliver(CalleeReplies.Respond(Invite, 487, "Request Terminated", "bob1"));

        Console("call 1234");
        _rig.Deliver(CalleeReplies.Ok(Invite, "bob2"));
        Assert.Empty(Console("hangup"));
        Assert.Single(_rig.Requests("BYE"));
        Assert.Equal("ENDED 2 hung up", _rig.Events[^2]);
    }

    [Fact]
    public void Console_hangup_leaves_a_call_ringing_here_alone()
    {
        var caller = new CallerScript();
        _rig.Deliver(caller.Invite());
        Assert.Equal(new[] { "error: no call to hang up" }, Console("hangup"));
        Assert.True(_rig.Hw.Ringer.IsRinging);
        Assert.Empty(_rig.Responses(603));
    }

    [Fact]
    public void The_redial_key_in_a_call_and_the_console_hold_and_resume_put_the_call_on_hold_and_back()
    {
        Connect();
        int mark = Mark;
        _rig.Press(PhoneKey.Redial);
        Sent hold = Invite;
        Assert.Equal("INVITE sip:bob@192.0.2.9:5060 SIP/2.0", hold.FirstLine);
        Assert.Contains("a=sendonly", hold.Text);
        Assert.Equal(new[] { "KEY redial", "HOLD 1", "LAMP incall slow" }, _rig.EventsSince(mark));
        Assert.True(_rig.App.IsHolding);
        Assert.EndsWith(", on hold", _rig.App.CallState);
        _rig.Deliver(CalleeReplies.Respond(hold, 200, "OK", null, CalleeReplies.Answer + "a=recvonly\n", "Contact: <sip:bob@192.0.2.9:5060>"));
        Assert.Equal(2, _rig.Requests("ACK").Count);
        Assert.Equal(new[] { "error: the call is on hold already" }, Console("hold"));

        mark = Mark;
        Assert.Empty(Console("resume"));
        Assert.Contains("a=sendrecv", Invite.Text);
        Assert.Equal(new[] { "RESUME 1", "LAMP incall on" }, _rig.EventsSince(mark));
        Assert.False(_rig.App.IsHolding);
        _rig.Deliver(CalleeReplies.Respond(Invite, 200, "OK", null, CalleeReplies.Answer, "Contact: <sip:bob@192.0.2.9:5060>"));
        Assert.Equal(new[] { "error: the call is not on hold" }, Console("resume"));

        Assert.Empty(Console("hold"));
        Assert.Equal("HOLD 1", _rig.Events[^2]);
        Assert.Equal(4, _rig.Requests("INVITE").Count);      // the call, hold, resume, hold
    }

    [Fact]
    public void Hold_works_on_an_answered_incoming_call_and_is_told_apart_from_the_peers_hold()
    {
        var caller = new CallerScript();
        _rig.Deliver(caller.Invite());
        _rig.Hook(true);
        string toTag = CallerScript.ToTagOf(_rig.Responses(180)[0]);
        Assert.Equal(new[] { "error: not now (the call is not confirmed yet, or a re-INVITE is under way)" }, Console("hold"));
        _rig.Deliver(caller.InDialog("ACK", toTag, 1, "z9hG4bKack1"));
        Assert.Empty(Console("hold"));
        Assert.Equal("HOLD 1", _rig.Events[^2]);
        Sent reinvite = Invite;
        Assert.Equal("INVITE sip:graham@192.0.2.7:5060 SIP/2.0", reinvite.FirstLine);
        Assert.Contains("a=sendonly", reinvite.Text);
        _rig.Deliver(CalleeReplies.Respond(reinvite, 200, "OK", null, caller.Sdp + "a=recvonly\n", "Contact: <sip:graham@192.0.2.7:5060>"));
        _rig.Deliver(caller.InDialog("INVITE", toTag, 2, "z9hG4bKpeerhold", caller.Sdp + "a=sendonly\n"));
        Assert.Equal("HELD 1", _rig.Events[^1]);
        Assert.True(_rig.App.IsHolding);
    }

    [Fact]
    public void Hold_and_resume_without_a_call_are_refused()
    {
        Assert.Equal(new[] { "error: no call" }, Console("hold"));
        Assert.Equal(new[] { "error: no call" }, Console("resume"));
        Assert.Equal(new[] { "error: usage: hold (no arguments)" }, Console("hold 1"));
    }

    [Fact]
    public void Digits_in_a_call_and_while_calling_do_nothing_but_KEY()
    {
        DialFromKeypad();
        int sent = _rig.Out.Count;
        int mark = Mark;
        Type("99#");
        Assert.Equal(new[] { "KEY 9", "KEY 9", "KEY #" }, _rig.EventsSince(mark));
        Assert.Equal(sent, _rig.Out.Count);
        _rig.Deliver(CalleeReplies.Ok(Invite));
        mark = Mark;
        Type("5#");
        Assert.Equal(new[] { "KEY 5", "KEY #" }, _rig.EventsSince(mark));
    }

    [Fact]
    public void An_incoming_call_while_digits_are_typed_drops_them_and_rings()
    {
        _rig.Hook(true);
        Type("12");
        _rig.Deliver(new CallerScript().Invite());
        Assert.Equal("", _rig.App.Digits);
        Assert.True(_rig.Hw.Ringer.IsRinging);
        _rig.Run(10_000);
        Assert.Empty(_rig.Requests("INVITE"));
        _rig.Press(PhoneKey.Answer);
        Assert.Equal(1, _rig.App.ActiveCall);
    }

    [Fact]
    public void A_redirect_dials_the_new_target_and_says_so()
    {
        Console("call sip:bob@example.com");
        _rig.Deliver(CalleeReplies.Respond(Invite, 302, "Moved Temporarily", "r1", null, "Contact: <sip:bob-new@example.com>"));
        Assert.Equal("INVITE sip:bob-new@example.com SIP/2.0", Invite.FirstLine);
        Assert.Equal("DIALING 1 sip:bob-new@example.com", _rig.Events[^1]);
        Assert.Equal(1, _rig.App.DialCall);
    }

    [Fact]
    public void After_a_followed_redirect_the_phone_says_the_target_answered_not_the_party_dialled()
    {
        // The demo's scene 5: Graham's phone answers 302 to the voicemail, which answers.
        Console("call sip:graham@nanophone.test");
        _rig.Deliver(CalleeReplies.Respond(Invite, 302, "Moved Temporarily", "g1", null, "Contact: <sip:voicemail@nanophone.test>"));
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Ok(Invite, "vm1"));
        Assert.Equal("ANSWERED 1 sip:voicemail@nanophone.test", _rig.EventsSince(mark)[0]);
        Assert.Equal("in call with sip:voicemail@nanophone.test for 0 s", _rig.App.CallState);
    }

    [Fact]
    public void Help_lists_the_call_commands()
    {
        var help = Console("help");
        foreach (string usage in new[] { "call NUMBER|URI", "hangup", "hold", "resume" })
            Assert.Contains(help, l => l.StartsWith("  " + usage + " "));
    }
}
