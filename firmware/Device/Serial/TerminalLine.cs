namespace NanoPhone.Device.Serial;

/// <summary>
/// A console line as the port reads it, up to a CR: a terminal that ends lines with CR LF leaves
/// that LF at the start of the next line, where the console would refuse it as a control character.
/// </summary>
public static class TerminalLine
{
    /// <summary>The line without the LFs left over from the previous line's CR LF.</summary>
    public static string Clean(string read)
    {
        if (read == null) return "";
        int start = 0;
        while (start < read.Length && read[start] == '\n') start++;
        return start == 0 ? read : read.Substring(start);
    }
}
