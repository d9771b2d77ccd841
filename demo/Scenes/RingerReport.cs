using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NanoPhone.Demo.Actors;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// What the desk phone's ringer did in a scene, from its event lines:
/// "Ringer: on (us) at 0.12 s, off at 2.40 s — answered elsewhere".
/// </summary>
public static class RingerReport
{
    /// <summary>The event lines worth showing under a ladder (calls, ringer, registration).</summary>
    public static readonly string[] Shown =
    {
        "REGISTERED", "REGISTRATION", "RINGING", "RINGER", "ANSWERED", "MISSED", "FORWARDED", "REJECTED",
        "ENDED", "DIALING", "RINGBACK", "FAILED", "HELD", "RESUMED",
    };

    public static bool IsShown(string line) => Shown.Any(k => line.StartsWith(k + " ", StringComparison.Ordinal) || line == k);

    /// <param name="lines">The desk phone's lines during the scene.</param>
    /// <param name="t0">The ladder's time 0.</param>
    public static string Describe(IReadOnlyList<PhoneLine> lines, DateTime t0)
    {
        var periods = new List<string>();
        PhoneLine? on = null;
        string pattern = "";
        foreach (var line in lines)
        {
            if (line.Text.StartsWith("RINGER ON", StringComparison.Ordinal))
            {
                if (on != null) continue;
                on = line;
                pattern = line.Text.Substring("RINGER ON".Length).Trim();
            }
            else if (line.Text == "RINGER OFF" && on != null)
            {
                string outcome = OutcomeAfter(lines, on.Index);
                periods.Add($"on ({pattern}) at {At(on, t0)}, off at {At(line, t0)}{(outcome.Length > 0 ? " — " + outcome : "")}");
                on = null;
            }
        }
        if (on != null) periods.Add($"on ({pattern}) at {At(on, t0)}, still ringing");
        return "Ringer: " + (periods.Count == 0 ? "silent" : string.Join("; ", periods));
    }

    /// <summary>Seconds since t0, e.g. "2.40 s".</summary>
    /// <remarks>The phone's line may be read a hair before tshark's timestamp of the datagram it sent: shown as 0.00.</remarks>
    public static string At(PhoneLine line, DateTime t0)
    {
        double s = (line.AtUtc - t0).TotalSeconds;
        if (s < 0 && s > -0.05) s = 0;
        return s.ToString("0.00", CultureInfo.InvariantCulture) + " s";
    }

    /// <summary>How the ringing call ended: the first call outcome the phone reported after the ringer started.</summary>
    private static string OutcomeAfter(IReadOnlyList<PhoneLine> lines, int index)
    {
        foreach (var l in lines.Where(l => l.Index > index))
        {
            string t = l.Text;
            if (t.StartsWith("ANSWERED ELSEWHERE ", StringComparison.Ordinal)) return "answered elsewhere";
            if (t.StartsWith("FORWARDED ", StringComparison.Ordinal)) return "forwarded to " + Rest(t, 2) + " (no answer)";
            if (t.StartsWith("MISSED ", StringComparison.Ordinal)) return "missed (cancelled before it was answered here)";
            if (t.StartsWith("REJECTED ", StringComparison.Ordinal)) return "rejected: " + Rest(t, 2);
            if (t.StartsWith("ANSWERED ", StringComparison.Ordinal)) return "answered here";
        }
        return "";
    }

    // The text after the first n fields: "FORWARDED 2 sip:voicemail@..." -> "sip:voicemail@...".
    private static string Rest(string line, int fields)
    {
        string[] parts = line.Split(' ', fields + 1);
        return parts.Length > fields ? parts[fields] : "";
    }
}
