using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Hal;
using NanoPhone.Media.Codec;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// The 3-way conference through the app, on the manual clock. Graham's call is answered, Hugo's
/// waits and is answered (Graham held); <c>conference</c> takes Graham off hold without holding
/// Hugo (re-INVITE a=sendrecv) and the phone mixes: Graham (500 Hz) hears the microphone (1000 Hz)
/// and Hugo (900 Hz), Hugo hears the microphone and Graham, the earpiece plays Graham and Hugo and
/// not the microphone. Either party hanging up leaves a normal call with the other; the handset put
/// down ends both. Hold, swap and transfer are refused in a conference.
/// </summary>
public class ConferenceTests
{
    private const double GrahamHz = 500, HugoHz = 900, MicHz = 1000;

    private readonly ITestOutputHelper _out;
    private readonly FakeMediaSockets _sockets;
    private readonly FakeFrames _frames = new() { MicHz = MicHz };
    private readonly PhoneRig _rig;
    private readonly CallerScript _graham = new();
    private readonly CallerScript _hugo = new()
    {
        CallId = "call-2@hugo.example", FromTag = "77", Branch = "z9hG4bKinv2",
        Sdp = "v=0\no=hugo 1 1 IN IP4 192.0.2.8\ns=-\nc=IN IP4 192.0.2.8\nt=0 0\nm=audio 49180 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n",
    };
    private readonly RtpSource _grahamRtp = new() { Hz = GrahamHz, Ssrc = 0x1111 };
    private readonly RtpSource _hugoRtp = new() { Hz = HugoHz, Ssrc = 0x2222 };
    private static readonly Endpoint GrahamAt = new("192.0.2.7", 49170);
    private static readonly Endpoint HugoAt = new("192.0.2.8", 49180);
    private string _grahamTag = "", _hugoTag = "";

    public ConferenceTests(ITestOutputHelper output)
    {
        _out = output;
        FakeMediaSockets? sockets = null;
        _rig = new PhoneRig(mediaPorts: sockets = new FakeMediaSockets(() => _rig!.Clock.NowMs));
        _sockets = sockets;
        _rig.App.AudioFrames = _frames;
        _rig.StartRegistered();
    }

    /// <summary>Graham answered, Hugo waiting and answered (Graham held, his 200 comes): call 1 held, call 2 talked on.</summary>
    private void TwoCalls()
    {
        _rig.Deliver(_graham.Invite());
        _rig.Hook(true);
        _grahamTag = CallerScript.ToTagOf(_rig.Responses(180)[0]);
        _rig.Deliver(_graham.InDialog("ACK", _grahamTag, 1, "z9hG4bKack1"));
        _rig.Deliver(_hugo.Invite());
        _rig.Press(PhoneKey.Answer);
        _hugoTag = CallerScript.ToTagOf(_rig.Responses(180)[1]);
        _rig.Deliver(_hugo.InDialog("ACK", _hugoTag, 1, "z9hG4bKack2"));
        AnswerReInvite(_graham, "recvonly");
        Talk(200);
    }

    /// <summary>The peer's 200 (with SDP of the given direction) to the phone's last re-INVITE in its dialog.</summary>
    private void AnswerReInvite(CallerScript peer, string direction)
    {
        Sent reInvite = _rig.Requests("INVITE").Last(s => s.Text.Contains("Call-ID: " + peer.CallId));
        SipMessage m = reInvite.Parse();
        string V(HeaderId id) => Encoding.UTF8.GetString(m.Buffer, m.ValueOffsetAt(m.IndexOf(id)), m.ValueLengthAt(m.IndexOf(id)));
        string body = (peer.Sdp.Replace("o=graham 1 1", "o=graham 1 2").Replace("o=hugo 1 1", "o=hugo 1 2") + "a=" + direction + "\n").Replace("\n", "\r\n");
        _rig.Deliver("SIP/2.0 200 OK\r\nVia: " + V(HeaderId.Via) + "\r\nFrom: " + V(HeaderId.From) + "\r\nTo: " + V(HeaderId.To)
            + "\r\nCall-ID: " + V(HeaderId.CallId) + "\r\nCSeq: " + V(HeaderId.CSeq) + "\r\nContact: <sip:" + peer.CallId.Split('@')[1] + ":5060>"
            + "\r\nContent-Type: application/sdp\r\nContent-Length: " + body.Length + "\r\n\r\n" + body);
    }

    /// <summary>ms of both far ends sending RTP every 20 ms to their call's port while the phone runs.</summary>
    private void Talk(int ms, bool graham = true, bool hugo = true)
    {
        for (int t = 0; t < ms; t += 20)
        {
            if (graham) { byte[] p = _grahamRtp.Next(); _rig.App.ReceiveRtp(p, 0, p.Length, GrahamAt, 4000, _rig.Clock.NowMs); }
            if (hugo) { byte[] p = _hugoRtp.Next(); _rig.App.ReceiveRtp(p, 0, p.Length, HugoAt, 4002, _rig.Clock.NowMs); }
            _rig.Run(20);
        }
    }

