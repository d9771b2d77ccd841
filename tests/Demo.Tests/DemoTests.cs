using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Demo.Actors;
using NanoPhone.Demo.Ladder;
using NanoPhone.Demo.Scenes;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Demo.Tests;

/// <summary>
/// <c>./nanophone demo</c> end to end, run once (<see cref="DemoRun"/>) against the real peers:
///  1. exit status 0, every scene as the story says, the outbound one (the desk phone's own call) included;
///  2. each scene's ladder has the arrows the story needs: both devices challenged and registered;
///     parallel fork: CANCEL Kamailio → Desk phone with Reason cause=200, 200 and 487 back, the ringer
///     off "answered elsewhere"; no answer: 302 from the Desk phone, INVITE to Voicemail; sequential:
///     the Desk phone alone for 3 s, then the Second device answers; outbound: the 302 relayed to the
///     Desk phone and its new INVITE to the voicemail;
///  3. the printed text has a ladder, the desk phone's lines and a "Ringer:" line per scene;
///  4. no process the demo started is alive afterwards (checked by PID and start time).
/// A missing peer (kamailio, sipp, baresip, tshark) makes the demo fail, so these tests fail.
/// </summary>
public sealed class DemoTests : IClassFixture<DemoRun>
{
    private readonly DemoRun _run;
    private readonly ITestOutputHelper _out;

    public DemoTests(DemoRun run, ITestOutputHelper output)
    {
        _run = run;
        _out = output;
    }

    private DemoReport Report => _run.Report;

    [Fact]
    public void The_demo_exits_0_with_every_scene_as_the_story_says()
    {
        _out.WriteLine(_run.Output);
        Assert.Null(Report.Error);
        Assert.Equal(new[] { "register", "parallel", "voicemail", "sequential", "outbound", "voice" }, Report.Scenes.Select(s => s.Key));
        foreach (var s in Report.Scenes)
            Assert.True(s.Outcome == SceneOutcome.Passed, $"{s.Title}: {s.Verdict}\n{s.LadderText}");
        Assert.DoesNotContain("skipped", _run.Output);
        Assert.Equal(0, Report.ExitCode);
        Assert.True(Report.Duration < TimeSpan.FromMinutes(2), $"the demo took {Report.Duration.TotalSeconds:0} s");
    }

