using System.Linq;
using System.Text;
using NanoPhone.App.Console;
using NanoPhone.App.Tests.Console;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// Call-progress tones (the ringer's country): dial tone with the handset up and nothing typed,
/// stopped by the first digit; ringback while our call rings (180 without SDP); the far end's early
/// media instead after a 183 with SDP; busy after 486 and 600, congestion after 503 and other
/// failures. DTMF: a key in the call is an RFC 4733 event (marker on the first packet, three end
/// packets) with the negotiated payload type, or an INFO with application/dtmf-relay when
/// telephone-event was not negotiated; an INFO received (dtmf-relay, dtmf) is answered 200 and
/// gives a DTMF line, another body type 415.
/// </summary>
public class TonesAndDtmfTests
{
    private readonly FakeMediaSockets _sockets;
    private readonly FakeFrames _frames = new();
    private readonly PhoneRig _rig;
    private readonly CallerScript _caller = new();
    private readonly SerialConsole _console;

    public TonesAndDtmfTests()
    {
        FakeMediaSockets? sockets = null;
        _rig = new PhoneRig(c => c.TrySet("ringer.pattern", "uk", out _), mediaPorts: sockets = new FakeMediaSockets(() => _rig!.Clock.NowMs));
        _sockets = sockets;
        _rig.App.AudioFrames = _frames;
        _console = new SerialConsole(_rig.Config, null, new RecordingOutput());
        _rig.App.AttachTo(_console);
        _rig.StartRegistered();
    }

    private int Mark => _rig.Events.Count;

    private Sent Invite => _rig.Last("INVITE");

    private void Dial()
    {
        _rig.Hook(true);
        _console.Execute("call 1234");
        _rig.Run(20);
    }

    [Fact]
    public void Off_hook_with_no_call_plays_the_dial_tone_until_the_first_digit()
    {
        int mark = Mark;
        _rig.Hook(true);
        Assert.Contains("TONE dial", _rig.EventsSince(mark));
        _frames.Played.Clear();
        _rig.Run(200);
        // uk dial tone: 350 + 440 Hz, continuous.
        Assert.True(Sine.Power(_frames.Played, 0, 800, 350) > 100 * Sine.Power(_frames.Played, 0, 800, 1000));
        _rig.Press(PhoneKey.Digit1);
        Assert.Equal("TONE off", _rig.EventsSince(mark).Last(l => l.StartsWith("TONE ")));
    }

