using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// A SIP, SIPS or other URI as (offset, length) views into a buffer (RFC 3261 §19.1, §25.1;
/// IPv6 references per RFC 5118). Reusable: TryParse overwrites every field.
/// Absent parts have length 0 (and Port is 0). Its loops read Ascii's class table inline and
/// search single bytes natively (Ascii and Boxed say why).
/// </summary>
public sealed class SipUri
{
    private static readonly byte[] SipScheme = Ascii.Utf8Bytes("sip");
    private static readonly byte[] SipsScheme = Ascii.Utf8Bytes("sips");
    private static readonly byte[] TelScheme = Ascii.Utf8Bytes("tel");

    public byte[] Buffer;
    public int Offset, Length;
    public UriScheme Scheme;
    public int UserOffset, UserLength;
    public bool HasUser;
    public int PasswordOffset, PasswordLength;
    public int HostOffset, HostLength;
    public int Port;
    /// <summary>Everything after the first ';' of the host part, up to '?' (e.g. "transport=udp;lr").</summary>
    public int ParamsOffset, ParamsLength;
    /// <summary>Everything after '?'.</summary>
    public int HeadersOffset, HeadersLength;

    public string Reason;

    public bool IsSip { get { return Scheme == UriScheme.Sip || Scheme == UriScheme.Sips; } }

    public bool HasHeaders { get { return HeadersLength > 0; } }

    public bool IsIpv6Host { get { return HostLength > 0 && Buffer[HostOffset] == (byte)'['; } }

    /// <summary>Parses buf[off..off+len) as a URI. On failure Reason says why.</summary>
    public bool TryParse(byte[] buf, int off, int len)
    {
        Buffer = buf; Offset = off; Length = len;
        Scheme = UriScheme.None; HasUser = false;
        UserOffset = UserLength = PasswordOffset = PasswordLength = 0;
        HostOffset = HostLength = Port = 0;
        ParamsOffset = ParamsLength = HeadersOffset = HeadersLength = 0;
        Reason = null;

        ushort[] cls = Ascii.Classes;
        int end = off + len;
        // Nearly every URI a phone reads starts "sip:": that case without the general scan.
        byte[] lower = Ascii.LowerCase;
        if (len > 4 && lower[buf[off]] == (byte)'s' && lower[buf[off + 1]] == (byte)'i' && lower[buf[off + 2]] == (byte)'p'
            && buf[off + 3] == (byte)':')
        {
            Scheme = UriScheme.Sip;
            return ParseSipRest(buf, off + 4, end);
        }
        int colon = -1;
        for (int i = off; i < end; i++)
        {
            byte b = buf[i];
            if (b == (byte)':') { colon = i; break; }
            // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
            bool ok = i == off ? (cls[b] & Ascii.Alpha) != 0
                : (cls[b] & (Ascii.Alpha | Ascii.Digit)) != 0 || b == (byte)'+' || b == (byte)'-' || b == (byte)'.';
            if (!ok) return Fail("URI has no valid scheme");
        }
        if (colon <= off) return Fail("URI has no valid scheme");
        int schemeLen = colon - off;
        if (Ascii.EqualsIgnoreCase(buf, off, schemeLen, SipScheme)) Scheme = UriScheme.Sip;
        else if (Ascii.EqualsIgnoreCase(buf, off, schemeLen, SipsScheme)) Scheme = UriScheme.Sips;
        else if (Ascii.EqualsIgnoreCase(buf, off, schemeLen, TelScheme)) Scheme = UriScheme.Tel;
        else Scheme = UriScheme.Other;

        int p = colon + 1;
        if (!IsSip)
        {
            if (p >= end) return Fail("URI is empty after its scheme");
            for (int i = p; i < end; i++)
            {
                byte b = buf[i];
                if (b <= 32 || b >= 127 || b == (byte)'<' || b == (byte)'>' || b == (byte)'"')
                    return Fail("URI contains a character not allowed in it");
            }
            return true;
        }
        return ParseSipRest(buf, p, end);
    }

