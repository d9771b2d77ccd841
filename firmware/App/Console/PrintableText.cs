namespace NanoPhone.App.Console;

/// <summary>
/// Bytes off the wire made safe for a terminal, for the console's <c>log sip on</c>: printable ASCII
/// as it is, a backslash doubled, and every other byte (control characters such as TAB, CR, ESC,
/// DEL, and all bytes from 0x80, UTF-8 included) as <c>\xhh</c>, two lower-case hex digits, as
/// <c>nanophone lint</c> shows what the phone sends. The result is printable ASCII only, so a
/// datagram can neither drive the terminal nor depend on its character set, and every byte can be
/// read back from it.
/// </summary>
public static class PrintableText
{
    private const string HexDigits = "0123456789abcdef";

    /// <summary><paramref name="len"/> bytes from <paramref name="off"/>, escaped; "" for none.</summary>
    public static string Escape(byte[] buf, int off, int len)
    {
        if (len <= 0) return "";
        int n = 0;
        for (int i = off; i < off + len; i++) n += Width(buf[i]);
        char[] chars = new char[n];
        int k = 0;
        for (int i = off; i < off + len; i++)
        {
            byte b = buf[i];
            if (Width(b) == 1)
            {
                chars[k++] = (char)b;
                continue;
            }
            chars[k++] = '\\';
            if (b == (byte)'\\')
            {
                chars[k++] = '\\';
                continue;
            }
            chars[k++] = 'x';
            chars[k++] = HexDigits[b >> 4];
            chars[k++] = HexDigits[b & 0x0F];
        }
        return new string(chars);
    }

    /// <summary>How many characters the byte takes once escaped.</summary>
    private static int Width(byte b)
    {
        if (b == (byte)'\\') return 2;
        return b >= 0x20 && b < 0x7F ? 1 : 4;
    }
}
