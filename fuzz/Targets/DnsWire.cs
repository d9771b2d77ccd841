#nullable disable
using System;
using System.Collections.Generic;
using System.Text;

namespace NanoPhone.Fuzz;

/// <summary>
/// Builds DNS responses byte by byte (RFC 1035 §4.1) for seeds and tests: a header, the question,
/// and records whose names may be compressed against the question (a pointer to offset 12).
/// </summary>
public sealed class DnsWire
{
    private readonly List<byte> _b = new List<byte>();
    private int _records;
    private readonly int _countAt;

    /// <param name="flags">Header flags: 0x8180 (response, RD, RA, no error) unless a test wants others.</param>
    public DnsWire(int id, string question, int qtype, int flags = 0x8180)
    {
        U16(id);
        U16(flags);
        U16(1);
        _countAt = _b.Count;
        U16(0); U16(0); U16(0);
        Name(question);
        U16(qtype);
        U16(1);
    }

    /// <summary>Offset of the question's name: compress a record's name to it with <see cref="PointerToQuestion"/>.</summary>
    public const int QuestionOffset = 12;

    public static readonly string PointerToQuestion = "\u00c0\u000c";

    public DnsWire A(string owner, int ttl, byte a, byte b, byte c, byte d, int section = 1) =>
        Record(owner, 1, ttl, new[] { a, b, c, d }, section);

    public DnsWire Aaaa(string owner, int ttl, byte[] address16, int section = 1) => Record(owner, 28, ttl, address16, section);

    public DnsWire Srv(string owner, int ttl, int priority, int weight, int port, string target, int section = 1)
    {
        var d = new List<byte>();
        d.AddRange(new[] { (byte)(priority >> 8), (byte)priority, (byte)(weight >> 8), (byte)weight, (byte)(port >> 8), (byte)port });
        d.AddRange(NameBytes(target));
        return Record(owner, 33, ttl, d.ToArray(), section);
    }

    public DnsWire Naptr(string owner, int ttl, int order, int preference, string flags, string services, string regexp, string replacement, int section = 1)
    {
        var d = new List<byte> { (byte)(order >> 8), (byte)order, (byte)(preference >> 8), (byte)preference };
        foreach (string s in new[] { flags, services, regexp })
        {
            d.Add((byte)s.Length);
            d.AddRange(Encoding.ASCII.GetBytes(s));
        }
        d.AddRange(NameBytes(replacement));
        return Record(owner, 35, ttl, d.ToArray(), section);
    }

    public DnsWire Cname(string owner, int ttl, string target, int section = 1) => Record(owner, 5, ttl, NameBytes(target), section);

    /// <summary>Any record, its data as given (bad data for tests).</summary>
    public DnsWire Record(string owner, int type, int ttl, byte[] data, int section = 1)
    {
        Name(owner);
        U16(type);
        U16(1);
        U16(ttl >> 16);
        U16(ttl & 0xFFFF);
        U16(data.Length);
        _b.AddRange(data);
        int at = _countAt + 2 * (section - 1);
        int n = ((_b[at] << 8) | _b[at + 1]) + 1;
        _b[at] = (byte)(n >> 8);
        _b[at + 1] = (byte)n;
        _records++;
        return this;
    }

    public byte[] ToArray() => _b.ToArray();

    /// <summary>A name in wire form; a name given as <see cref="PointerToQuestion"/> becomes the pointer.</summary>
    public static byte[] NameBytes(string name)
    {
        if (name == PointerToQuestion) return new byte[] { 0xC0, 0x0C };
        var r = new List<byte>();
        if (name.Length > 0 && name != ".")
        {
            foreach (string label in name.TrimEnd('.').Split('.'))
            {
                r.Add((byte)label.Length);
                r.AddRange(Encoding.ASCII.GetBytes(label));
            }
        }
        r.Add(0);
        return r.ToArray();
    }

    private void Name(string name) => _b.AddRange(NameBytes(name));

    private void U16(int v)
    {
        _b.Add((byte)(v >> 8));
        _b.Add((byte)v);
    }
}