    private bool ParseSipRest(byte[] buf, int p, int end)
    {
        ushort[] cls = Ascii.Classes;
        // userinfo: everything up to the one '@' (no '@' can appear after the host)
        int at = System.Array.IndexOf(buf, Boxed.At, p, end - p);
        if (at >= 0)
        {
            int pw = -1;
            int allowed = Ascii.UserChar;
            int i = p;
            while (true)
            {
                // The run of user (after ':', password) characters, then what ends it: neither
                // ':' nor '%' is in either class.
                i = Ascii.Skip(buf, i, at, allowed);
                if (i == at) break;
                byte b = buf[i];
                if (b == (byte)':' && pw < 0) { pw = i; allowed = Ascii.PasswordChar; i++; continue; }
                if (b == (byte)'%') { if (!Escaped(buf, i, at)) return Fail("bad %-escape in URI user"); i += 3; continue; }
                return Fail("URI user part has an illegal character");
            }
            UserOffset = p;
            UserLength = (pw < 0 ? at : pw) - p;
            HasUser = true;
            if (UserLength == 0) return Fail("URI has an empty user part");
            if (pw >= 0) { PasswordOffset = pw + 1; PasswordLength = at - pw - 1; }
            p = at + 1;
        }

        // host
        int hostStart = p;
        if (p < end && buf[p] == (byte)'[')
        {
            int close = -1;
            int colons = 0;
            for (int i = p + 1; i < end; i++)
            {
                byte b = buf[i];
                if (b == (byte)']') { close = i; break; }
                if (b == (byte)':') colons++;
                else if (!Ascii.IsHex(b) && b != (byte)'.') return Fail("bad IPv6 reference in URI");
            }
            if (close < 0 || colons < 2) return Fail("bad IPv6 reference in URI");
            p = close + 1;
        }
        else
        {
            p = Ascii.Skip(buf, p, end, Ascii.HostChar);
        }
        HostOffset = hostStart;
        HostLength = p - hostStart;
        if (HostLength == 0) return Fail("URI has no host");

        if (p < end && buf[p] == (byte)':')
        {
            p++;
            int ps = p;
            while (p < end && (cls[buf[p]] & Ascii.Digit) != 0) p++;
            long port;
            if (!Ascii.TryParseUInt(buf, ps, p - ps, 65535, out port) || port == 0) return Fail("URI has a bad port");
            Port = (int)port;
        }

        if (p < end && buf[p] == (byte)';')
        {
            p++;
            int ps = p;
            while (true)
            {
                // The run of paramchars, then what ends it: '=', ';', '%', '?' (the headers) or a fault.
                p = Ascii.Skip(buf, p, end, Ascii.ParamChar);
                if (p == end) break;
                byte b = buf[p];
                if (b == (byte)'?') break;
                if (b == (byte)'=') { p++; continue; }
                if (b == (byte)'%') { if (!Escaped(buf, p, end)) return Fail("bad %-escape in URI parameter"); p += 3; continue; }
                if (b != (byte)';') return Fail("URI parameter has an illegal character");
                if (buf[p - 1] == (byte)';') return Fail("URI has an empty parameter");
                p++;
            }
            ParamsOffset = ps;
            ParamsLength = p - ps;
            if (ParamsLength == 0 || buf[p - 1] == (byte)';') return Fail("URI has an empty parameter");
        }

        if (p < end && buf[p] == (byte)'?')
        {
            p++;
            int hs = p;
            while (p < end)
            {
                byte b = buf[p];
                if (b == (byte)'%') { if (!Escaped(buf, p, end)) return Fail("bad %-escape in URI header"); p += 3; continue; }
                if (b != (byte)'&' && b != (byte)'=' && (cls[b] & Ascii.HeaderChar) == 0) return Fail("URI header has an illegal character");
                p++;
            }
            HeadersOffset = hs;
            HeadersLength = p - hs;
            if (HeadersLength == 0) return Fail("URI has an empty header part");
        }

        if (p != end) return Fail("URI has an illegal character after the host");
        return true;
    }

    private bool Fail(string reason)
    {
        Reason = reason;
        return false;
    }

    private static bool Escaped(byte[] buf, int i, int end)
    {
        return i + 2 < end && Ascii.IsHex(buf[i + 1]) && Ascii.IsHex(buf[i + 2]);
    }

    /// <summary>unreserved = alphanum / mark (RFC 3261 §25.1).</summary>
    public static bool IsUnreserved(byte b) { return (Ascii.Classes[b] & Ascii.Unreserved) != 0; }

    /// <summary>Finds a URI parameter by name (case-insensitive); value length -1 if it has no value.</summary>
    public bool FindParam(string name, out int valueOffset, out int valueLength)
    {
        return Params.Find(Buffer, ParamsOffset, ParamsLength, name, out valueOffset, out valueLength);
    }

    public string HostText { get { return Ascii.ToString(Buffer, HostOffset, HostLength); } }

    public string UserText { get { return HasUser ? Ascii.ToString(Buffer, UserOffset, UserLength) : ""; } }

    public override string ToString() { return Ascii.ToString(Buffer, Offset, Length); }
}
