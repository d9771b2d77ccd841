using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NanoPhone.Demo.Actors;
using NanoPhone.Demo.Ladder;
using NanoPhone.Demo.Scenes;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo;

/// <summary>What a run showed: each scene, every process started, and what was left running (nothing, normally).</summary>
public sealed class DemoReport
{
    public List<SceneResult> Scenes { get; } = new();

    /// <summary>Why the demo could not start or stopped early, if it did.</summary>
    public string? Error { get; set; }

    public IReadOnlyList<StartedProcess> Processes { get; set; } = Array.Empty<StartedProcess>();

    /// <summary>Processes still alive after the clean-up (they were then SIGKILLed by PID).</summary>
    public IReadOnlyList<StartedProcess> LeftRunning { get; set; } = Array.Empty<StartedProcess>();

    public IReadOnlyList<string> CleanupProblems { get; set; } = Array.Empty<string>();

    public TimeSpan Duration { get; set; }

    /// <summary>0: every scene as the story says and nothing left running; 1 otherwise.</summary>
    public int ExitCode =>
        Error == null && LeftRunning.Count == 0 && Scenes.Count == DemoRunner.Scenes().Count
        && Scenes.All(s => s.Outcome != SceneOutcome.Failed) ? 0 : 1;

    public SceneResult Scene(string key) => Scenes.Single(s => s.Key == key);
}

/// <summary>
/// Plays the story: starts the capture and Kamailio, then each scene in turn (heading, what happens,
/// the ladder from the capture, what the desk phone and its ringer did, a verdict), and always stops
/// every process it started.
/// </summary>
public sealed class DemoRunner
{
    private readonly DemoOptions _options;
    private readonly TextWriter _out;

    public DemoRunner(DemoOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
    }

    /// <summary>The scenes, in the order they are played.</summary>
    public static IReadOnlyList<Scene> Scenes() => new Scene[]
    {
        new RegistrationScene(),
        new ParallelForkScene(),
        new NoAnswerScene(),
        new SequentialForkScene(),
        new OutboundRedirectScene(),
        new VoiceScene(),
    };

    /// <summary>Runs the demo; <paramref name="cancel"/> (Ctrl-C) stops it early, still cleaning up.</summary>
    public DemoReport Run(CancellationToken cancel)
    {
        var report = new DemoReport();
        var clock = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        budget.CancelAfter(_options.Budget);
        var stage = new Stage(_options, _out, budget.Token);
        try
        {
            Say("NanoPhone demo — the seed's story, live on 127.0.0.1: Kamailio, SIPp, baresip, tshark and");
            Say("the desk phone (this firmware in the simulator).");
            stage.Open();
            var kamailioOptions = new KamailioOptions { FrInvTimerMs = NoAnswerScene.BranchMs, VoicemailDestination = stage.VoicemailHop };
            kamailioOptions.ExtraDefines.Add("REDIRECT_VOICEMAIL");
            kamailioOptions.ExtraDefines.Add("REDIRECT_DIVERSION");
            var k = stage.StartKamailio("parallel", kamailioOptions);
            Say($"Kamailio (pid {k.Pid}) on 127.0.0.1:{k.SipPort}, parallel forking; tshark (pid {stage.Capture!.Pid}) capturing on lo.");
            Say($"Ports: Graham :{stage.GrahamPort}, Kamailio :{stage.KamailioPort}, desk phone :{stage.PhonePort}, " +
                $"second device :{stage.SecondDevicePort}, voicemail :{stage.VoicemailPort}.");

            var scenes = Scenes();
            for (int i = 0; i < scenes.Count; i++)
            {
                budget.Token.ThrowIfCancellationRequested();
                report.Scenes.Add(Play(stage, scenes[i], i, scenes.Count));
            }
        }
        catch (OperationCanceledException)
        {
            report.Error = cancel.IsCancellationRequested ? "interrupted" : $"out of time ({_options.Budget.TotalSeconds:0} s)";
        }
        catch (Exception e)
        {
            report.Error = e.Message;
        }
        finally
        {
            if (report.Error != null) Say("\nThe demo stopped: " + report.Error);
            Say("\nCleaning up...");
            stage.KeepLogs = report.Error != null || report.Scenes.Any(s => s.Outcome == SceneOutcome.Failed);
            stage.Dispose();
            if ((stage.KeepLogs || _options.KeepFiles) && stage.WorkDir.Length > 0)
                Say($"Logs (desk phone, capture, SIPp traces) kept in {stage.WorkDir}");
            report.Processes = stage.Ledger.All;
            var survivors = stage.Ledger.Survivors(TimeSpan.FromSeconds(3));
            if (survivors.Count > 0)
            {
                ProcessLedger.KillSurvivors(survivors);
                report.LeftRunning = survivors;
            }
            report.CleanupProblems = stage.CleanupProblems;
            report.Duration = clock.Elapsed;
            Summary(report);
        }
        return report;
    }

