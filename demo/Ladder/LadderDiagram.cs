using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NanoPhone.Demo.Ladder;

/// <summary>
/// One SIP message on the wire: when (seconds, any epoch), from which party to which, what (method
/// or status, e.g. "INVITE", "487 Terminated"), an optional note shown after the row, and a key to
/// find it by: the method of a request ("CANCEL"), status and CSeq method of a response ("200 INVITE").
/// </summary>
public sealed record LadderMessage(double Seconds, string From, string To, string Label, string Note = "", string Key = "")
{
    /// <summary>True if <paramref name="key"/> is this message's key or its first word(s): "487" matches "487 INVITE".</summary>
    public bool Is(string key) => (Key.Length > 0 ? Key : Label) is string k && (k == key || k.StartsWith(key + " ", StringComparison.Ordinal));

    public override string ToString() => $"{From} -> {To}: {Label}{(Note.Length > 0 ? " (" + Note + ")" : "")}";
}

/// <summary>
/// Draws a SIP ladder like sngrep's call flow: one column per party, one row per message, an arrow
/// from sender to receiver labelled with the method or status, the time since the first message on
/// the left and the note, if any, on the right.
/// <code>
///   time            Graham            Kamailio           Desk phone
///                  :40712              :35120              :51234
///   0.000    |-------INVITE------>|                    |
///   0.004    |                    |-------INVITE------>|
///   0.009    |                    |&lt;----180 Ringing----|
/// </code>
/// </summary>
public static class LadderDiagram
{
    public const int ColumnWidth = 20;
    private const int NoteWidth = 64;

    /// <param name="parties">Column titles, left to right.</param>
    /// <param name="messages">In time order; messages between unknown parties, or to oneself, are left out.</param>
    /// <param name="addresses">A second title line (e.g. ":5070"), one per party, or null.</param>
    public static string Render(IReadOnlyList<string> parties, IEnumerable<LadderMessage> messages,
        IReadOnlyList<string>? addresses = null)
    {
        var sb = new StringBuilder();
        sb.Append("  time  ");
        foreach (string p in parties) sb.Append(Center(p, ColumnWidth));
        TrimLine(sb);
        if (addresses != null)
        {
            sb.Append("        ");
            for (int i = 0; i < parties.Count; i++) sb.Append(Center(i < addresses.Count ? addresses[i] : "", ColumnWidth));
            TrimLine(sb);
        }
        double? t0 = null;
        foreach (var m in messages)
        {
            int from = IndexOf(parties, m.From);
            int to = IndexOf(parties, m.To);
            if (from < 0 || to < 0 || from == to) continue;
            t0 ??= m.Seconds;
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,7:0.000} ", m.Seconds - t0.Value));
            string row = Row(parties.Count, from, to, m.Label);
            sb.Append(row);
            if (m.Note.Length > 0)
            {
                int pad = parties.Count * ColumnWidth - row.Length;
                sb.Append(' ', Math.Max(1, pad)).Append(' ').Append(Shorten(m.Note, NoteWidth));
            }
            sb.Append('\n');
        }
        if (t0 == null) sb.Append("        (no SIP messages between these parties)\n");
        return sb.ToString();
    }

    /// <summary>The longest label that fits on an arrow between two neighbouring columns.</summary>
    public static int MaxLabel => ColumnWidth - 4;

    private static string Row(int columns, int from, int to, string label)
    {
        int width = columns * ColumnWidth;
        char[] line = new char[width];
        for (int i = 0; i < width; i++) line[i] = ' ';
        for (int c = 0; c < columns; c++) line[c * ColumnWidth + ColumnWidth / 2] = '|';
        int a = from * ColumnWidth + ColumnWidth / 2;
        int b = to * ColumnWidth + ColumnWidth / 2;
        int lo = Math.Min(a, b), hi = Math.Max(a, b);
        for (int i = lo + 1; i < hi; i++) line[i] = '-';
        if (b > a) line[hi - 1] = '>';
        else line[lo + 1] = '<';
        string text = label.Length > hi - lo - 4 ? label.Substring(0, Math.Max(0, hi - lo - 4)) : label;
        int start = lo + 1 + (hi - lo - 1 - text.Length) / 2;
        for (int i = 0; i < text.Length; i++) line[start + i] = text[i];
        return new string(line).TrimEnd();
    }

    private static void TrimLine(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[sb.Length - 1] == ' ') sb.Length--;
        sb.Append('\n');
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s.Substring(0, max - 1) + "…";

    private static int IndexOf(IReadOnlyList<string> parties, string name)
    {
        for (int i = 0; i < parties.Count; i++) if (parties[i] == name) return i;
        return -1;
    }

    private static string Center(string s, int width)
    {
        if (s.Length >= width) return s.Substring(0, width);
        int left = (width - s.Length) / 2;
        return new string(' ', left) + s + new string(' ', width - s.Length - left);
    }
}