    [Fact]
    public void Registration_both_devices_are_challenged_then_registered()
    {
        var s = Scene("register");
        foreach (string device in new[] { Cast.DeskPhone, Cast.SecondDevice })
        {
            int first = Arrow(s, device, Cast.Kamailio, "REGISTER");
            int challenge = Arrow(s, Cast.Kamailio, device, "401 REGISTER", first);
            int again = Arrow(s, device, Cast.Kamailio, "REGISTER", challenge);
            Arrow(s, Cast.Kamailio, device, "200 REGISTER", again);
        }
        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("REGISTERED sip:linda@127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parallel_fork_Kamailio_CANCELs_the_desk_phone_which_answers_487_and_stops_ringing_answered_elsewhere()
    {
        var s = Scene("parallel");
        int toDesk = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "INVITE");
        int toSecond = Arrow(s, Cast.Kamailio, Cast.SecondDevice, "INVITE");
        Assert.True(Math.Abs(s.Ladder[toDesk].Seconds - s.Ladder[toSecond].Seconds) < 0.5, "both branches at once");
        int answer = Arrow(s, Cast.SecondDevice, Cast.Kamailio, "200 INVITE");
        int cancel = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "CANCEL", answer);
        Assert.Contains("cause=200", s.Ladder[cancel].Note);
        Arrow(s, Cast.DeskPhone, Cast.Kamailio, "200 CANCEL", cancel);
        int terminated = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "487 INVITE", cancel);
        Arrow(s, Cast.Kamailio, Cast.DeskPhone, "ACK", terminated);
        Assert.DoesNotContain(s.Ladder, m => m.From == Cast.DeskPhone && m.Is("200 INVITE"));
        Arrow(s, Cast.Kamailio, Cast.Graham, "200 INVITE", answer);

        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("ANSWERED ELSEWHERE ", StringComparison.Ordinal));
        Assert.Matches(@"^Ringer: on \(us\) at \d+\.\d\d s, off at \d+\.\d\d s — answered elsewhere$", s.Ringer);
        Assert.Matches(@"CANCEL.*Reason: SIP;cause=200", s.LadderText);
    }

    [Fact]
    public void No_answer_the_desk_phone_sends_302_and_Kamailio_takes_the_call_to_voicemail()
    {
        var s = Scene("voicemail");
        int ringing = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "180 INVITE");
        int redirect = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "302 INVITE", ringing);
        Assert.Contains(Stage.Voicemail, s.Ladder[redirect].Note);
        Assert.Contains("reason=no-answer", s.Ladder[redirect].Note);
        // The no-answer timer: 3 s after the desk phone's 180 (a loaded machine may add a little).
        double timer = s.Ladder[redirect].Seconds - s.Ladder[ringing].Seconds;
        Assert.InRange(timer, NoAnswerScene.NoAnswerSeconds - 0.05, NoAnswerScene.NoAnswerSeconds + 1.0);
        Arrow(s, Cast.Kamailio, Cast.DeskPhone, "ACK", redirect);
        Arrow(s, Cast.Kamailio, Cast.SecondDevice, "CANCEL");
        int toVoicemail = Arrow(s, Cast.Kamailio, Cast.Voicemail, "INVITE", redirect);
        Assert.Contains("reason=no-answer", s.Ladder[toVoicemail].Note);
        int answer = Arrow(s, Cast.Voicemail, Cast.Kamailio, "200 INVITE", toVoicemail);
        Arrow(s, Cast.Kamailio, Cast.Graham, "200 INVITE", answer);

        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("FORWARDED ", StringComparison.Ordinal) && l.Text.EndsWith(Stage.Voicemail, StringComparison.Ordinal));
        Assert.Matches(@"^Ringer: on \(us\) at .*, off at .* — forwarded to sip:voicemail@nanophone\.test", s.Ringer);
    }

    [Fact]
    public void Sequential_fork_the_desk_phone_rings_alone_first_then_the_second_device_answers()
    {
        var s = Scene("sequential");
        int first = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "INVITE");
        int cancel = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "CANCEL", first);
        Arrow(s, Cast.DeskPhone, Cast.Kamailio, "487 INVITE", cancel);
        int second = Arrow(s, Cast.Kamailio, Cast.SecondDevice, "INVITE", first);
        Assert.True(s.Ladder[second].Seconds - s.Ladder[first].Seconds >= SequentialForkScene.BranchMs / 1000.0 - 0.25,
            "the second device rang before the desk phone's q group had its time:\n" + s.LadderText);
        int answer = Arrow(s, Cast.SecondDevice, Cast.Kamailio, "200 INVITE", second);
        Arrow(s, Cast.Kamailio, Cast.Graham, "200 INVITE", answer);

        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("MISSED ", StringComparison.Ordinal));
        Assert.Matches(@"^Ringer: on \(us\) at .*, off at .* — missed", s.Ringer);
    }

    [Fact]
    public void Outbound_the_desk_phone_follows_the_302_to_the_voicemail()
    {
        var s = Scene("outbound");
        int invite = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "INVITE");
        Assert.StartsWith(Stage.GrahamAor, s.Ladder[invite].Note);
        int redirect = Arrow(s, Cast.Graham, Cast.Kamailio, "302 INVITE", invite);
        int relayed = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "302 INVITE", redirect);
        Arrow(s, Cast.DeskPhone, Cast.Kamailio, "ACK", relayed);
        int followed = s.Ladder.FindIndex(relayed + 1, m => m.From == Cast.DeskPhone && m.Is("INVITE") && m.Note.StartsWith(Stage.Voicemail, StringComparison.Ordinal));
        Assert.True(followed > relayed, "no INVITE sip:voicemail@... from the desk phone after the 302:\n" + s.LadderText);
        int toVoicemail = Arrow(s, Cast.Kamailio, Cast.Voicemail, "INVITE", followed);
        int answer = Arrow(s, Cast.Voicemail, Cast.Kamailio, "200 INVITE", toVoicemail);
        Arrow(s, Cast.Kamailio, Cast.DeskPhone, "200 INVITE", answer);
        int bye = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "BYE", answer);
        Arrow(s, Cast.Kamailio, Cast.Voicemail, "BYE", bye);

        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("DIALING ", StringComparison.Ordinal));
        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("ANSWERED ", StringComparison.Ordinal));
        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("ENDED ", StringComparison.Ordinal));
        Assert.Equal("Ringer: silent", s.Ringer);
    }

    [Fact]
    public void Voice_the_desk_phone_answers_and_each_side_hears_the_others_tone_with_the_stream_figures_under_the_ladder()
    {
        var s = Scene("voice");
        int invite = Arrow(s, Cast.Graham, Cast.Kamailio, "INVITE");
        int toPhone = Arrow(s, Cast.Kamailio, Cast.DeskPhone, "INVITE", invite);
        int ok = Arrow(s, Cast.DeskPhone, Cast.Kamailio, "200 INVITE", toPhone);
        Arrow(s, Cast.DeskPhone, Cast.Kamailio, "BYE", ok);
        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("MEDIA started PCMU 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(s.PhoneLines, l => l.Text.StartsWith("MEDIA stats sent=", StringComparison.Ordinal));
        Assert.Contains(s.Notes, n => n.StartsWith("Desk phone heard 700 Hz for ", StringComparison.Ordinal));
        Assert.Contains(s.Notes, n => n.StartsWith("Graham heard 1000 Hz for ", StringComparison.Ordinal));
        Assert.Contains(s.Notes, n => n.StartsWith("RTP desk phone → Graham (tshark): ", StringComparison.Ordinal) && n.Contains(", lost 0, sequence errors 0,"));
        Assert.Contains("RTP desk phone → Graham (tshark): ", _run.Output);
    }

    [Fact]
    public void Every_scene_prints_a_heading_a_ladder_the_desk_phone_and_a_verdict()
    {
        string text = _run.Output;
        foreach (var s in Report.Scenes)
        {
            Assert.Contains(s.Title, text);
            Assert.Contains(s.LadderText.TrimEnd('\n'), text);
            Assert.Contains("  " + s.Ringer + "\n", text);
            Assert.Contains("  " + s.Verdict + "\n", text);
            Assert.StartsWith("  time  ", s.LadderText);
            foreach (string party in Cast.Parties) Assert.Contains(party, s.LadderText.Split('\n')[0]);
        }
        Assert.Contains("SIP Call Forking - Parallel", text);
        Assert.Contains("SIP Call Forking - Sequential", text);
        Assert.Contains("Left running: none.", text);
    }

    [Fact]
    public void No_process_the_demo_started_is_left_running()
    {
        var started = Report.Processes;
        _out.WriteLine(string.Join("\n", started));
        foreach (string name in new[] { "tshark", "kamailio", "desk phone (simulator)", "baresip (second device)", "sipp (Graham calls)", "sipp (voicemail)" })
            Assert.Contains(started, p => p.Name == name);
        Assert.Empty(Report.LeftRunning);
        Assert.Empty(Report.CleanupProblems);
        var alive = started.Where(p => p.IsAlive).ToList();
        Assert.True(alive.Count == 0, "still running: " + string.Join(", ", alive));
        // Nor any other child of this test process (the demo ran in it).
        var children = PeerProcess.ChildrenOf(Environment.ProcessId).Where(PeerProcess.IsAlive).ToList();
        Assert.True(children.Count == 0, "children of the test process still running: " + string.Join(", ", children.Select(c => c + " " + Comm(c))));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private SceneResult Scene(string key)
    {
        var s = Report.Scenes.SingleOrDefault(x => x.Key == key);
        Assert.True(s != null, $"scene '{key}' was not played: {Report.Error}\n{_run.Output}");
        _out.WriteLine(s!.Title + "\n" + s.LadderText + "\n" + string.Join("\n", s.PhoneLines) + "\n" + s.Ringer + "\n" + s.Verdict);
        return s;
    }

    /// <summary>The index of the first arrow from → to with this key after <paramref name="after"/>; fails with the ladder if none.</summary>
    private static int Arrow(SceneResult s, string from, string to, string key, int after = -1)
    {
        int i = s.IndexOfArrow(from, to, key, after + 1);
        Assert.True(i >= 0, $"{s.Title}: no {key} {from} → {to} after row {after}:\n{s.LadderText}");
        return i;
    }

    private static string Comm(int pid)
    {
        try { return System.IO.File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (Exception) { return "?"; }
    }
}