    [Fact]
    public void Ringback_plays_while_our_call_rings_and_stops_when_it_is_answered()
    {
        Dial();
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Ringing(Invite));
        _rig.Run(40);
        Assert.Contains("TONE ringback", _rig.EventsSince(mark));
        _rig.Deliver(CalleeReplies.Ok(Invite));
        _rig.Run(40);
        var lines = _rig.EventsSince(mark);
        Assert.Contains("MEDIA started PCMU 192.0.2.9:40000", lines);
        Assert.True(lines.IndexOf("TONE off") > lines.IndexOf("TONE ringback"));
    }

    [Fact]
    public void A_183_with_SDP_plays_the_far_ends_early_media_instead_of_ringback()
    {
        Dial();
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Respond(Invite, 183, "Session Progress", "bob1", CalleeReplies.Answer));
        _rig.Run(100);
        var lines = _rig.EventsSince(mark);
        Assert.Contains("MEDIA started PCMU 192.0.2.9:40000", lines);
        Assert.DoesNotContain("TONE ringback", lines);
        Assert.Contains(_sockets.Rtp, s => s.To == "192.0.2.9:40000");
    }

    [Theory]
    [InlineData(486, "Busy Here", "busy")]
    [InlineData(600, "Busy Everywhere", "busy")]
    [InlineData(503, "Service Unavailable", "congestion")]
    [InlineData(404, "Not Found", "congestion")]
    public void A_failed_call_plays_busy_or_congestion_until_the_handset_goes_down(int code, string reason, string tone)
    {
        Dial();
        int mark = Mark;
        _rig.Deliver(CalleeReplies.Respond(Invite, code, reason, "bob1"));
        _rig.Run(40);
        Assert.Contains("TONE " + tone, _rig.EventsSince(mark));
        _rig.Hook(false);
        Assert.Equal("TONE off", _rig.EventsSince(mark).Last(l => l.StartsWith("TONE ")));
    }

    private string Answered(string sdp)
    {
        _caller.Sdp = sdp;
        _rig.Deliver(_caller.Invite());
        _rig.Hook(true);
        string toTag = CallerScript.ToTagOf(_rig.Responses(180)[0]);
        _rig.Deliver(_caller.InDialog("ACK", toTag, 1, "z9hG4bKack1"));
        _rig.Run(100);
        return toTag;
    }

    [Fact]
    public void A_key_in_the_call_goes_as_RFC_4733_events_with_the_negotiated_payload_type()
    {
        Answered(new CallerScript().Sdp.Replace(" 0 8 101\n", " 0 8 96\na=rtpmap:96 telephone-event/8000\n").Replace("a=rtpmap:101 telephone-event/8000\n", ""));
        int before = _sockets.Rtp.Count;
        _rig.Press(PhoneKey.Digit5);
        _rig.Run(300);
        var events = _sockets.Rtp.Skip(before).Where(p => p.PayloadType == 96).ToList();
        Assert.True(events.Count >= 4, "no telephone-event packets");
        Assert.True(events[0].Marker);
        Assert.All(events, e => Assert.Equal(5, e.Bytes[12]));                  // event code 5
        Assert.Equal(3, events.Count(e => (e.Bytes[13] & 0x80) != 0));          // three end packets (RFC 4733 §2.5.1.4)
        Assert.Empty(_rig.Requests("INFO"));
    }

    [Fact]
    public void Without_telephone_event_a_key_goes_as_INFO_with_application_dtmf_relay()
    {
        string toTag = Answered("v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 0\n");
        _rig.Press(PhoneKey.Star);
        Sent info = Assert.Single(_rig.Requests("INFO"));
        Assert.Contains("Content-Type: application/dtmf-relay\r\n", info.Text);
        Assert.Contains("Signal=*\r\n", info.Text);
        Assert.Matches(@"\r\nCSeq: \d+ INFO\r\n", info.Text);
        Assert.Contains(";tag=" + toTag + "\r\n", info.Text);           // From: us, with our tag of the dialog
        Assert.Contains(";tag=" + _caller.FromTag + "\r\n", info.Text);  // To: Graham
        Assert.StartsWith("INFO sip:graham@192.0.2.7:5060 SIP/2.0", info.Text);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", 200, "DTMF 5")]
    [InlineData("application/dtmf", "#", 200, "DTMF #")]
    [InlineData("text/plain", "5", 415, null)]
    public void An_INFO_key_press_is_answered_and_reported(string type, string body, int code, string? line)
    {
        string toTag = Answered(new CallerScript().Sdp);
        int mark = Mark;
        string info = "INFO sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinfo1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + _caller.FromTag + "\r\n" +
            "To: <sip:linda@nanophone.test>;tag=" + toTag + "\r\n" +
            "Call-ID: " + _caller.CallId + "\r\n" +
            "CSeq: 2 INFO\r\n" +
            "Content-Type: " + type + "\r\n" +
            "Content-Length: " + Encoding.ASCII.GetByteCount(body) + "\r\n\r\n" + body;
        _rig.Deliver(info);
        Assert.Single(_rig.Responses(code), r => r.Text.Contains("CSeq: 2 INFO\r\n"));
        if (line != null) Assert.Contains(line, _rig.EventsSince(mark));
        else Assert.DoesNotContain(_rig.EventsSince(mark), l => l.StartsWith("DTMF "));
    }

    [Fact]
    public void RFC_4733_events_from_the_far_end_give_one_DTMF_line_per_key()
    {
        Answered(new CallerScript().Sdp);
        int mark = Mark;
        var from = new Endpoint("192.0.2.7", 49170);
        for (int i = 0; i < 8; i++)
        {
            bool end = i >= 5;
            byte[] p = { 0x80, (byte)(101 | (i == 0 ? 0x80 : 0)), 0, (byte)(10 + i), 0, 0, 0x10, 0, 1, 2, 3, 4,
                9, (byte)(end ? 0x8A : 0x0A), 0, (byte)(end ? 160 : (i + 1) * 20) };
            _rig.App.ReceiveRtp(p, 0, p.Length, from, _sockets.Selected, _rig.Clock.NowMs);
            _rig.Run(20);
        }
        Assert.Equal(new[] { "DTMF 9" }, _rig.EventsSince(mark).Where(l => l.StartsWith("DTMF ")).ToArray());
    }

    [Fact]
    public void The_door_code_sent_as_RFC_4733_events_opens_the_door_once()
    {
        Assert.True(_rig.Config.TrySet("door.code", "*1", out _));
        Answered(new CallerScript().Sdp);
        int mark = Mark;
        var from = new Endpoint("192.0.2.7", 49170);
        int seq = 10;
        foreach (var (code, stamp) in new[] { (10, 0x10), (1, 0x20) })
        {
            for (int i = 0; i < 8; i++)
            {
                bool end = i >= 5;
                byte[] p = { 0x80, (byte)(101 | (i == 0 ? 0x80 : 0)), 0, (byte)seq++, 0, 0, (byte)stamp, 0, 1, 2, 3, 4,
                    (byte)code, (byte)(end ? 0x8A : 0x0A), 0, (byte)(end ? 160 : (i + 1) * 20) };
                _rig.App.ReceiveRtp(p, 0, p.Length, from, _sockets.Selected, _rig.Clock.NowMs);
                _rig.Run(20);
            }
        }
        var lines = _rig.EventsSince(mark);
        Assert.Equal(new[] { "DTMF *", "DTMF 1" }, lines.Where(l => l.StartsWith("DTMF ")).ToArray());
        Assert.Single(lines, "DOOR opened");
    }

    [Fact]
    public void The_call_waiting_beep_mixes_into_the_call()
    {
        Answered(new CallerScript().Sdp);
        int mark = Mark;
        _rig.App.Tones.CallWaiting(true);
        Assert.Contains("TONE call-waiting", _rig.EventsSince(mark));
        _rig.App.Tones.CallWaiting(false);
        Assert.Equal("TONE off", _rig.EventsSince(mark).Last());
    }
}
