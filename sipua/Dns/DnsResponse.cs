using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Dns;

/// <summary>
/// A DNS response read in place (RFC 1035 §4.1): the header, the question, and up to
/// <see cref="MaxRecords"/> resource records of the answer, authority and additional sections as
/// (offset, length) views. Names may be compressed (§4.1.4); a pointer must point backwards and a
/// name may not exceed 255 bytes, so a looping or endless name is refused instead of followed. A
/// record whose data does not fit its type (an A record of 5 bytes, an SRV whose target runs past
/// its data) is kept out; a message cut short (truncated, TC, or just broken) keeps the records
/// read before the cut. Never throws on input; nothing allocated after construction.
/// </summary>
public sealed class DnsResponse
{
    public const int MaxRecords = 32;
    /// <summary>Longest name (RFC 1035 §2.3.4), in wire form.</summary>
    public const int MaxNameLength = 255;
    private const int MaxPointerHops = 32;

    private readonly int[] _nameOffset = new int[MaxRecords];
    private readonly int[] _type = new int[MaxRecords];
    private readonly int[] _ttl = new int[MaxRecords];
    private readonly int[] _dataOffset = new int[MaxRecords];
    private readonly int[] _dataLength = new int[MaxRecords];
    private readonly byte[] _section = new byte[MaxRecords];
    private int _start;
    private int _end;

    public byte[] Buffer { get; private set; }

    public int Id { get; private set; }

    /// <summary>RFC 1035 RCODE: 0 no error, 1 format error, 2 server failure, 3 name error (no such domain), 4, 5 refused.</summary>
    public int Rcode { get; private set; }

    /// <summary>TC: the server cut the answer to fit a datagram.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The records could not all be read (cut short, malformed, or more than MaxRecords).</summary>
    public bool Incomplete { get; private set; }

    /// <summary>Records kept (answer, authority, additional, in order).</summary>
    public int RecordCount { get; private set; }

    /// <summary>Records left out because their data did not fit their type.</summary>
    public int BadRecords { get; private set; }

    /// <summary>The question's name (offset of its wire form), type and class; -1 when there is none.</summary>
    public int QuestionNameOffset { get; private set; }

    public int QuestionType { get; private set; }

    /// <summary>Why Parse returned false, or what was wrong with a usable message.</summary>
    public string Error { get; private set; }

    /// <summary>
    /// Reads a response. False when it is no usable DNS response (shorter than a header, a query,
    /// not exactly one question, a broken question); true otherwise, with whatever records could
    /// be read (see Incomplete, Truncated, BadRecords).
    /// </summary>
    public bool Parse(byte[] buf, int off, int len)
    {
        Buffer = buf;
        _start = off;
        _end = off + len;
        Id = -1;
        Rcode = 0;
        Truncated = false;
        Incomplete = false;
        RecordCount = 0;
        BadRecords = 0;
        QuestionNameOffset = -1;
        QuestionType = 0;
        Error = null;
        if (buf == null || off < 0 || len < 0 || off + len > buf.Length) return Fail("no message");
        if (len < 12) return Fail("shorter than a DNS header");
        Id = U16(off);
        int flags = U16(off + 2);
        if ((flags & 0x8000) == 0) return Fail("a query, not a response");
        if (((flags >> 11) & 0xF) != 0) return Fail("not a standard query's response");
        Truncated = (flags & 0x0200) != 0;
        Rcode = flags & 0xF;
        int qd = U16(off + 4);
        int an = U16(off + 6);
        int ns = U16(off + 8);
        int ar = U16(off + 10);
        if (qd != 1) return Fail("not exactly one question");
        int p = off + 12;
        int q = SkipName(p);
        if (q < 0 || q + 4 > _end) return Fail("broken question");
        QuestionNameOffset = p;
        QuestionType = U16(q);
        p = q + 4;
        p = ReadSection(p, an, 1);
        if (p >= 0) p = ReadSection(p, ns, 2);
        if (p >= 0) p = ReadSection(p, ar, 3);
        if (p < 0) Incomplete = true;
        return true;
    }