    /// <summary>The audio the phone sent to a far end (its RTP, decoded) since index from.</summary>
    private List<short> SentTo(string to, int from)
    {
        var pcm = new List<short>();
        var frame = new short[160];
        foreach (var s in _sockets.Rtp.Skip(from).Where(s => s.To == to && s.PayloadType == 0))
        {
            G711.Decode(0, s.Bytes, 12, frame, 0, 160);
            pcm.AddRange(frame);
        }
        return pcm;
    }

    /// <summary>Amplitude of hz over the last second of x (8000 samples: every tone here a whole number of cycles).</summary>
    private static double Level(List<short> x, double hz) => 2 * Math.Sqrt(Sine.Power(x, x.Count - 8000, 8000, hz)) / 8000;

    private static uint Ssrc(MediaSent s) => (uint)((s.Bytes[8] << 24) | (s.Bytes[9] << 16) | (s.Bytes[10] << 8) | s.Bytes[11]);

    private void Started()
    {
        TwoCalls();
        Assert.True(_rig.App.StartConference(out string? error), error);
        AnswerReInvite(_graham, "sendrecv");
    }

    [Fact]
    public void Conference_takes_the_held_call_off_hold_without_holding_the_other()
    {
        TwoCalls();
        int invites = _rig.Requests("INVITE").Count;
        int mark = _rig.Events.Count;
        Assert.True(_rig.App.StartConference(out string? error), error);
        var lines = _rig.EventsSince(mark);
        Assert.Contains("RESUME 1", lines);
        Assert.Contains("CONFERENCE started 2 1", lines);
        Assert.DoesNotContain("HOLD 2", lines);
        var sent = _rig.Requests("INVITE").Skip(invites).ToList();
        Assert.Single(sent);
        Assert.Contains("Call-ID: " + _graham.CallId, sent[0].Text);
        Assert.Contains("a=sendrecv", sent[0].Text);
        Assert.True(_rig.App.InConference);
        Assert.StartsWith("in conference with ", _rig.App.CallState);

        // Hugo's stream goes on as it was (no restart: same SSRC, sequence numbers on), Graham's resumes.
        int rtp = _sockets.Rtp.Count;
        uint hugoSsrc = Ssrc(_sockets.Rtp.Last(s => s.To == "192.0.2.8:49180"));
        AnswerReInvite(_graham, "sendrecv");
        Talk(400);
        Assert.DoesNotContain(_rig.EventsSince(mark), l => l.StartsWith("MEDIA stats") || l.StartsWith("MEDIA started PCMU 192.0.2.8"));
        Assert.Contains("MEDIA started PCMU 192.0.2.7:49170", _rig.EventsSince(mark));
        Assert.All(_sockets.Rtp.Skip(rtp).Where(s => s.To == "192.0.2.8:49180"), s => Assert.Equal(hugoSsrc, Ssrc(s)));
        Assert.Contains(_sockets.Rtp.Skip(rtp), s => s.To == "192.0.2.7:49170");
        Assert.Equal(LampMode.On, _rig.Lamp(Indicator.InCall));
    }

    [Fact]
    public void Each_party_hears_the_phone_and_the_other_and_the_earpiece_hears_both()
    {
        Started();
        int from = _sockets.Rtp.Count;
        _frames.Played.Clear();
        Talk(2000);
        List<short> toGraham = SentTo("192.0.2.7:49170", from), toHugo = SentTo("192.0.2.8:49180", from);
        var ear = _frames.Played;
        _out.WriteLine($"to Graham: mic {Level(toGraham, MicHz):0} Hugo {Level(toGraham, HugoHz):0} Graham {Level(toGraham, GrahamHz):0}");
        _out.WriteLine($"to Hugo: mic {Level(toHugo, MicHz):0} Graham {Level(toHugo, GrahamHz):0} Hugo {Level(toHugo, HugoHz):0}");
        _out.WriteLine($"earpiece: Graham {Level(ear, GrahamHz):0} Hugo {Level(ear, HugoHz):0} mic {Level(ear, MicHz):0}");
        Assert.InRange(toGraham.Count / 160, 98, 101);
        Assert.InRange(toHugo.Count / 160, 98, 101);
        // The sines are 8000 in amplitude; G.711 keeps them within a few per cent.
        Assert.InRange(Level(toGraham, MicHz), 7000, 9000);
        Assert.InRange(Level(toGraham, HugoHz), 7000, 9000);
        Assert.True(Level(toGraham, GrahamHz) < 200);
        Assert.InRange(Level(toHugo, MicHz), 7000, 9000);
        Assert.InRange(Level(toHugo, GrahamHz), 7000, 9000);
        Assert.True(Level(toHugo, HugoHz) < 200);
        Assert.InRange(Level(ear, GrahamHz), 7000, 9000);
        Assert.InRange(Level(ear, HugoHz), 7000, 9000);
        Assert.True(Level(ear, MicHz) < 200);
        // Each from its own call's port (symmetric RTP).
        Assert.All(_sockets.Rtp.Skip(from).Where(s => s.To == "192.0.2.7:49170"), s => Assert.Equal(4000, s.FromPort));
        Assert.All(_sockets.Rtp.Skip(from).Where(s => s.To == "192.0.2.8:49180"), s => Assert.Equal(4002, s.FromPort));
    }

