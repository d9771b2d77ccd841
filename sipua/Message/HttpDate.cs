using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>SIP-date = rfc1123-date: wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT" (RFC 3261 §25.1).</summary>
public static class HttpDate
{
    private const string Days = "MonTueWedThuFriSatSun";
    private const string Months = "JanFebMarAprMayJunJulAugSepOctNovDec";

    public static bool IsValid(byte[] b, int off, int len)
    {
        // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 octets.
        if (len != 29) return false;
        if (!InList(b, off, Days) || b[off + 3] != (byte)',' || b[off + 4] != (byte)' ') return false;
        if (!Digits(b, off + 5, 2) || b[off + 7] != (byte)' ') return false;
        if (!InList(b, off + 8, Months) || b[off + 11] != (byte)' ') return false;
        if (!Digits(b, off + 12, 4) || b[off + 16] != (byte)' ') return false;
        if (!Digits(b, off + 17, 2) || b[off + 19] != (byte)':' || !Digits(b, off + 20, 2)
            || b[off + 22] != (byte)':' || !Digits(b, off + 23, 2) || b[off + 25] != (byte)' ') return false;
        return Ascii.Equals(b, off + 26, 3, "GMT");
    }

    private static bool InList(byte[] b, int off, string list)
    {
        for (int i = 0; i < list.Length; i += 3)
        {
            if (b[off] == list[i] && b[off + 1] == list[i + 1] && b[off + 2] == list[i + 2]) return true;
        }
        return false;
    }

    private static bool Digits(byte[] b, int off, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (!Ascii.IsDigit(b[off + i])) return false;
        }
        return true;
    }
}
