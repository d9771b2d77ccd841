using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Transport;

/// <summary>
/// IPv4 and IPv6 address literals to and from bytes, without System.Net (which is another
/// assembly on nanoFramework). IPv6 text is written per RFC 5952: lowercase, no leading zeros,
/// the longest run of two or more zero groups as "::", IPv4-mapped addresses as ::ffff:a.b.c.d.
/// </summary>
public static class IpText
{
    /// <summary>Longest IPv6 text: eight groups of four hex digits and seven colons, or the mapped form.</summary>
    public const int MaxIPv6Length = 45;

    /// <summary>Parses dotted-decimal IPv4 ("192.0.2.1") into 4 bytes at dst[dOff].</summary>
    public static bool TryParseIPv4(byte[] s, int off, int len, byte[] dst, int dOff)
    {
        int end = off + len;
        int p = off;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (p >= end || s[p] != (byte)'.') return false;
                p++;
            }
            int start = p;
            int v = 0;
            while (p < end && Ascii.IsDigit(s[p]) && p - start < 3)
            {
                v = v * 10 + (s[p] - '0');
                p++;
            }
            if (p == start || v > 255) return false;
            dst[dOff + part] = (byte)v;
        }
        return p == end;
    }

    /// <summary>Parses IPv6 text (no brackets, no zone) into 16 bytes at dst[dOff].</summary>
    public static bool TryParseIPv6(byte[] s, int off, int len, byte[] dst, int dOff)
    {
        int end = off + len;
        int p = off;
        int groups = 0;      // 16-bit groups written so far
        int gap = -1;        // group index where "::" stands
        if (len < 2) return false;
        if (s[p] == (byte)':')
        {
            if (s[p + 1] != (byte)':') return false;
            gap = 0;
            p += 2;
        }
        while (p < end)
        {
            if (groups == 8) return false;
            int start = p;
            int v = 0;
            while (p < end && Ascii.IsHex(s[p]) && p - start < 4)
            {
                v = (v << 4) | Ascii.HexValue(s[p]);
                p++;
            }
            if (p < end && s[p] == (byte)'.')
            {
                // An embedded IPv4 address ends the text and fills two groups.
                if (groups > 6 || !TryParseIPv4(s, start, end - start, dst, dOff + groups * 2)) return false;
                groups += 2;
                p = end;
                break;
            }
            if (p == start) return false;
            dst[dOff + groups * 2] = (byte)(v >> 8);
            dst[dOff + groups * 2 + 1] = (byte)v;
            groups++;
            if (p == end) break;
            if (s[p] != (byte)':') return false;
            p++;
            if (p < end && s[p] == (byte)':')
            {
                if (gap >= 0) return false;
                gap = groups;
                p++;
            }
            else if (p == end)
            {
                return false; // a single trailing ':'
            }
        }
        if (gap < 0) return groups == 8;
        if (groups > 7) return false;
        // Move the groups after "::" to the end and zero the gap.
        int tail = groups - gap;
        for (int i = tail - 1; i >= 0; i--)
        {
            int from = dOff + (gap + i) * 2;
            int to = dOff + (8 - tail + i) * 2;
            dst[to] = dst[from];
            dst[to + 1] = dst[from + 1];
        }
        for (int i = gap; i < 8 - tail; i++)
        {
            dst[dOff + i * 2] = 0;
            dst[dOff + i * 2 + 1] = 0;
        }
        return true;
    }

    /// <summary>Writes a.b.c.d; returns the offset after it.</summary>
    public static int WriteIPv4(byte[] addr, int aOff, byte[] dst, int off)
    {
        for (int i = 0; i < 4; i++)
        {
            if (i > 0) dst[off++] = (byte)'.';
            off = WriteDecimal(addr[aOff + i], dst, off);
        }
        return off;
    }

    /// <summary>Writes the RFC 5952 form of 16 address bytes; returns the offset after it.</summary>
    public static int WriteIPv6(byte[] addr, int aOff, byte[] dst, int off)
    {
        if (IsV4Mapped(addr, aOff))
        {
            off = WriteAscii("::ffff:", dst, off);
            return WriteIPv4(addr, aOff + 12, dst, off);
        }
        // The longest run of zero groups (at least two), the first one on a tie.
        int bestStart = -1, bestLen = 1;
        int runStart = -1;
        for (int g = 0; g <= 8; g++)
        {
            bool zero = g < 8 && addr[aOff + g * 2] == 0 && addr[aOff + g * 2 + 1] == 0;
            if (zero && runStart < 0) runStart = g;
            if (!zero && runStart >= 0)
            {
                if (g - runStart > bestLen) { bestStart = runStart; bestLen = g - runStart; }
                runStart = -1;
            }
        }
        for (int g = 0; g < 8; g++)
        {
            if (g == bestStart)
            {
                dst[off++] = (byte)':';
                dst[off++] = (byte)':';
                g += bestLen - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLen) dst[off++] = (byte)':';
            int v = (addr[aOff + g * 2] << 8) | addr[aOff + g * 2 + 1];
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                int d = (v >> shift) & 15;
                if (d == 0 && !started && shift > 0) continue;
                started = true;
                dst[off++] = (byte)(d < 10 ? '0' + d : 'a' + d - 10);
            }
        }
        return off;
    }

    /// <summary>True for ::ffff:a.b.c.d (an IPv4 peer seen through a dual-stack socket).</summary>
    public static bool IsV4Mapped(byte[] addr, int aOff)
    {
        for (int i = 0; i < 10; i++)
        {
            if (addr[aOff + i] != 0) return false;
        }
        return addr[aOff + 10] == 0xFF && addr[aOff + 11] == 0xFF;
    }

    /// <summary>Writes a non-negative decimal number; returns the offset after it.</summary>
    public static int WriteDecimal(int value, byte[] dst, int off)
    {
        int div = 1;
        while (value / div >= 10) div *= 10;
        for (; div > 0; div /= 10) dst[off++] = (byte)('0' + (value / div) % 10);
        return off;
    }

    private static int WriteAscii(string s, byte[] dst, int off)
    {
        for (int i = 0; i < s.Length; i++) dst[off++] = (byte)s[i];
        return off;
    }
}
