using NanoPhone.Sip.Text;

namespace NanoPhone.App.Config;

/// <summary>
/// The configuration file: UTF-8 text, one "key=value" per line, '#' starts a comment line, blank
/// lines are ignored. The value is everything after the first '=' (so it may hold '=' and spaces),
/// trimmed of spaces and tabs at both ends, with the <see cref="ConfigText"/> escapes. A line that
/// is malformed, names an unknown key or holds an invalid value is reported and skipped; the other
/// lines still count. Saved files end in a trailer "#end LENGTH CRC32" over the bytes before it,
/// so a save that stopped part-way is recognised; hand-written files need no trailer.
/// </summary>
public static class ConfigFile
{
    public const string TrailerPrefix = "#end ";

    private const string Header =
        "# NanoPhone settings: key=value, one per line; keys and values: 'help keys' on the console.\n" +
        "# Escapes in values: \\\\ backslash, \\n newline, \\r CR, \\t tab, \\s space at either end.\n";

    /// <summary>The file for these explicit values (indexed like <see cref="ConfigKeys.All"/>), trailer included.</summary>
    public static byte[] Write(string[] values)
    {
        string text = Header;
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            if (values[i] != null) text += ConfigKeys.All[i].Name + "=" + ConfigText.Escape(values[i]) + "\n";
        }
        int bodyLength = Ascii.Utf8Length(text);
        string trailer = TrailerPrefix + bodyLength + " " + ConfigText.Hex8(Crc32.Compute(Ascii.Utf8Bytes(text), 0, bodyLength)) + "\n";
        byte[] data = new byte[bodyLength + trailer.Length];
        int end = Ascii.WriteUtf8(text, data, 0);
        Ascii.WriteUtf8(trailer, data, end);
        return data;
    }

    /// <summary>Whether the data ends in a trailer that matches the bytes before it: a save that finished writing.</summary>
    public static bool IsComplete(byte[] data)
    {
        if (data == null || data.Length == 0 || data[data.Length - 1] != (byte)'\n') return false;
        int start = data.Length - 1;
        while (start > 0 && data[start - 1] != (byte)'\n') start--;
        int p = start + TrailerPrefix.Length;
        int end = data.Length - 1;
        if (p > end || !Ascii.Equals(data, start, TrailerPrefix.Length, TrailerPrefix)) return false;
        int digits = p;
        while (p < end && Ascii.IsDigit(data[p])) p++;
        long length;
        if (!Ascii.TryParseUInt(data, digits, p - digits, int.MaxValue, out length) || length != start) return false;
        if (p + 9 != end || data[p] != (byte)' ') return false;
        string crc = ConfigText.Hex8(Crc32.Compute(data, 0, start));
        return Ascii.Equals(data, p + 1, 8, crc);
    }

    /// <summary>
    /// Reads the settings of a file into a new array indexed like <see cref="ConfigKeys.All"/>,
    /// reporting every line it skips and dropping forward targets that are our own address.
    /// </summary>
    public static string[] Read(byte[] data, ConfigLoadReport report)
    {
        string[] values = NanoPhone.Sip.Text.Strings.NewArray(ConfigKeys.All.Length);
        int[] lineOf = new int[values.Length];
        int pos = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
        int lineNo = 0;
        while (pos < data.Length)
        {
            int end = pos;
            while (end < data.Length && data[end] != (byte)'\n') end++;
            int len = end - pos;
            if (len > 0 && data[end - 1] == (byte)'\r') len--;
            lineNo++;
            ReadLine(Ascii.ToString(data, pos, len), lineNo, values, lineOf, report);
            pos = end + 1;
        }
        int loop;
        while ((loop = OwnAddress.FindLoopingTarget(values)) >= 0)
        {
            report.Warn("line " + lineOf[loop] + ": " + ConfigKeys.All[loop].Name
                + ": our own address (calls would loop); dropped");
            values[loop] = null;
        }
        int count = 0;
        for (int i = 0; i < values.Length; i++) if (values[i] != null) count++;
        report.SettingCount = count;
        return values;
    }

    private static void ReadLine(string line, int lineNo, string[] values, int[] lineOf, ConfigLoadReport report)
    {
        string text = ConfigText.Trim(line);
        if (text.Length == 0 || text[0] == '#') return;
        string where = "line " + lineNo + ": ";
        int eq = text.IndexOf('=');
        if (eq < 0)
        {
            report.Warn(where + "not key=value; ignored");
            return;
        }
        string key = ConfigText.Trim(text.Substring(0, eq));
        int index = ConfigKeys.IndexOf(key);
        if (index < 0)
        {
            report.Warn(where + "unknown key" + KeySuggester.DidYouMean(key) + "; dropped");
            return;
        }
        ConfigKey k = ConfigKeys.All[index];
        string value;
        if (!ConfigText.TryUnescape(ConfigText.Trim(text.Substring(eq + 1)), out value))
        {
            report.Warn(where + k.Name + ": bad escape; ignored");
            return;
        }
        string normalized;
        string error = ConfigValidator.Validate(k, value, out normalized);
        if (error != null)
        {
            report.Warn(where + k.Name + ": " + error + "; ignored");
            return;
        }
        if (values[index] != null) report.Warn(where + k.Name + " given again (line " + lineOf[index] + "); this one counts");
        values[index] = normalized;
        lineOf[index] = lineNo;
    }
}
