namespace NanoPhone.Media.Dtmf;

/// <summary>
/// The DTMF events of RFC 4733 §3.2 (Table 7): codes 0–9 for the digits, 10 '*', 11 '#', 12–15
/// 'A'–'D', 16 flash ('!' here, as SIP INFO bodies spell it).
/// </summary>
public static class DtmfEvent
{
    public const int Flash = 16;
    public const int None = -1;

    /// <summary>The event code of a key ('0'–'9', '*', '#', 'A'–'D' or 'a'–'d', '!'), or -1.</summary>
    public static int FromDigit(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c == '*') return 10;
        if (c == '#') return 11;
        if (c >= 'A' && c <= 'D') return 12 + (c - 'A');
        if (c >= 'a' && c <= 'd') return 12 + (c - 'a');
        if (c == '!') return Flash;
        return None;
    }

    /// <summary>The key of an event code 0–16, or '\0'.</summary>
    public static char ToDigit(int code)
    {
        if (code >= 0 && code <= 9) return (char)('0' + code);
        if (code == 10) return '*';
        if (code == 11) return '#';
        if (code >= 12 && code <= 15) return (char)('A' + code - 12);
        if (code == Flash) return '!';
        return '\0';
    }
}
