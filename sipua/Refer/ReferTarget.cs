using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Refer;

/// <summary>
/// The Refer-To of a REFER (RFC 3515 §2.1), read for the transferee: the URI to call, without its
/// headers part, and the Replaces header that an attended transfer embeds in it (RFC 3891 §4:
/// <c>&lt;sip:bob@host?Replaces=id%40host%3Bto-tag%3D1%3Bfrom-tag%3D2&gt;</c>), unescaped.
/// Reused: <see cref="Read"/> fills the fields, allocating nothing.
/// </summary>
public sealed class ReferTarget
{
    private readonly NameAddr _addr = new NameAddr();

    /// <summary>The URI the transferee calls (Request-URI and To of its INVITE).</summary>
    public readonly ByteField Uri = new ByteField(256);

    /// <summary>The Replaces value for that INVITE ("call-id;to-tag=..;from-tag=.."), empty for a blind transfer.</summary>
    public readonly ByteField Replaces = new ByteField(256);

    /// <summary>
    /// Reads the REFER's one Refer-To. Returns null, or why it cannot be followed (then the REFER
    /// gets 400): none or several, not a SIP URI, a method other than INVITE (RFC 3515 §2.1).
    /// </summary>
    public string Read(SipMessage refer)
    {
        Uri.Clear();
        Replaces.Clear();
        int i = refer.IndexOf(HeaderId.ReferTo);
        if (i < 0) return "no Refer-To";
        if (refer.IndexOf(HeaderId.ReferTo, i + 1) >= 0) return "more than one Refer-To";
        if (!_addr.TryParse(refer.Buffer, refer.ValueOffsetAt(i), refer.ValueLengthAt(i)) || _addr.IsStar) return "bad Refer-To";
        SipUri u = _addr.Uri;
        if (!u.IsSip) return "Refer-To is not a SIP URI";
        int mo, ml;
        if (u.FindParam("method", out mo, out ml) && ml >= 0 && !Ascii.Equals(u.Buffer, mo, ml, "INVITE")) return "Refer-To asks for a method other than INVITE";
        int end = u.HasHeaders ? u.HeadersOffset - 1 : u.Offset + u.Length;
        if (!Uri.Set(u.Buffer, u.Offset, end - u.Offset)) return "Refer-To URI too long";
        if (!u.HasHeaders) return null;
        // hname=hvalue pairs joined by '&'; only Replaces is used, the others are ignored.
        byte[] b = u.Buffer;
        int p = u.HeadersOffset;
        int hend = u.HeadersOffset + u.HeadersLength;
        while (p < hend)
        {
            int amp = p;
            while (amp < hend && b[amp] != (byte)'&') amp++;
            int eq = p;
            while (eq < amp && b[eq] != (byte)'=') eq++;
            if (eq < amp && Ascii.EqualsIgnoreCase(b, p, eq - p, "Replaces"))
            {
                if (!Unescape(b, eq + 1, amp - eq - 1, Replaces)) return "bad Replaces in Refer-To";
            }
            p = amp + 1;
        }
        return null;
    }

    /// <summary>%XX escapes of a URI header value undone (RFC 3261 §19.1.2) into field.</summary>
    private static bool Unescape(byte[] b, int off, int len, ByteField field)
    {
        byte[] into = field.Buffer;
        int n = 0;
        for (int i = off; i < off + len; i++)
        {
            if (n == into.Length) return false;
            byte c = b[i];
            if (c == (byte)'%')
            {
                if (i + 2 >= off + len) return false;
                int hi = Ascii.HexValue(b[i + 1]), lo = Ascii.HexValue(b[i + 2]);
                if (hi < 0 || lo < 0) return false;
                c = (byte)(hi * 16 + lo);
                i += 2;
            }
            into[n++] = c;
        }
        return field.Set(into, 0, n);
    }

    /// <summary>
    /// Writes value as a URI header value: unreserved characters as they are, everything else %XX
    /// (RFC 3261 §25.1 hvalue; RFC 3891 §6.1's example escapes '@', ';' and '=').
    /// </summary>
    public static void WriteEscaped(SipWriter w, byte[] b, int off, int len)
    {
        for (int i = off; i < off + len; i++)
        {
            byte c = b[i];
            if (SipUri.IsUnreserved(c)) { w.Byte(c); continue; }
            w.Byte((byte)'%').Byte(HexDigit(c >> 4)).Byte(HexDigit(c & 15));
        }
    }

    private static byte HexDigit(int d) { return (byte)(d < 10 ? '0' + d : 'A' + d - 10); }
}
