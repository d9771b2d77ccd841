namespace NanoPhone.Sip.Dns;

/// <summary>
/// Writes a standard DNS query (RFC 1035 §4.1): header with the id, RD set, one question for a name
/// of the given type, class IN. No compression (one name), no EDNS.
/// </summary>
public static class DnsQuery
{
    /// <summary>Header (12) + the longest name in wire form (255) + type and class (4).</summary>
    public const int MaxLength = 12 + 255 + 4;

    /// <summary>Writes the query at buf[off]; returns its length, or -1 when name is no valid DNS name.</summary>
    public static int Write(byte[] buf, int off, int id, string name, int type)
    {
        if (name == null || buf.Length - off < MaxLength) return -1;
        int p = off;
        buf[p++] = (byte)(id >> 8);
        buf[p++] = (byte)id;
        buf[p++] = 0x01;                // QR=0, OPCODE=0, RD=1
        buf[p++] = 0x00;
        buf[p++] = 0; buf[p++] = 1;     // QDCOUNT 1
        for (int i = 0; i < 6; i++) buf[p++] = 0;
        int n = WriteName(name, buf, p);
        if (n < 0) return -1;
        p = n;
        buf[p++] = (byte)(type >> 8);
        buf[p++] = (byte)type;
        buf[p++] = 0;
        buf[p++] = DnsType.ClassIn;
        return p - off;
    }

    /// <summary>
    /// A dotted name in wire form (length-prefixed labels, a zero byte at the end); a trailing dot
    /// is allowed. Returns the offset after it, or -1 for an empty label, a label over 63 bytes, a
    /// name over 255 bytes or a character that is not a letter, digit, '-' or '_' (SRV labels).
    /// </summary>
    public static int WriteName(string name, byte[] buf, int off)
    {
        int len = name.Length;
        if (len > 0 && name[len - 1] == '.') len--;
        if (len == 0 || len > 253) return -1;
        int p = off;
        int labelStart = 0;
        for (int i = 0; i <= len; i++)
        {
            if (i < len && name[i] != '.')
            {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return -1;
                continue;
            }
            int labelLen = i - labelStart;
            if (labelLen == 0 || labelLen > 63) return -1;
            buf[p++] = (byte)labelLen;
            for (int k = labelStart; k < i; k++) buf[p++] = (byte)name[k];
            labelStart = i + 1;
        }
        buf[p++] = 0;
        return p;
    }
}

/// <summary>Resource record types and the class used (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 3403).</summary>
public static class DnsType
{
    public const int A = 1;
    public const int Cname = 5;
    public const int Aaaa = 28;
    public const int Srv = 33;
    public const int Naptr = 35;
    public const byte ClassIn = 1;

    public static string Name(int type)
    {
        switch (type)
        {
            case A: return "A";
            case Cname: return "CNAME";
            case Aaaa: return "AAAA";
            case Srv: return "SRV";
            case Naptr: return "NAPTR";
            default: return "TYPE" + type.ToString();
        }
    }
}
