using NanoPhone.App.Config;

namespace NanoPhone.App.Console;

/// <summary>Turns a raw input line into command text: length limit, backspaces applied, line ending and outer blanks removed.</summary>
internal static class ConsoleLine
{
    /// <summary>The cleaned line, or null with <paramref name="error"/> set when it cannot be a command.</summary>
    public static string Clean(string line, out string error)
    {
        error = null;
        if (line == null) return "";
        if (line.Length > SerialConsole.MaxLineLength)
        {
            error = "line too long (at most " + SerialConsole.MaxLineLength + " characters)";
            return null;
        }
        char[] chars = new char[line.Length];
        int n = 0;
        bool control = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\b' || c == (char)0x7F) { if (n > 0) n--; continue; }
            if ((c == '\r' || c == '\n') && IsLineEnd(line, i)) break;
            if (c != '\t' && ConfigText.IsControl(c)) control = true;
            chars[n++] = c;
        }
        if (control)
        {
            error = "the line holds control characters (type values with escapes such as \\n)";
            return null;
        }
        return ConfigText.Trim(new string(chars, 0, n));
    }

    /// <summary>Whether only CR and LF follow position i.</summary>
    private static bool IsLineEnd(string line, int i)
    {
        for (int k = i; k < line.Length; k++)
        {
            if (line[k] != '\r' && line[k] != '\n') return false;
        }
        return true;
    }
}
