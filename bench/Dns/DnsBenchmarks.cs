using System;
using BenchmarkDotNet.Attributes;
using NanoPhone.Sip.Dns;

namespace NanoPhone.Bench.Dns;

/// <summary>
/// The DNS client's reading cost (RFC 1035): time and bytes allocated per reply. The reply is what
/// a provider's server sends for _sip._tcp.example.com SRV: three SRV records whose targets are
/// compressed against the question, and their three A records in the additional section. "read
/// every record" also compares each SRV target with an A record's owner name (no strings made),
/// as the resolver does; "target as text" makes the one string the resolver keeps per server.
/// </summary>
[MemoryDiagnoser]
public class DnsBenchmarks
{
    private readonly DnsResponse _reply = new DnsResponse();
    private byte[] _srv = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _srv = SrvReply();
        if (!_reply.Parse(_srv, 0, _srv.Length) || _reply.RecordCount != 6)
            throw new InvalidOperationException("the SRV reply does not read: " + _reply.Error);
    }

    [Benchmark(Description = "parse SRV reply (3 SRV + 3 A, compressed)")]
    public bool Parse() => _reply.Parse(_srv, 0, _srv.Length);

    [Benchmark(Description = "parse and read every record (SRV fields, target = A owner)")]
    public int ParseAndRead()
    {
        _reply.Parse(_srv, 0, _srv.Length);
        int sum = 0;
        for (int i = 0; i < _reply.RecordCount; i++)
        {
            if (_reply.TypeAt(i) != 33) continue;
            sum += _reply.SrvPriority(i) + _reply.SrvWeight(i) + _reply.SrvPort(i) + _reply.TtlAt(i);
            for (int j = 0; j < _reply.RecordCount; j++)
                if (_reply.TypeAt(j) == 1 && _reply.SameName(_reply.SrvTarget(i), _reply.NameOffsetAt(j))) sum += _reply.DataLengthAt(j);
        }
        return sum;
    }

    [Benchmark(Description = "SRV target as text (one string)")]
    public string TargetText() => _reply.NameText(_reply.SrvTarget(0));

    /// <summary>The reply, byte by byte (RFC 1035 §4.1; SRV RFC 2782).</summary>
    private static byte[] SrvReply()
    {
        var b = new System.Collections.Generic.List<byte> { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 3 };
        void Name(params string[] labels) { foreach (var l in labels) { b.Add((byte)l.Length); foreach (char c in l) b.Add((byte)c); } }
        void U16(int v) { b.Add((byte)(v >> 8)); b.Add((byte)v); }
        void U32(int v) { U16(v >> 16); U16(v & 0xffff); }
        Name("_sip", "_tcp", "example", "com"); b.Add(0); U16(33); U16(1);
        int[] targetAt = new int[3];
        for (int i = 0; i < 3; i++)
        {
            b.Add(0xc0); b.Add(12); U16(33); U16(1); U32(3600);
            U16(6 + 5 + 2); U16(10 * (i + 1)); U16(60 - 10 * i); U16(5060);
            targetAt[i] = b.Count;
            Name("sip" + (i + 1)); b.Add(0xc0); b.Add(22);   // sipN + "example.com" of the question
        }
        for (int i = 0; i < 3; i++)
        {
            b.Add(0xc0); b.Add((byte)targetAt[i]); U16(1); U16(1); U32(3600); U16(4);
            b.Add(192); b.Add(0); b.Add(2); b.Add((byte)(10 + i));
        }
        return b.ToArray();
    }
}
