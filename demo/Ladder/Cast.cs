using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NanoPhone.Demo.Ladder;

/// <summary>
/// Who is who on the wire: every party's UDP port(s) on 127.0.0.1, so that a captured frame becomes
/// an arrow between two named columns.
/// </summary>
public sealed class Cast
{
    public const string Graham = "Graham";
    public const string Kamailio = "Kamailio";
    public const string DeskPhone = "Desk phone";
    public const string SecondDevice = "Second device";
    public const string Voicemail = "Voicemail";

    /// <summary>The ladder's columns, left to right.</summary>
    public static readonly IReadOnlyList<string> Parties = new[] { Graham, Kamailio, DeskPhone, SecondDevice, Voicemail };

    private readonly Dictionary<int, string> _byPort = new();

    public void Add(string party, int port) => _byPort[port] = party;

    public string? PartyOf(int port) => _byPort.TryGetValue(port, out string? p) ? p : null;

    public IReadOnlyCollection<int> Ports => _byPort.Keys;

    /// <summary>":PORT" under each column (several ports joined with ",").</summary>
    public IReadOnlyList<string> Addresses => Parties
        .Select(p => ":" + string.Join(",", _byPort.Where(kv => kv.Value == p).Select(kv => kv.Key.ToString(CultureInfo.InvariantCulture))))
        .ToList();

    /// <summary>The frame as an arrow, or null when a port belongs to nobody in the cast.</summary>
    public LadderMessage? ToMessage(SipFrame f)
    {
        string? from = PartyOf(f.SourcePort), to = PartyOf(f.DestinationPort);
        if (from == null || to == null) return null;
        return new LadderMessage(f.Epoch, from, to, f.Label, NoteOf(f, from, to), f.Key);
    }

    /// <summary>What a reader needs beyond the label: where a redirect points, why a CANCEL came, whom an INVITE is for.</summary>
    private static string NoteOf(SipFrame f, string from, string to)
    {
        if (f.Status >= 300 && f.Status < 400 && f.Contact.Length > 0)
            return "Contact: " + f.Contact + Diversion(f);
        if (f.Method == "CANCEL" && f.Reason.Length > 0)
            return "Reason: " + f.Reason;
        if (f.Method == "INVITE" && (from == Graham || from == DeskPhone || to == Voicemail))
            return f.RequestUri + Diversion(f);
        if (f.Method == "REGISTER" && f.Contact.Length > 0)
            return "Contact: " + f.Contact;
        return "";
    }

    private static string Diversion(SipFrame f)
    {
        if (f.Diversion.Length == 0) return "";
        int reason = f.Diversion.IndexOf("reason=", StringComparison.OrdinalIgnoreCase);
        return reason < 0 ? " (diverted)" : " (" + f.Diversion.Substring(reason).Split(';')[0] + ")";
    }
}
