using System.Collections.Generic;
using System.Linq;
using System.Text;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// The phone's audio path through the app, on the manual clock: RTP ports per call (the SDP names
/// the bound port), the media session started by the offer/answer (MEDIA started), RTP every 20 ms
/// to the far end's c=/m= address from the call's port, the far end's audio played (its tone found
/// in the speaker frames), hold and resume by re-INVITE (MEDIA held/resumed, no RTP while held), a
/// peer that moves (MEDIA moved), hang-up (RTCP BYE, MEDIA stats, port released).
/// </summary>
public class PhoneAudioTests
{
    private readonly ITestOutputHelper _out;
    private readonly FakeMediaSockets _sockets;
    private readonly FakeFrames _frames = new();
    private readonly PhoneRig _rig;
    private readonly CallerScript _caller = new();
    private readonly RtpSource _far = new();
    private static readonly Endpoint FarRtp = new("192.0.2.7", 49170);

    public PhoneAudioTests(ITestOutputHelper output)
    {
        _out = output;
        FakeMediaSockets? sockets = null;
        _rig = new PhoneRig(mediaPorts: sockets = new FakeMediaSockets(() => _rig!.Clock.NowMs));
        _sockets = sockets;
        _rig.App.AudioFrames = _frames;
        _rig.StartRegistered();
    }

    private string ToTag => CallerScript.ToTagOf(_rig.Responses(180)[0]);

