using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Demo.Ladder;
using NanoPhone.Demo.Actors;

namespace NanoPhone.Demo.Scenes;

public enum SceneOutcome
{
    /// <summary>Everything happened as the story says.</summary>
    Passed,
    /// <summary>Something the story says did not happen (see Problems).</summary>
    Failed,
}

/// <summary>What one scene showed: its ladder, what the desk phone said, and each expectation met or missed.</summary>
public sealed class SceneResult
{
    public SceneResult(string key, string title)
    {
        Key = key;
        Title = title;
    }

    /// <summary>Short id: register, parallel, voicemail, sequential, outbound.</summary>
    public string Key { get; }
    public string Title { get; }

    /// <summary>The scene's SIP messages, in time order, as ladder arrows.</summary>
    public List<LadderMessage> Ladder { get; } = new();
    public string LadderText { get; set; } = "";

    /// <summary>The desk phone's event lines during the scene.</summary>
    public List<PhoneLine> PhoneLines { get; } = new();

    /// <summary>"Ringer: on (us) at 0.12 s, off at 2.40 s — answered elsewhere".</summary>
    public string Ringer { get; set; } = "";

    /// <summary>When the scene's first message went out (the ladder's time 0).</summary>
    public DateTime StartUtc { get; set; }
    public TimeSpan Duration { get; set; }

    /// <summary>Extra lines shown under the ladder (e.g. Kamailio's location table).</summary>
    public List<string> Notes { get; } = new();

    public List<string> Seen { get; } = new();
    public List<string> Problems { get; } = new();

    public SceneOutcome Outcome => Problems.Count == 0 ? SceneOutcome.Passed : SceneOutcome.Failed;

    /// <summary>Records an expectation of the story: met or not.</summary>
    public bool Expect(bool ok, string what)
    {
        if (ok) Seen.Add(what);
        else Problems.Add("not seen: " + what);
        return ok;
    }

    /// <summary>Records something that went wrong outside the expectations (a peer failed, a wait ran out).</summary>
    public void Fail(string what) => Problems.Add(what);

    /// <summary>
    /// Index of the first arrow from → to with <paramref name="key"/> ("INVITE", "487", "200 CANCEL";
    /// see <see cref="LadderMessage.Is"/>), at or after <paramref name="start"/>; -1 if none.
    /// </summary>
    public int IndexOfArrow(string from, string to, string key, int start = 0)
    {
        for (int i = Math.Max(0, start); i < Ladder.Count; i++)
        {
            var m = Ladder[i];
            if (m.From == from && m.To == to && m.Is(key)) return i;
        }
        return -1;
    }

    public bool HasArrow(string from, string to, string key) => IndexOfArrow(from, to, key) >= 0;

    /// <summary>Expects the arrow in the ladder after index <paramref name="after"/>: "CANCEL Kamailio → Desk phone".</summary>
    public int ExpectArrow(string from, string to, string key, string? why = null, int after = -1)
    {
        int i = IndexOfArrow(from, to, key, after + 1);
        Expect(i >= 0, $"{Describe(key)} {from} → {to}" + (why != null ? " (" + why + ")" : ""));
        return i;
    }

    /// <summary>Expects no such arrow.</summary>
    public void ExpectNoArrow(string from, string to, string key, string why) =>
        Expect(!HasArrow(from, to, key), $"no {Describe(key)} {from} → {to} ({why})");

    // "200 CANCEL" -> "200 (CANCEL)"
    private static string Describe(string key)
    {
        int blank = key.IndexOf(' ');
        return blank > 0 && char.IsDigit(key[0]) ? key.Substring(0, blank) + " (" + key.Substring(blank + 1) + ")" : key;
    }

    /// <summary>The phone lines whose text starts with <paramref name="keyword"/>.</summary>
    public IEnumerable<PhoneLine> PhoneSaid(string keyword) =>
        PhoneLines.Where(l => l.Text.StartsWith(keyword, StringComparison.Ordinal));

    /// <summary>One line: "as the story says" or what was missing.</summary>
    public string Verdict => Outcome switch
    {
        SceneOutcome.Passed => "Verdict: as the story says (" + Seen.Count + " expectations met).",
        _ => "Verdict: NOT as the story says — " + string.Join("; ", Problems),
    };
}