    [Fact]
    public void A_party_hanging_up_leaves_a_normal_call_with_the_other()
    {
        Started();
        Talk(400);
        int mark = _rig.Events.Count;
        _rig.Deliver(_hugo.InDialog("BYE", _hugoTag, 2, "z9hG4bKbye2"));
        Assert.Contains("ENDED 2 remote hung up", _rig.EventsSince(mark));
        Assert.Contains("CONFERENCE ended 1", _rig.EventsSince(mark));
        Assert.False(_rig.App.InConference);
        int from = _sockets.Rtp.Count;
        _frames.Played.Clear();
        Talk(1200, hugo: false);
        List<short> toGraham = SentTo("192.0.2.7:49170", from);
        Assert.InRange(Level(toGraham, MicHz), 7000, 9000);
        Assert.True(Level(toGraham, HugoHz) < 200);
        Assert.InRange(Level(_frames.Played, GrahamHz), 7000, 9000);
        Assert.DoesNotContain(_sockets.Rtp.Skip(from), s => s.To == "192.0.2.8:49180");
        Assert.StartsWith("in call with ", _rig.App.CallState);
    }

    [Fact]
    public void The_heard_party_hanging_up_leaves_the_other_talking_on_the_same_stream()
    {
        Started();
        Talk(400);
        uint hugoSsrc = Ssrc(_sockets.Rtp.Last(s => s.To == "192.0.2.8:49180"));
        int mark = _rig.Events.Count;
        _rig.Deliver(_graham.InDialog("BYE", _grahamTag, 2, "z9hG4bKbye1"));
        Assert.Contains("ENDED 1 remote hung up", _rig.EventsSince(mark));
        Assert.Contains("CONFERENCE ended 2", _rig.EventsSince(mark));
        int from = _sockets.Rtp.Count;
        _frames.Played.Clear();
        Talk(1200, graham: false);
        List<short> toHugo = SentTo("192.0.2.8:49180", from);
        Assert.InRange(Level(toHugo, MicHz), 7000, 9000);
        Assert.True(Level(toHugo, GrahamHz) < 200);
        Assert.InRange(Level(_frames.Played, HugoHz), 7000, 9000);
        Assert.All(_sockets.Rtp.Skip(from).Where(s => s.To == "192.0.2.8:49180"), s => Assert.Equal(hugoSsrc, Ssrc(s)));
        Assert.DoesNotContain(_rig.EventsSince(mark), l => l.StartsWith("MEDIA started"));
        Assert.DoesNotContain(_sockets.Rtp.Skip(from), s => s.To == "192.0.2.7:49170");
    }

    [Fact]
    public void Putting_the_handset_down_ends_both_calls()
    {
        Started();
        Talk(200);
        int byes = _rig.Requests("BYE").Count;
        int mark = _rig.Events.Count;
        _rig.Hook(false);
        var lines = _rig.EventsSince(mark);
        Assert.Equal(2, _rig.Requests("BYE").Count - byes);
        Assert.Contains("ENDED 1 hung up", lines);
        Assert.Contains("ENDED 2 hung up", lines);
        Assert.Single(lines, l => l.StartsWith("CONFERENCE ended"));
        Assert.Equal("CONFERENCE ended", lines.Single(l => l.StartsWith("CONFERENCE ended")));
        Assert.Equal(2, lines.Count(l => l.StartsWith("MEDIA stats ")));
        Assert.Empty(_sockets.Bound);
        Assert.Equal("idle", _rig.App.CallState);
    }

    [Fact]
    public void One_call_is_no_conference()
    {
        _rig.Deliver(_graham.Invite());
        _rig.Hook(true);
        Assert.False(_rig.App.StartConference(out string? error));
        Assert.Equal("needs two answered calls (one held beside the other)", error);
        Assert.False(_rig.App.InConference);
    }

    [Fact]
    public void Hold_swap_and_transfer_are_refused_in_a_conference()
    {
        Started();
        Assert.False(_rig.App.StartConference(out string? error));
        Assert.False(_rig.App.Hold(true, out error));
        Assert.Contains("in a conference", error);
        Assert.False(_rig.App.Swap(out error));
        Assert.False(_rig.App.Transfer("sip:ivy@nanophone.test", out error));
        Assert.True(_rig.App.InConference);
    }
}
