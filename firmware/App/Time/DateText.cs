namespace NanoPhone.App.Time;

/// <summary>
/// UTC dates as text without DateTime formatting (nanoFramework's is small): days since 1970 to a
/// proleptic Gregorian year, month and day by the civil-from-days method (H. Hinnant's "chrono-
/// compatible low-level date algorithms"), then fixed-width fields.
/// </summary>
public static class DateText
{
    /// <summary>"2026-12-06 14:41:05 UTC".</summary>
    public static string Readable(long unixMs)
    {
        int y, mo, d, h, mi, s, ms;
        Split(unixMs, out y, out mo, out d, out h, out mi, out s, out ms);
        return y + "-" + Two(mo) + "-" + Two(d) + " " + Two(h) + ":" + Two(mi) + ":" + Two(s) + " UTC";
    }

    /// <summary>RFC 5424 / RFC 3339 timestamp with milliseconds: "2026-12-06T14:41:05.123Z".</summary>
    public static string Rfc3339(long unixMs)
    {
        int y, mo, d, h, mi, s, ms;
        Split(unixMs, out y, out mo, out d, out h, out mi, out s, out ms);
        return y + "-" + Two(mo) + "-" + Two(d) + "T" + Two(h) + ":" + Two(mi) + ":" + Two(s) + "." + Three(ms) + "Z";
    }

    private static readonly string[] Days = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
    private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

    /// <summary>HTTP's IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Dec 2026 14:41:05 GMT".</summary>
    public static string Http(long unixMs)
    {
        int y, mo, d, h, mi, s, ms;
        Split(unixMs, out y, out mo, out d, out h, out mi, out s, out ms);
        long days = FloorDiv(unixMs, 86400000L);
        int weekday = (int)(days % 7);
        if (weekday < 0) weekday += 7;
        return Days[weekday] + ", " + Two(d) + " " + Months[mo - 1] + " " + y + " " + Two(h) + ":" + Two(mi) + ":" + Two(s) + " GMT";
    }

    public static void Split(long unixMs, out int year, out int month, out int day, out int hour, out int minute, out int second, out int millis)
    {
        long days = FloorDiv(unixMs, 86400000L);
        long msOfDay = unixMs - days * 86400000L;
        millis = (int)(msOfDay % 1000);
        long secs = msOfDay / 1000;
        hour = (int)(secs / 3600);
        minute = (int)(secs / 60 % 60);
        second = (int)(secs % 60);
        long z = days + 719468;
        long era = FloorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        day = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static string Two(int v) { return v < 10 ? "0" + v : v.ToString(); }

    private static string Three(int v) { return v < 10 ? "00" + v : v < 100 ? "0" + v : v.ToString(); }
}
