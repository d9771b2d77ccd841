#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Dns;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Fuzz;

/// <summary>
/// DNS replies into the phone's resolver. The input is a sequence of replies, each a 2-byte length
/// and its bytes. The first reply is read by <see cref="DnsResponse"/> alone (every record's views,
/// names and fields, at two buffer offsets); then a <see cref="SipResolver"/> resolves
/// "example.com" (NAPTR, SRV, A...) with the replies as the server's answers to its queries, in
/// order (each given the id of the query in flight), then the clock runs out its timeouts.
/// Invariants: the reading does not depend on where the reply lies in a buffer and writes nothing;
/// every name read is at most 253 characters; the resolution ends within its timeouts, and every
/// target has a port and an address or host name.
/// </summary>
public sealed class DnsTarget : FuzzTarget
{
    private readonly DnsResponse _a = new DnsResponse();
    private readonly DnsResponse _b = new DnsResponse();
    private readonly byte[] _name = new byte[DnsResponse.MaxNameLength];
    private readonly ManualClock _clock = new ManualClock();
    private readonly TimerQueue _timers = new TimerQueue(8);
    private readonly Capture _sent = new Capture();
    private readonly Done _done = new Done();
    private readonly SipResolver _resolver;
    private readonly Endpoint _server = new Endpoint("192.0.2.53", 53);
    private readonly CodecTarget.FixedRandom _random = new CodecTarget.FixedRandom();

    public DnsTarget()
    {
        _resolver = new SipResolver(_clock, _timers, _sent, _random, _done);
        _resolver.Server.CopyFrom(_server);
    }

    public override string Name { get { return "dns"; } }

