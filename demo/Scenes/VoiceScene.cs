using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// Voice: Graham calls from his softphone (baresip, sending a 700 Hz tone and recording what it
/// hears); the desk phone rings, Linda lifts the handset, and both talk for 3 s — the desk phone's
/// microphone is a 1000 Hz tone (audio.in), what it plays goes to a file (audio.out). A second tshark
/// captures the desk phone's RTP; its stream figures, and each tone as the other side heard it,
/// print beside the ladder.
/// </summary>
public sealed class VoiceScene : Scene
{
    public const int TalkMs = 3000;
    public const int GrahamHz = 700;
    public const int DeskPhoneHz = 1000;

    public override string Key => "voice";

    public override string Title => "Voice - the desk phone answers and both sides hear each other";

    public override IReadOnlyList<string> Story => new[]
    {
        "A desk phone exists to carry voice. Graham calls Linda again, from his softphone (baresip), which",
        $"sends a {GrahamHz} Hz tone; the desk phone rings, Linda lifts the handset, and for {TalkMs / 1000} s each side sends",
        $"RTP (G.711) to the other: the desk phone's microphone hears a {DeskPhoneHz} Hz tone. Linda hangs up (BYE, RTCP BYE).",
        "Each tone is looked for in what the other side played; tshark reads the desk phone's RTP stream.",
    };

    private Tshark? _media;

    public override void Prepare(Stage stage)
    {
        stage.RestartKamailio("parallel", new KamailioOptions { InviteAuth = false },
            "parallel forking, INVITEs not challenged; the second device is not needed", secondDeviceQ: null);
        stage.StartGrahamPhone();
        _media = stage.StartMediaCapture();
    }

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.RequirePhone();
        var graham = stage.GrahamPhone ?? throw new InvalidOperationException("Graham's softphone is not running");
        int mark = phone.Mark;
        DateTime recordFrom = DateTime.UtcNow;
        graham.Dial(Stage.Linda);
        ExpectPhone(stage, r, mark, "RINGING ", stage.Wait);
        stage.Pause(1000);
        stage.Say("  desk phone> offhook");
        phone.Type("offhook");
        var started = ExpectPhone(stage, r, mark, "MEDIA started ", stage.Wait, "the desk phone's audio starts");
        var established = graham.WaitForEvent("CALL_ESTABLISHED", stage.Wait);
        r.Expect(established != null, "Graham's softphone: the call is established");
        stage.Pause(TalkMs);
        stage.Say("  desk phone> onhook");
        phone.Type("onhook");
        var stats = ExpectPhone(stage, r, mark, "MEDIA stats ", stage.Wait, "the desk phone's audio ends with its figures");
        graham.WaitForEvent("CALL_CLOSED", stage.Wait);
        _media!.Stop();
        if (started == null || stats == null) return;

        double talk = (stats.AtUtc - started.AtUtc).TotalSeconds;
        Heard(r, "Desk phone heard", ToneAnalysis.ReadWav(stage.PhoneHeardPath), GrahamHz, talk);
        string? recording = new DirectoryInfo(stage.GrahamRecordDir).GetFiles("dump-*-dec.wav")
            .Where(f => f.LastWriteTimeUtc >= recordFrom.AddSeconds(-1)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName;
        if (recording == null) r.Expect(false, "Graham's softphone recorded what it heard");
        else Heard(r, "Graham heard", ToneAnalysis.ReadWav(recording), DeskPhoneHz, talk);

        var rtp = new RtpCapture(_media.PcapPath, PhoneRtpPort(_media.PcapPath, stage.PhoneMediaPort));
        if (rtp.PhoneStreamRow == null)
        {
            r.Expect(false, "tshark finds the desk phone's RTP stream");
            return;
        }
        r.Notes.Add(string.Format(CultureInfo.InvariantCulture,
            "RTP desk phone → Graham (tshark): {0} packets, lost {1}, sequence errors {2}, timestamp steps not +160 {3}, max jitter {4} ms, RTCP {5} datagrams",
            rtp.Packets.Count, rtp.Lost, rtp.SequenceErrors(), rtp.TimestampErrors(), rtp.Figure(6), rtp.RtcpLines.Count));
        r.Notes.Add("RTP Graham → desk phone (the desk phone's figures): " + stats.Text.Substring("MEDIA stats ".Length));
        r.Expect(rtp.Lost == 0 && rtp.SequenceErrors() == 0 && rtp.TimestampErrors() == 0, "the desk phone's stream: no loss, no sequence errors, +160 timestamps");
        // The story's bound is what a listener notices: well under one 20 ms frame. The interop tests
        // hold the stream to under 2 ms on loopback; a demo started beside Kamailio,
        // baresip and tshark on a small machine reached 2.4 ms once.
        r.Expect(rtp.MaxAudioJitterMs(rtp.Packets.Count > 0 ? rtp.Packets[0].PayloadType : 0) < 10.0, "the desk phone's stream: jitter under 10 ms (half a frame)");
    }

    /// <summary>The desk phone's RTP port of this call: each call takes the next even port of its range, so the one in the capture that sent most.</summary>
    private static int PhoneRtpPort(string pcap, int min)
    {
        var (_, ports, _) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-T", "fields", "-e", "udp.srcport", "-Y", "udp.length > 100" }, TimeSpan.FromSeconds(60));
        return ports.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0)
            .Where(n => n >= min && n < min + 10 && (n & 1) == 0)
            .GroupBy(n => n).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault(min);
    }

    private static void Heard(SceneResult r, string who, ToneAnalysis heard, int hz, double talkSeconds)
    {
        var tone = heard.Blocks().Where(b => b.Rms > 300 && Math.Abs(b.Frequency - hz) <= hz * 0.02).ToList();
        double seconds = tone.Count * ToneAnalysis.BlockMs / 1000.0;
        double snr = tone.Count == 0 ? 0 : tone.Select(b => b.SnrDb).OrderBy(x => x).ElementAt(tone.Count / 2);
        r.Notes.Add(string.Format(CultureInfo.InvariantCulture, "{0} {1} Hz for {2:0.0} s of a {3:0.0} s call (median SNR {4:0.0} dB)", who, hz, seconds, talkSeconds, snr));
        r.Expect(seconds >= talkSeconds - 1.0, $"{who} the {hz} Hz tone for the call less a second of set-up");
    }

    public override void Tidy(Stage stage)
    {
        _media?.Dispose();
        _media = null;
        stage.StopGrahamPhone();
        base.Tidy(stage);
    }

    public override void CheckLadder(SceneResult r)
    {
        int invite = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "INVITE");
        int toPhone = r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "INVITE", null, invite);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "180", null, toPhone);
        int ok = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "200", "with its SDP: the RTP port it listens on", toPhone);
        r.ExpectArrow(Cast.Kamailio, Cast.Graham, "200", null, ok);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "BYE", "Linda hangs up", ok);
    }
}
