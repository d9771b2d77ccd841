namespace NanoPhone.App.Phone;

/// <summary>Small text helpers of the phone app (no string.Format or StringBuilder on nanoFramework).</summary>
public static class PhoneText
{
    /// <summary>"hh:mm:ss" for a monotonic millisecond count (hours may grow past 99).</summary>
    public static string Uptime(long ms)
    {
        if (ms < 0) ms = 0;
        long s = ms / 1000;
        long h = s / 3600;
        long m = (s / 60) % 60;
        s %= 60;
        return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    }

    /// <summary>Whole seconds from <paramref name="fromMs"/> to <paramref name="toMs"/>, never negative.</summary>
    public static int Seconds(long fromMs, long toMs)
    {
        long d = toMs - fromMs;
        return d <= 0 ? 0 : (int)(d / 1000);
    }

    /// <summary>The text with CR, LF and other control characters replaced by spaces: one event stays one line.</summary>
    public static string OneLine(string text)
    {
        if (text == null) return "";
        bool clean = true;
        for (int i = 0; i < text.Length && clean; i++) clean = text[i] >= ' ' && text[i] != (char)0x7F;
        if (clean) return text;
        char[] c = text.ToCharArray();
        for (int i = 0; i < c.Length; i++)
        {
            if (c[i] < ' ' || c[i] == (char)0x7F) c[i] = ' ';
        }
        return new string(c);
    }
}