    /// <summary>Reads count records from p; returns the offset after them, or -1 when the message ends or breaks first.</summary>
    private int ReadSection(int p, int count, byte section)
    {
        for (int i = 0; i < count; i++)
        {
            int n = SkipName(p);
            if (n < 0 || n + 10 > _end)
            {
                Error = n < 0 ? "a broken record name" : "a record cut short";
                return -1;
            }
            int type = U16(n);
            int cls = U16(n + 2);
            uint ttl = ((uint)U16(n + 4) << 16) | (uint)U16(n + 6);
            int rdLen = U16(n + 8);
            int rd = n + 10;
            if (rd + rdLen > _end)
            {
                Error = "record data past the end of the message";
                return -1;
            }
            if (cls == DnsType.ClassIn && IsKnown(type))
            {
                if (!DataFits(type, rd, rdLen))
                {
                    BadRecords++;
                    Error = DnsType.Name(type) + " record with bad data";
                }
                else if (RecordCount == MaxRecords)
                {
                    Incomplete = true;
                }
                else
                {
                    int k = RecordCount++;
                    _nameOffset[k] = p;
                    _type[k] = type;
                    // RFC 2181 §8: a TTL with the top bit set is taken as 0.
                    _ttl[k] = ttl > 0x7FFFFFFF ? 0 : (int)ttl;
                    _dataOffset[k] = rd;
                    _dataLength[k] = rdLen;
                    _section[k] = section;
                }
            }
            p = rd + rdLen;
        }
        return p;
    }

    private static bool IsKnown(int type)
    {
        return type == DnsType.A || type == DnsType.Aaaa || type == DnsType.Srv || type == DnsType.Naptr || type == DnsType.Cname;
    }

    private bool DataFits(int type, int rd, int len)
    {
        int end = rd + len;
        switch (type)
        {
            case DnsType.A: return len == 4;
            case DnsType.Aaaa: return len == 16;
            case DnsType.Cname: return NameWithin(rd, end);
            case DnsType.Srv: return len >= 7 && NameWithin(rd + 6, end);
            case DnsType.Naptr:
            {
                if (len < 7) return false;
                int p = rd + 4;
                for (int i = 0; i < 3; i++)
                {
                    if (p >= end) return false;
                    p += 1 + Buffer[p];
                }
                return p < end && NameWithin(p, end);
            }
            default: return false;
        }
    }

    /// <summary>A valid name starting at p whose in-place part ends by end.</summary>
    private bool NameWithin(int p, int end)
    {
        int n = SkipName(p);
        return n > 0 && n <= end;
    }

    // ---- Records --------------------------------------------------------------------------------

    public int TypeAt(int i) { return _type[i]; }

    /// <summary>Seconds the record may be cached.</summary>
    public int TtlAt(int i) { return _ttl[i]; }

    /// <summary>1 answer, 2 authority, 3 additional.</summary>
    public int SectionAt(int i) { return _section[i]; }

    public int NameOffsetAt(int i) { return _nameOffset[i]; }

    public int DataOffsetAt(int i) { return _dataOffset[i]; }

    public int DataLengthAt(int i) { return _dataLength[i]; }

    /// <summary>SRV (RFC 2782): priority, weight and port; the target's name offset is <see cref="SrvTarget"/>.</summary>
    public int SrvPriority(int i) { return U16(_dataOffset[i]); }

    public int SrvWeight(int i) { return U16(_dataOffset[i] + 2); }

    public int SrvPort(int i) { return U16(_dataOffset[i] + 4); }

    public int SrvTarget(int i) { return _dataOffset[i] + 6; }

    /// <summary>NAPTR (RFC 3403): order and preference.</summary>
    public int NaptrOrder(int i) { return U16(_dataOffset[i]); }

    public int NaptrPreference(int i) { return U16(_dataOffset[i] + 2); }

    /// <summary>
    /// NAPTR character-string field: 0 flags, 1 services, 2 regexp; its bytes at off, len.
    /// </summary>
    public void NaptrField(int i, int field, out int off, out int len)
    {
        int p = _dataOffset[i] + 4;
        for (int k = 0; k < field; k++) p += 1 + Buffer[p];
        len = Buffer[p];
        off = p + 1;
    }

    /// <summary>The NAPTR's replacement name (offset of its wire form).</summary>
    public int NaptrReplacement(int i)
    {
        int off, len;
        NaptrField(i, 2, out off, out len);
        return off + len;
    }

    /// <summary>The CNAME's target name.</summary>
    public int CnameTarget(int i) { return _dataOffset[i]; }

    // ---- Names ----------------------------------------------------------------------------------

