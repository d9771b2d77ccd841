using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Demo.Actors;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// One part of the story. <see cref="Prepare"/> sets the stage (restarts, settings; not in the
/// ladder), <see cref="Play"/> drives the peers and checks what the desk phone and the peers report,
/// <see cref="CheckLadder"/> checks the arrows captured meanwhile, <see cref="Tidy"/> always runs last.
/// </summary>
public abstract class Scene
{
    /// <summary>Short id, e.g. "parallel".</summary>
    public abstract string Key { get; }

    /// <summary>The heading; the seed's own title where it has one ("SIP Call Forking - Parallel").</summary>
    public abstract string Title { get; }

    /// <summary>What happens, quoting the seed.</summary>
    public abstract IReadOnlyList<string> Story { get; }

    public virtual void Prepare(Stage stage) { }

    public abstract void Play(Stage stage, SceneResult r);

    public abstract void CheckLadder(SceneResult r);

    public virtual void Tidy(Stage stage) => stage.StopSipps();

    /// <summary>Which captured frames belong in the ladder: calls only, by default (no REGISTER, no OPTIONS probes).</summary>
    public virtual bool Shows(SipFrame f) => f.CSeqMethod != "REGISTER" && f.CSeqMethod != "OPTIONS";

    // ---- helpers for the scenes -------------------------------------------------------------------

    protected static bool StartsWith(string line, string keyword) => line.StartsWith(keyword, StringComparison.Ordinal);

    /// <summary>Types "set KEY VALUE" on the desk phone's console and waits for it to echo "KEY=VALUE".</summary>
    public static void PhoneSet(Stage stage, string key, string value) => PhoneConsole(stage, $"set {key} {value}", key + "=" + value);

    /// <summary>Types a console line on the desk phone, shows it, and waits for the answer starting with <paramref name="answer"/>; returns the mark before it.</summary>
    public static int PhoneConsole(Stage stage, string command, string answer)
    {
        var phone = stage.RequirePhone();
        int mark = phone.Mark;
        stage.Say("  desk phone console> " + command);
        phone.Type(command);
        string key = answer.Split('=')[0];
        var echo = phone.WaitFor(mark, l => StartsWith(l, key) || StartsWith(l, "error:"), stage.Wait, answer, stage.Cancel);
        if (!StartsWith(echo.Text, answer)) throw new InvalidOperationException($"{command}: the desk phone said '{echo.Text}'");
        return mark;
    }

    /// <summary>Waits (bounded) for a desk-phone line starting with <paramref name="keyword"/> and records the expectation.</summary>
    protected static PhoneLine? ExpectPhone(Stage stage, SceneResult r, int from, string keyword, TimeSpan timeout, string? what = null)
    {
        var line = stage.RequirePhone().TryWaitFor(from, l => StartsWith(l, keyword), timeout, stage.Cancel);
        r.Expect(line != null, "desk phone: " + (line?.Text ?? what ?? keyword));
        return line;
    }

    /// <summary>Waits (bounded) for a baresip event and records the expectation.</summary>
    protected static BaresipEvent? ExpectSecondDevice(Stage stage, SceneResult r, string type, TimeSpan timeout, string what)
    {
        var device = stage.RequireSecondDevice();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            stage.Cancel.ThrowIfCancellationRequested();
            try
            {
                // In slices, so that Ctrl-C is not kept waiting.
                var e = device.WaitForEvent(type, TimeSpan.FromMilliseconds(250));
                r.Expect(true, "second device: " + what);
                return e;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TimeoutException)
            {
                r.Expect(false, "second device: " + what);
                return null;
            }
        }
    }

    /// <summary>Waits for a SIPp run to end and records whether it ran its scenario to the end.</summary>
    protected static void ExpectSipp(Stage stage, SceneResult r, SippRun run, string what)
    {
        var deadline = DateTime.UtcNow + stage.Wait + stage.Wait;
        while (!run.HasExited && DateTime.UtcNow < deadline && !stage.Cancel.IsCancellationRequested) stage.Pause(100);
        stage.Cancel.ThrowIfCancellationRequested();
        var result = run.Wait(TimeSpan.FromSeconds(1));
        if (!r.Expect(result.Succeeded, what))
        {
            string err = result.ErrorTrace.Trim();
            r.Fail($"SIPp ({what}) exit {result.ExitCode}{(result.TimedOut ? ", stopped: timeout" : "")}" +
                   (err.Length > 0 ? ": " + PeerProcess.Tail(err, 3).Replace('\n', ' ') : ""));
        }
    }
}