    public override string Description
    {
        get { return "DNS replies (2-byte length each): DnsResponse.Parse, then SipResolver's NAPTR -> SRV -> A steps"; }
    }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>();
        foreach (Seed s in Flows()) seeds.Add(s);
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    /// <summary>Whole resolutions: NAPTR, SRV (with and without additional A records), A, AAAA, CNAME, errors.</summary>
    public static List<Seed> Flows()
    {
        var d = "example.com";
        byte[] naptr = new DnsWire(1, d, DnsType.Naptr)
            .Naptr(DnsWire.PointerToQuestion, 300, 10, 10, "S", "SIPS+D2T", "", "_sips._tcp.example.com")
            .Naptr(DnsWire.PointerToQuestion, 300, 20, 10, "s", "SIP+D2T", "", "_sip._tcp.example.com")
            .Naptr(DnsWire.PointerToQuestion, 300, 30, 10, "s", "SIP+D2U", "", "_sip._udp.example.com").ToArray();
        byte[] srvTls = new DnsWire(2, "_sips._tcp.example.com", DnsType.Srv)
            .Srv(DnsWire.PointerToQuestion, 300, 10, 60, 5061, "sip1.example.com")
            .Srv(DnsWire.PointerToQuestion, 300, 10, 20, 5061, "sip2.example.com")
            .Srv(DnsWire.PointerToQuestion, 300, 20, 0, 5061, "backup.example.com")
            .A("sip1.example.com", 60, 192, 0, 2, 1, 3).ToArray();
        byte[] a2 = new DnsWire(3, "sip2.example.com", DnsType.A).A(DnsWire.PointerToQuestion, 60, 192, 0, 2, 2).ToArray();
        byte[] aBackup = new DnsWire(4, "backup.example.com", DnsType.A)
            .Cname(DnsWire.PointerToQuestion, 60, "other.example.net").A("other.example.net", 60, 198, 51, 100, 7).ToArray();
        byte[] empty = new DnsWire(5, d, DnsType.Naptr, 0x8183).ToArray();
        byte[] srvUdp = new DnsWire(6, "_sip._udp.example.com", DnsType.Srv).Srv(DnsWire.PointerToQuestion, 30, 0, 0, 5060, ".").ToArray();
        byte[] hostA = new DnsWire(7, d, DnsType.A).A(DnsWire.PointerToQuestion, 0, 203, 0, 113, 5).ToArray();
        byte[] aaaa = new DnsWire(8, d, DnsType.Aaaa).Aaaa(DnsWire.PointerToQuestion, 10,
            new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }).ToArray();
        byte[] truncated = new DnsWire(9, d, DnsType.Naptr, 0x8380)
            .Naptr(DnsWire.PointerToQuestion, 300, 10, 10, "s", "SIP+D2T", "", "_sip._tcp.example.com").ToArray();
        truncated = truncated[..(truncated.Length - 9)];
        byte[] badA = new DnsWire(10, d, DnsType.A).Record(DnsWire.PointerToQuestion, DnsType.A, 60, new byte[] { 1, 2, 3, 4, 5 }).ToArray();
        return new List<Seed>
        {
            new Seed("naptr-srv-a", Join(naptr, srvTls, a2, aBackup)),
            new Seed("no-naptr-srv-fallback", Join(empty, empty, empty, srvUdp, hostA)),
            new Seed("aaaa-only", Join(empty, empty, empty, empty, empty, aaaa)),
            new Seed("truncated", Join(truncated)),
            new Seed("bad-a", Join(empty, empty, empty, empty, badA)),
        };
    }

    /// <summary>Each reply with its 2-byte length in front.</summary>
    public static byte[] Join(params byte[][] replies)
    {
        var b = new List<byte>();
        foreach (byte[] r in replies)
        {
            b.Add((byte)(r.Length >> 8));
            b.Add((byte)r.Length);
            b.AddRange(r);
        }
        return b.ToArray();
    }

    public override void Run(byte[] data)
    {
        int p = 0;
        int first = NextReply(data, ref p, out int len);
        if (first >= 0) ReadAlone(data, first, len);

        _sent.Count = 0;
        _done.Count = 0;
        _random.Reset();
        _resolver.Resolve("example.com", 0, TransportProtocol.Udp, false);
        p = 0;
        int replies = 0;
        while (_resolver.Busy)
        {
            int at = NextReply(data, ref p, out len);
            if (at < 0) break;
            replies++;
            byte[] reply = new byte[len];
            System.Buffer.BlockCopy(data, at, reply, 0, len);
            if (len >= 2)
            {
                // The reply answers the query in flight: give it that query's id.
                reply[0] = _sent.Last[0];
                reply[1] = _sent.Last[1];
            }
            Check(_resolver.OnDatagram(reply, 0, len, _server), "a datagram from the DNS server was not taken");
        }
        // No more answers: the timeouts end the resolution.
        for (int step = 0; _resolver.Busy; step++)
        {
            Check(step < 64, "the resolution does not end");
            _clock.Advance(SipResolver.QueryTimeoutMs * 4);
            _timers.RunDue(_clock.NowMs);
        }
        Check(_done.Count <= 1, "OnResolved more than once");
        Check(_sent.Count <= 2 * (replies + 16), "too many queries: " + _sent.Count);
        TargetList t = _resolver.Targets;
        Check(t.Count <= TargetList.Capacity, "more targets than room");
        for (int i = 0; i < t.Count; i++)
        {
            Endpoint e = t.At(i);
            Check(e.Port > 0 && e.Port <= 65535, "a target without a port");
            Check(e.IsIPv4 || e.IsIPv6 || e.IsName, "a target without an address");
            _ = t.Describe(i);
        }
    }

    private static int NextReply(byte[] data, ref int p, out int len)
    {
        len = 0;
        if (p + 2 > data.Length) return -1;
        len = (data[p] << 8) | data[p + 1];
        int at = p + 2;
        if (len > data.Length - at) len = data.Length - at;
        p = at + len;
        return at;
    }

    private void ReadAlone(byte[] data, int at, int len)
    {
        byte[] exact = new byte[len];
        System.Buffer.BlockCopy(data, at, exact, 0, len);
        bool ok = _a.Parse(exact, 0, len);
        byte[] guarded = Guarded(exact);
        bool ok2 = _b.Parse(guarded, GuardLength, len);
        CheckGuards(guarded, len, "DnsResponse.Parse");
        Check(ok == ok2 && _a.RecordCount == _b.RecordCount && _a.Rcode == _b.Rcode && _a.Truncated == _b.Truncated
            && _a.BadRecords == _b.BadRecords && _a.Incomplete == _b.Incomplete, "the reading depends on the reply's offset");
        if (!ok) return;
        for (int i = 0; i < _a.RecordCount; i++)
        {
            Check(_a.TypeAt(i) == _b.TypeAt(i) && _a.TtlAt(i) == _b.TtlAt(i) && _a.SectionAt(i) == _b.SectionAt(i), "a record depends on the offset");
            Check(_a.DataOffsetAt(i) >= 0 && _a.DataOffsetAt(i) + _a.DataLengthAt(i) <= len, "record data outside the reply");
            string owner = NameOf(_a, _a.NameOffsetAt(i));
            Check(owner == NameOf(_b, _b.NameOffsetAt(i)), "a name depends on the offset");
            // Binary labels may hold dots, so only a host name's text names it unambiguously.
            if (_a.IsHostName(_a.NameOffsetAt(i))) Check(_a.NameEquals(_a.NameOffsetAt(i), owner), "a name differs from its own text");
            Check(_a.SameName(_a.NameOffsetAt(i), _a.QuestionNameOffset) == _b.SameName(_b.NameOffsetAt(i), _b.QuestionNameOffset), "name comparison depends on the offset");
            switch (_a.TypeAt(i))
            {
                case DnsType.Srv:
                    Check(_a.SrvPort(i) == _b.SrvPort(i) && _a.SrvPriority(i) == _b.SrvPriority(i), "SRV fields depend on the offset");
                    NameOf(_a, _a.SrvTarget(i));
                    _ = _a.IsHostName(_a.SrvTarget(i));
                    break;
                case DnsType.Naptr:
                    for (int f = 0; f < 3; f++)
                    {
                        _a.NaptrField(i, f, out int fo, out int fl);
                        Check(fo >= 0 && fo + fl <= len, "a NAPTR field outside the reply");
                    }
                    NameOf(_a, _a.NaptrReplacement(i));
                    break;
                case DnsType.Cname:
                    NameOf(_a, _a.CnameTarget(i));
                    break;
            }
        }
    }

    private string NameOf(DnsResponse r, int offset)
    {
        int n = r.WriteName(offset, _name, 0);
        Check(n <= 253, "a name longer than 253 characters");
        return System.Text.Encoding.Latin1.GetString(_name, 0, n);
    }

    private sealed class Capture : IDatagramSender
    {
        public readonly byte[] Last = new byte[DnsQuery.MaxLength];
        public int Count;

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            System.Buffer.BlockCopy(buf, off, Last, 0, len);
            Count++;
            return true;
        }
    }

    private sealed class Done : IResolverEvents
    {
        public int Count;

        public void OnResolved(SipResolver resolver) { Count++; }
    }
}