    /// <summary>Graham calls, the handset answers, his ACK comes: the call is confirmed.</summary>
    private void Answered()
    {
        _rig.Deliver(_caller.Invite());
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 1, "z9hG4bKack1"));
        _rig.Run(20);
    }

    /// <summary>ms of the far end sending RTP every 20 ms (from its SDP address) while the phone runs.</summary>
    private void Talk(int ms, Endpoint? from = null)
    {
        for (int t = 0; t < ms; t += 20)
        {
            byte[] p = _far.Next();
            _rig.App.ReceiveRtp(p, 0, p.Length, from ?? FarRtp, _sockets.Selected, _rig.Clock.NowMs);
            _rig.Run(20);
        }
    }

    [Fact]
    public void The_answer_names_the_bound_port_and_the_session_starts_on_the_offer()
    {
        int mark = _rig.Events.Count;
        Answered();
        string ok = _rig.Responses(200).Last().Text;
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\r\n", ok);
        Assert.Equal(new[] { 4000 }, _sockets.Bound);
        Assert.Contains("MEDIA started PCMU 192.0.2.7:49170", _rig.EventsSince(mark));
        Assert.Contains("AUDIO handset", _rig.EventsSince(mark));
    }

    [Fact]
    public void RTP_goes_every_20_ms_from_the_calls_port_to_the_SDP_address_with_timestamps_160_apart()
    {
        Answered();
        int before = _sockets.Rtp.Count;
        Talk(1000);
        var sent = _sockets.Rtp.Skip(before).ToList();
        Assert.InRange(sent.Count, 49, 51);
        Assert.All(sent, s => Assert.Equal("192.0.2.7:49170", s.To));
        Assert.All(sent, s => Assert.Equal(4000, s.FromPort));
        Assert.All(sent, s => Assert.Equal(0, s.PayloadType));
        for (int i = 1; i < sent.Count; i++)
        {
            Assert.Equal((sent[i - 1].Seq + 1) & 0xFFFF, sent[i].Seq);
            Assert.Equal(160u, sent[i].Timestamp - sent[i - 1].Timestamp);
            Assert.Equal(20, sent[i].AtMs - sent[i - 1].AtMs);
        }
    }

    [Fact]
    public void The_far_ends_tone_is_what_the_handset_plays()
    {
        Answered();
        _frames.Played.Clear();
        Talk(2000);
        // Every 100 ms block after the first 200 ms (the jitter buffer's delay) is the 700 Hz tone.
        var played = _frames.Played;
        var report = new List<string>();
        int bad = 0;
        for (int start = 1600; start + 800 <= played.Count; start += 800)
        {
            double hz = Sine.Frequency(played, start, 800);
            double snr = Sine.SnrDb(played, start, 800, 700);
            report.Add($"{start / 8} ms: {hz} Hz, {snr:0.0} dB");
            if (hz < 686 || hz > 714 || snr < 30) bad++;
        }
        _out.WriteLine(string.Join("\n", report));
        Assert.Equal(0, bad);
    }

    [Fact]
    public void Hang_up_sends_RTCP_BYE_prints_the_stats_and_releases_the_port()
    {
        Answered();
        Talk(400);
        int mark = _rig.Events.Count;
        _rig.Hook(false);
        var lines = _rig.EventsSince(mark);
        Assert.Contains(lines, l => l.StartsWith("MEDIA stats sent=") && l.Contains(" lost=0 ") && l.Contains(" concealed="));
        MediaSent last = _sockets.Rtcp.Last();
        Assert.Contains(last.Bytes.Select((b, i) => (b, i)), x => x.b == 203 && x.i % 4 == 1);   // a BYE packet (PT 203) in the compound
        Assert.Equal(new[] { 4000 }, _sockets.Released);
        Assert.Empty(_sockets.Bound);
    }

    [Fact]
    public void Hold_by_the_peer_stops_our_RTP_and_resume_restarts_it_with_a_marker()
    {
        Answered();
        Talk(200);
        int mark = _rig.Events.Count;
        string sendonly = _caller.Sdp.Replace("m=audio 49170 RTP/AVP 0 8 101\n", "m=audio 49170 RTP/AVP 0 8 101\na=sendonly\n");
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 2, "z9hG4bKre2", sendonly));
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 2, "z9hG4bKack2"));
        _rig.Run(20);
        Assert.Contains("MEDIA held", _rig.EventsSince(mark));
        int before = _sockets.Rtp.Count;
        Talk(500);
        Assert.Equal(before, _sockets.Rtp.Count);
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 3, "z9hG4bKre3", _caller.Sdp));
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 3, "z9hG4bKack3"));
        Talk(200);
        Assert.Contains("MEDIA resumed", _rig.EventsSince(mark));
        var after = _sockets.Rtp.Skip(before).ToList();
        Assert.True(after.Count >= 9, "RTP did not restart after resume");
        Assert.True(after[0].Marker, "the first packet after resume has no marker bit");
    }

    [Fact]
    public void A_re_INVITE_to_another_port_moves_the_stream()
    {
        Answered();
        Talk(200);
        int mark = _rig.Events.Count;
        string moved = _caller.Sdp.Replace("m=audio 49170", "m=audio 49180").Replace("192.0.2.7", "192.0.2.8");
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 2, "z9hG4bKre2", moved));
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 2, "z9hG4bKack2"));
        int before = _sockets.Rtp.Count;
        Talk(200, new Endpoint("192.0.2.8", 49180));
        Assert.Contains("MEDIA moved 192.0.2.8:49180", _rig.EventsSince(mark));
        Assert.All(_sockets.Rtp.Skip(before + 1), s => Assert.Equal("192.0.2.8:49180", s.To));
    }

    [Fact]
    public void A_re_INVITE_with_m_audio_0_is_accepted_and_stops_the_stream()
    {
        Answered();
        Talk(200);
        int mark = _rig.Events.Count;
        string removed = _caller.Sdp.Replace("m=audio 49170", "m=audio 0");
        _rig.Deliver(_caller.InDialog("INVITE", ToTag, 2, "z9hG4bKre2", removed));
        string ok = _rig.Responses(200).Last().Text;
        Assert.Contains("CSeq: 2 INVITE", ok);
        Assert.Contains("m=audio 0 RTP/AVP", ok);
        _rig.Deliver(_caller.InDialog("ACK", ToTag, 2, "z9hG4bKack2"));
        _rig.Run(20);
        Assert.Contains(_rig.EventsSince(mark), l => l.StartsWith("MEDIA stats sent="));
        int before = _sockets.Rtp.Count;
        _rig.Run(200);
        Assert.Equal(before, _sockets.Rtp.Count);
        Assert.Equal(1, _rig.App.ActiveCall);
    }

    [Fact]
    public void RTP_from_a_stranger_is_counted_and_never_played()
    {
        Answered();
        var stranger = new RtpSource { Hz = 2500, Ssrc = 0x55555555 };
        _frames.Played.Clear();
        for (int t = 0; t < 1000; t += 20)
        {
            byte[] p = _far.Next();
            _rig.App.ReceiveRtp(p, 0, p.Length, FarRtp, 4000, _rig.Clock.NowMs);
            byte[] q = stranger.Next();
            _rig.App.ReceiveRtp(q, 0, q.Length, new Endpoint("192.0.2.66", 40000), 4000, _rig.Clock.NowMs);
            _rig.Run(20);
        }
        var played = _frames.Played;
        double tone = Sine.Power(played, 1600, played.Count - 1600, 700);
        double strangers = Sine.Power(played, 1600, played.Count - 1600, 2500);
        Assert.True(strangers < tone / 10000, $"the stranger's 2500 Hz is heard: {strangers:E2} against {tone:E2}");
        int mark = _rig.Events.Count;
        _rig.Hook(false);
        Assert.Contains(_rig.EventsSince(mark), l => l.StartsWith("MEDIA stats ") && l.EndsWith(" strangers=50"));
    }

    [Fact]
    public void Mute_sends_silence_and_the_speaker_and_volume_keys_route_and_step()
    {
        Answered();
        int mark = _rig.Events.Count;
        _rig.Press(PhoneKey.Mute);
        int before = _sockets.Rtp.Count;
        Talk(200);
        Assert.All(_sockets.Rtp.Skip(before + 1), s => Assert.All(s.Bytes.Skip(12), b => Assert.True(b == 0xFF || b == 0x7F, "muted RTP carries sound")));
        _rig.Press(PhoneKey.Mute);
        _rig.Press(PhoneKey.Speaker);
        Assert.Equal(AudioRoute.Speaker, _frames.Route);
        _rig.Press(PhoneKey.VolumeUp);
        _rig.Press(PhoneKey.VolumeUp);
        _rig.Press(PhoneKey.VolumeUp);
        _rig.Press(PhoneKey.VolumeDown);
        _rig.Press(PhoneKey.Speaker);
        Assert.Equal(AudioRoute.Handset, _frames.Route);
        Assert.Equal(new[] { "MUTE on", "MUTE off", "AUDIO speaker", "VOLUME 4", "VOLUME 5", "VOLUME 4", "AUDIO handset" },
            _rig.EventsSince(mark).Where(l => !l.StartsWith("KEY ")).ToArray());
    }

    [Fact]
    public void A_call_gets_its_own_port_and_the_next_call_the_next_one()
    {
        Answered();
        _rig.Hook(false);
        _caller.CallId = "call-2@graham.example";
        _caller.FromTag = "t2";
        _caller.Branch = "z9hG4bKinv2";
        _rig.Deliver(_caller.Invite());
        _rig.Hook(true);
        Assert.Contains("m=audio 4002 RTP/AVP", _rig.Responses(200).Last().Text);
        Assert.Equal(new[] { 4002 }, _sockets.Bound);
    }

    [Fact]
    public void Without_RTP_sockets_there_is_no_audio_path_and_no_audio_lines()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        int mark = rig.Events.Count;
        rig.Deliver(_caller.Invite());
        rig.Hook(true);
        Assert.False(rig.App.HasAudio);
        Assert.DoesNotContain(rig.EventsSince(mark), l => l.StartsWith("MEDIA ") || l.StartsWith("AUDIO ") || l.StartsWith("TONE "));
    }
}