    /// <summary>
    /// The offset just after the name at p as it stands in the message (a pointer ends it), or -1
    /// when the name is broken: past the end, a forward or looping pointer, a label type other than
    /// plain or pointer, longer than 255 bytes.
    /// </summary>
    public int SkipName(int p)
    {
        int after = -1;
        int total = 0;
        int hops = 0;
        while (true)
        {
            if (p < _start || p >= _end) return -1;
            int b = Buffer[p];
            if (b == 0)
            {
                total++;
                if (total > MaxNameLength) return -1;
                return after >= 0 ? after : p + 1;
            }
            if ((b & 0xC0) == 0xC0)
            {
                if (p + 1 >= _end || ++hops > MaxPointerHops) return -1;
                int target = _start + (((b & 0x3F) << 8) | Buffer[p + 1]);
                if (target >= p) return -1;
                if (after < 0) after = p + 2;
                p = target;
                continue;
            }
            if ((b & 0xC0) != 0) return -1;
            total += b + 1;
            if (total > MaxNameLength || p + 1 + b > _end) return -1;
            p += 1 + b;
        }
    }

    /// <summary>True if the (valid) name at p is the dotted name, ASCII case ignored; a trailing dot is allowed.</summary>
    public bool NameEquals(int p, string dotted)
    {
        int len = dotted.Length;
        if (len > 0 && dotted[len - 1] == '.') len--;
        int q = 0;
        bool firstLabel = true;
        while (true)
        {
            int b = Buffer[p];
            if ((b & 0xC0) == 0xC0)
            {
                p = _start + (((b & 0x3F) << 8) | Buffer[p + 1]);
                continue;
            }
            if (b == 0) return q == len || (len == 0 && firstLabel);
            if (!firstLabel)
            {
                if (q >= len || dotted[q] != '.') return false;
                q++;
            }
            if (q + b > len) return false;
            for (int i = 0; i < b; i++)
            {
                int c = Buffer[p + 1 + i];
                int d = dotted[q + i];
                if (c >= 'A' && c <= 'Z') c |= 0x20;
                if (d >= 'A' && d <= 'Z') d |= 0x20;
                if (c != d) return false;
            }
            q += b;
            p += 1 + b;
            firstLabel = false;
        }
    }

    /// <summary>True if the names at p and q (both valid, in this message) are the same, ASCII case ignored.</summary>
    public bool SameName(int p, int q)
    {
        while (true)
        {
            p = Follow(p);
            q = Follow(q);
            int a = Buffer[p];
            if (a != Buffer[q]) return false;
            if (a == 0) return true;
            for (int i = 1; i <= a; i++)
            {
                if (Ascii.Lower(Buffer[p + i]) != Ascii.Lower(Buffer[q + i])) return false;
            }
            p += 1 + a;
            q += 1 + a;
        }
    }

    /// <summary>Writes the (valid) name at p as dotted text, lower case, without the final dot; returns the offset after it (the root writes nothing).</summary>
    public int WriteName(int p, byte[] dst, int off)
    {
        bool first = true;
        while (true)
        {
            p = Follow(p);
            int b = Buffer[p];
            if (b == 0) return off;
            if (!first) dst[off++] = (byte)'.';
            for (int i = 1; i <= b; i++) dst[off++] = Ascii.Lower(Buffer[p + i]);
            p += 1 + b;
            first = false;
        }
    }

    /// <summary>The dotted text of the name at p (allocates; for the targets kept and for logs).</summary>
    public string NameText(int p)
    {
        byte[] t = new byte[MaxNameLength];
        return Ascii.ToString(t, 0, WriteName(p, t, 0));
    }

    /// <summary>True if the name at p is a name a host can have (letters, digits, '-', '_'), for the names taken from a reply.</summary>
    public bool IsHostName(int p)
    {
        bool any = false;
        while (true)
        {
            p = Follow(p);
            int b = Buffer[p];
            if (b == 0) return any;
            for (int i = 1; i <= b; i++)
            {
                byte c = Buffer[p + i];
                if (!Ascii.IsAlpha(c) && !Ascii.IsDigit(c) && c != (byte)'-' && c != (byte)'_') return false;
            }
            any = true;
            p += 1 + b;
        }
    }

    private int Follow(int p)
    {
        while ((Buffer[p] & 0xC0) == 0xC0) p = _start + (((Buffer[p] & 0x3F) << 8) | Buffer[p + 1]);
        return p;
    }

    private int U16(int p) { return (Buffer[p] << 8) | Buffer[p + 1]; }

    private bool Fail(string why)
    {
        Error = why;
        return false;
    }
}
