using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Door;

/// <summary>
/// The door station through the app, on a manual clock: an intercom INVITE answered by itself on the
/// speaker; door.code sent as SIP INFO (or handed in by the media path as OnRemoteDigit) pulses the
/// relay once for door.pulse.ms with "DOOR opened", a wrong code does nothing; the code is a secret;
/// an unsolicited NOTIFY from the registrar lights the message lamp, missed calls keep their blink.
/// </summary>
public class DoorPhoneTests
{
    private readonly PhoneRig _rig = new(c =>
    {
        c.TrySet(ConfigKeys.IntercomAllow, "on", out _);
        c.TrySet(ConfigKeys.DoorCode, "*1", out _);
        c.TrySet(ConfigKeys.DoorPulseMs, "1500", out _);
    });
    private readonly CallerScript _caller = new();

    public DoorPhoneTests()
    {
        _rig.StartRegistered();
    }

    private string AutoAnswered()
    {
        _rig.Deliver(_caller.Invite("Call-Info: <sip:127.0.0.1>;answer-after=1\r\n"));
        Assert.Contains("AUTOANSWER 1 1", _rig.Events);
        _rig.Run(1_010);
        var ok = _rig.Responses(200).First(r => r.Text.Contains("INVITE"));
        string tag = CallerScript.ToTagOf(ok);
        _rig.Deliver(_caller.InDialog("ACK", tag, 1, "z9hG4bKack"));
        return tag;
    }

    private string Info(string tag, long cseq, string key) =>
        "INFO sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKi" + cseq + "\r\nMax-Forwards: 70\r\n"
        + "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + _caller.FromTag + "\r\nTo: <sip:linda@nanophone.test>;tag=" + tag + "\r\n"
        + "Call-ID: " + _caller.CallId + "\r\nCSeq: " + cseq + " INFO\r\nContent-Type: application/dtmf-relay\r\n"
        + "Content-Length: " + ("Signal=" + key + "\r\nDuration=160\r\n").Length + "\r\n\r\nSignal=" + key + "\r\nDuration=160\r\n";

    [Fact]
    public void An_intercom_call_is_answered_after_its_delay_on_the_speaker()
    {
        AutoAnswered();
        Assert.Contains("AUDIO speaker 1", _rig.Events);
        Assert.Contains(_rig.Events, e => e.StartsWith("ANSWERED 1"));
    }

    [Fact]
    public void The_door_code_by_INFO_pulses_the_relay_once_for_door_pulse_ms()
    {
        string tag = AutoAnswered();
        _rig.Deliver(Info(tag, 2, "*"));
        _rig.Deliver(Info(tag, 3, "1"));
        Assert.Equal(2, _rig.Responses(200).Count(r => r.Text.Contains("CSeq: 2 INFO") || r.Text.Contains("CSeq: 3 INFO")));
        Assert.Single(_rig.Events, "DOOR opened");
        Assert.True(_rig.Relay.Energised);
        _rig.Run(1_490);
        Assert.True(_rig.Relay.Energised);
        _rig.Run(20);
        Assert.False(_rig.Relay.Energised);
        Assert.Equal(1, _rig.Relay.Pulses);
    }

    [Fact]
    public void A_wrong_code_does_nothing_and_keys_outside_a_call_are_ignored()
    {
        _rig.App.OnRemoteDigit('*');
        _rig.App.OnRemoteDigit('1');
        Assert.Equal(0, _rig.Relay.Pulses);
        string tag = AutoAnswered();
        _rig.Deliver(Info(tag, 2, "*"));
        _rig.Deliver(Info(tag, 3, "2"));
        Assert.Equal(0, _rig.Relay.Pulses);
        Assert.DoesNotContain(_rig.Events, e => e.StartsWith("DOOR"));
        // The media path's RFC 4733 keys take the same way.
        _rig.App.OnRemoteDigit('*');
        _rig.App.OnRemoteDigit('1');
        Assert.Equal(1, _rig.Relay.Pulses);
    }

    [Fact]
    public void The_door_code_is_a_secret_on_the_console()
    {
        var key = ConfigKeys.Find(ConfigKeys.DoorCode)!;
        Assert.True(key.Secret);
        Assert.False(_rig.Config.TrySet(ConfigKeys.DoorCode, "*1x", out string? error));
        Assert.DoesNotContain("*1x", error);
    }

    private static string Unsolicited(string body, int n) =>
        "NOTIFY sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKmwi" + n + "\r\nMax-Forwards: 70\r\n"
        + "From: <sip:asterisk@nanophone.test>;tag=a" + n + "\r\nTo: <sip:linda@nanophone.test>\r\nCall-ID: mwi-" + n + "@pbx\r\n"
        + "CSeq: 1 NOTIFY\r\nEvent: message-summary\r\nContent-Type: application/simple-message-summary\r\n"
        + "Content-Length: " + body.Length + "\r\n\r\n" + body;

    [Fact]
    public void Voicemail_lights_the_message_lamp_and_clears_it_missed_calls_keep_their_blink()
    {
        _rig.Deliver(Unsolicited("Messages-Waiting: yes\r\nVoice-Message: 2/1 (1/0)\r\n", 1));
        Assert.Contains("MWI 2 new 1 old (1 urgent)", _rig.Events);
        Assert.Equal(LampMode.On, _rig.Hw.Indicators.Get(Indicator.MessageWaiting));
        Assert.StartsWith("2 new, 1 old voicemail (1 urgent); 0 missed calls", _rig.App.Messages);
        // A missed call blinks over it; once seen, the voicemail's steady light is back.
        _rig.Deliver(_caller.Invite());
        _rig.Deliver(_caller.Cancel());
        Assert.Equal(LampMode.SlowBlink, _rig.Hw.Indicators.Get(Indicator.MessageWaiting));
        _rig.Deliver(Unsolicited("Messages-Waiting: no\r\nVoice-Message: 0/3\r\n", 2));
        Assert.Contains("MWI none", _rig.Events);
        Assert.Equal(LampMode.SlowBlink, _rig.Hw.Indicators.Get(Indicator.MessageWaiting));
    }

    [Fact]
    public void A_NOTIFY_from_a_stranger_does_not_touch_the_lamp()
    {
        _rig.Deliver(Unsolicited("Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n", 1), new Endpoint("192.0.2.50", 5060));
        Assert.Single(_rig.Responses(403));
        Assert.Equal(LampMode.Off, _rig.Hw.Indicators.Get(Indicator.MessageWaiting));
    }
}
