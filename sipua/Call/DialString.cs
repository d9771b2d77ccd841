namespace NanoPhone.Sip.Call;

/// <summary>What the user dialled, as the Request-URI of the INVITE.</summary>
public static class DialString
{
    /// <summary>"1234" → sip:1234@domain; "sip:x@y" as is; anything else is refused (null).</summary>
    public static string ToUri(string dialled, string domain)
    {
        if (dialled == null) return null;
        string t = dialled.Trim();
        if (t.Length == 0) return null;
        bool digits = true;
        for (int i = 0; i < t.Length; i++)
        {
            char c = t[i];
            if (!((c >= '0' && c <= '9') || c == '*' || c == '#' || (c == '+' && i == 0))) { digits = false; break; }
        }
        if (digits)
        {
            // '#' ends dialling on the keypad; a trailing one is not part of the number.
            if (t[t.Length - 1] == '#') t = t.Substring(0, t.Length - 1);
            if (t.Length == 0 || t.IndexOf('#') >= 0) return null;
            return "sip:" + t + "@" + domain;
        }
        return HasSipScheme(t) ? t : null;
    }

    private static bool HasSipScheme(string t)
    {
        int colon = t.IndexOf(':');
        if (colon < 3 || colon > 4) return false;
        string scheme = t.Substring(0, colon).ToLower();
        return scheme == "sip" || scheme == "sips";
    }
}