    private SceneResult Play(Stage stage, Scene scene, int index, int count)
    {
        var r = new SceneResult(scene.Key, scene.Title);
        Say("");
        Say(new string('=', 100));
        Say($"Scene {index + 1}/{count}: {scene.Title}");
        Say(new string('=', 100));
        foreach (string line in scene.Story) Say("  " + line);
        Say("");
        var clock = Stopwatch.StartNew();
        DateTime from = DateTime.UtcNow;
        int phoneMark = stage.Phone?.Mark ?? 0;
        int frameMark = stage.Capture?.Frames.Count ?? 0;
        try
        {
            scene.Prepare(stage);
            // Frames are taken by position, not by time: everything before this probe is the
            // previous scene's, whatever the wall clock did meanwhile (a fresh machine may step it).
            stage.Capture!.Sync(stage.Wait, stage.Cancel);
            frameMark = stage.Capture.Frames.Count;
            from = DateTime.UtcNow;
            phoneMark = stage.Phone?.Mark ?? 0;
            scene.Play(stage, r);
        }
        catch (OperationCanceledException)
        {
            r.Fail("stopped: " + (stage.Cancel.IsCancellationRequested ? "interrupted or out of time" : "cancelled"));
            throw;
        }
        catch (Exception e)
        {
            r.Fail("the scene stopped: " + e.Message);
        }
        finally
        {
            try { scene.Tidy(stage); }
            catch (Exception e) { r.Fail("tidying up: " + e.Message); }
            Show(stage, scene, r, from, frameMark, phoneMark);
            r.Duration = clock.Elapsed;
        }
        return r;
    }

    /// <summary>Builds the ladder from the capture, checks it, and prints ladder, desk phone, ringer and verdict.</summary>
    private void Show(Stage stage, Scene scene, SceneResult r, DateTime from, int frameMark, int phoneMark)
    {
        if (stage.Capture != null)
        {
            if (!stage.Capture.Sync(stage.Wait, CancellationToken.None)) r.Fail("the capture did not catch up in time");
            var frames = stage.Capture.Frames;
            for (int i = frameMark; i < frames.Count; i++)
            {
                var f = frames[i];
                if (!scene.Shows(f)) continue;
                var m = stage.Cast.ToMessage(f);
                if (m != null) r.Ladder.Add(m);
            }
        }
        if (stage.Phone != null) r.PhoneLines.AddRange(stage.Phone.LinesFrom(phoneMark));
        r.StartUtc = r.Ladder.Count > 0 ? DateTime.UnixEpoch.AddTicks((long)(r.Ladder[0].Seconds * TimeSpan.TicksPerSecond)) : from;
        r.Ringer = RingerReport.Describe(r.PhoneLines, r.StartUtc);
        try { scene.CheckLadder(r); }
        catch (Exception e) { r.Fail("checking the ladder: " + e.Message); }
        r.LadderText = LadderDiagram.Render(Cast.Parties, r.Ladder, stage.Cast.Addresses);
        Say(r.LadderText.TrimEnd('\n'));
        foreach (string note in r.Notes) Say("  " + note);
        var shown = r.PhoneLines.Where(l => RingerReport.IsShown(l.Text)).ToList();
        if (shown.Count > 0)
        {
            Say("  Desk phone said:");
            foreach (var l in shown) Say($"    {RingerReport.At(l, r.StartUtc),8}  {l.Text}");
        }
        Say("  " + r.Ringer);
        Say("  " + r.Verdict);
    }

    private void Summary(DemoReport report)
    {
        Say("");
        Say(new string('=', 100));
        Say("Summary");
        foreach (var s in report.Scenes)
        {
            string outcome = s.Outcome switch
            {
                SceneOutcome.Passed => "as the story says",
                _ => "NOT as the story says",
            };
            Say($"  {s.Title,-78} {outcome}");
            if (s.Outcome == SceneOutcome.Failed)
                foreach (string problem in s.Problems) Say("      " + problem);
        }
        int missing = DemoRunner.Scenes().Count - report.Scenes.Count;
        if (missing > 0) Say($"  ({missing} scene(s) not played)");
        Say($"  Processes started: {report.Processes.Count} (" +
            string.Join(", ", report.Processes.GroupBy(p => p.Name.Replace(" (child)", "")).Select(g => $"{g.Key} ×{g.Count()}")) + ")");
        Say(report.LeftRunning.Count == 0
            ? "  Left running: none."
            : "  Left running after the clean-up (now killed by PID): " + string.Join(", ", report.LeftRunning));
        foreach (string p in report.CleanupProblems) Say("  Clean-up: " + p);
        Say($"  Took {report.Duration.TotalSeconds:0.0} s. Exit status {report.ExitCode}.");
    }

    private void Say(string line)
    {
        _out.WriteLine(line);
        _out.Flush();
    }
}
