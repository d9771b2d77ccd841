using System.Collections.Generic;
using NanoPhone.Fuzz;
using NanoPhone.Sip.Dns;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Dns;

/// <summary>
/// RFC 3263 §4 with the phone's own DNS client (RFC 1035), the server played by the test:
///  1. NAPTR chooses the transport (order, then preference), SRV orders the servers (priority,
///     then weight), the additional section gives addresses, A queries the rest; TTLs bound the list.
///  2. without NAPTR records, SRV for TLS, TCP, UDP in turn; without SRV records, A with the default port.
///  3. a fixed transport asks only its SRV records; a port asks only A; an address asks nothing.
///  4. a truncated reply is used as far as it goes; records with bad data are skipped.
///  5. a server that does not answer: one retry (1 s, then 2 s), then the name goes to the platform.
///  6. replies with another id or question, or from another address, are not taken as the answer.
/// </summary>
public class SipResolverTests : IDatagramSender, IResolverEvents
{
    private readonly ManualClock _clock = new(1000);
    private readonly TimerQueue _timers = new(8);
    private readonly SipResolver _r;
    private readonly List<byte[]> _queries = new();
    private readonly Endpoint _server = new("192.0.2.53", 53);
    private int _resolved;

    public SipResolverTests()
    {
        _r = new SipResolver(_clock, _timers, this, new Randomness(5), this);
        _r.Server.CopyFrom(_server);
    }

    bool IDatagramSender.Send(byte[] buf, int off, int len, Endpoint to)
    {
        Assert.True(to.Equals(_server));
        _queries.Add(buf[off..(off + len)]);
        return true;
    }

    void IResolverEvents.OnResolved(SipResolver resolver) => _resolved++;

    /// <summary>The last query's name and type, as the server reads it.</summary>
    private (string Name, int Type, int Id) LastQuery()
    {
        byte[] q = _queries[^1];
        int id = (q[0] << 8) | q[1];
        var name = new System.Text.StringBuilder();
        int p = 12;
        while (q[p] != 0)
        {
            if (name.Length > 0) name.Append('.');
            name.Append(System.Text.Encoding.ASCII.GetString(q, p + 1, q[p]));
            p += 1 + q[p];
        }
        return (name.ToString(), (q[p + 1] << 8) | q[p + 2], id);
    }

    /// <summary>Answers the query in flight with a reply built for it (its id put in).</summary>
    private void Reply(string expectName, int expectType, System.Func<int, DnsWire> build)
    {
        var (name, type, id) = LastQuery();
        Assert.Equal((expectName, DnsType.Name(expectType)), (name, DnsType.Name(type)));
        byte[] reply = build(id).ToArray();
        Assert.True(_r.OnDatagram(reply, 0, reply.Length, _server));
    }

    private string Targets()
    {
        var s = new List<string>();
        for (int i = 0; i < _r.Targets.Count; i++) s.Add(_r.Targets.Describe(i));
        return string.Join(", ", s);
    }

    [Fact]
    public void NAPTR_chooses_TCP_SRV_orders_by_priority_and_addresses_come_from_additional_records_or_A()
    {
        Assert.False(_r.Resolve("example.com", 0, TransportProtocol.Udp, false));
        Reply("example.com", DnsType.Naptr, id => new DnsWire(id, "example.com", DnsType.Naptr)
            .Naptr(DnsWire.PointerToQuestion, 300, 20, 10, "s", "SIP+D2U", "", "_sip._udp.example.com")
            .Naptr(DnsWire.PointerToQuestion, 300, 10, 10, "s", "SIP+D2T", "", "_sip._tcp.example.com")
            .Naptr(DnsWire.PointerToQuestion, 300, 5, 10, "s", "SIP+D2W", "", "_sip._ws.example.com"));
        Reply("_sip._tcp.example.com", DnsType.Srv, id => new DnsWire(id, "_sip._tcp.example.com", DnsType.Srv)
            .Srv(DnsWire.PointerToQuestion, 120, 20, 0, 5080, "backup.example.com")
            .Srv(DnsWire.PointerToQuestion, 120, 10, 0, 5070, "sip1.example.com")
            .A("sip1.example.com", 60, 192, 0, 2, 1, 3));
        Reply("backup.example.com", DnsType.A, id => new DnsWire(id, "backup.example.com", DnsType.A)
            .A(DnsWire.PointerToQuestion, 30, 192, 0, 2, 2));
        Assert.False(_r.Busy);
        Assert.Equal(1, _resolved);
        Assert.Equal("sip1.example.com 192.0.2.1:5070/tcp, backup.example.com 192.0.2.2:5080/tcp", Targets());
        Assert.Equal(_clock.NowMs + 30_000, _r.Targets.ExpiresAtMs);
        Assert.Null(_r.Problem);
    }

    [Fact]
    public void Without_NAPTR_records_SRV_for_TLS_TCP_UDP_in_turn_then_A_with_the_default_port()
    {
        _r.Resolve("example.com", 0, TransportProtocol.Udp, false);
        Reply("example.com", DnsType.Naptr, id => new DnsWire(id, "example.com", DnsType.Naptr, 0x8183));
        Reply("_sips._tcp.example.com", DnsType.Srv, id => new DnsWire(id, "_sips._tcp.example.com", DnsType.Srv, 0x8183));
        Reply("_sip._tcp.example.com", DnsType.Srv, id => new DnsWire(id, "_sip._tcp.example.com", DnsType.Srv, 0x8183));
        Reply("_sip._udp.example.com", DnsType.Srv, id => new DnsWire(id, "_sip._udp.example.com", DnsType.Srv)
            .Srv(DnsWire.PointerToQuestion, 30, 0, 0, 5060, "."));
        Reply("example.com", DnsType.A, id => new DnsWire(id, "example.com", DnsType.A).A(DnsWire.PointerToQuestion, 60, 203, 0, 113, 5));
        Assert.Equal("example.com 203.0.113.5:5060/udp", Targets());
    }

    [Fact]
    public void A_fixed_transport_asks_only_its_SRV_a_port_only_A_an_address_nothing()
    {
        _r.Resolve("example.com", 0, TransportProtocol.Tls, true);
        Assert.Equal(("_sips._tcp.example.com", DnsType.Srv), (LastQuery().Name, LastQuery().Type));
        _r.Resolve("example.com", 5070, TransportProtocol.Tcp, true);
        Assert.Equal(("example.com", DnsType.A), (LastQuery().Name, LastQuery().Type));
        int sent = _queries.Count;
        Assert.True(_r.Resolve("192.0.2.9", 0, TransportProtocol.Tls, true));
        Assert.Equal(sent, _queries.Count);
        Assert.Equal("192.0.2.9:5061/tls", Targets());
    }

    [Fact]
    public void A_truncated_reply_is_used_as_far_as_it_goes_and_records_with_bad_data_are_skipped()
    {
        _r.Resolve("example.com", 5060, TransportProtocol.Udp, true);
        Reply("example.com", DnsType.A, id =>
        {
            var w = new DnsWire(id, "example.com", DnsType.A, 0x8380)
                .Record(DnsWire.PointerToQuestion, DnsType.A, 60, new byte[] { 1, 2, 3 })
                .A(DnsWire.PointerToQuestion, 60, 192, 0, 2, 4);
            return w;
        });
        Assert.Equal("example.com 192.0.2.4:5060/udp", Targets());
        Assert.Contains("truncated", _r.Problem);
    }

    [Fact]
    public void A_server_that_does_not_answer_gets_one_retry_then_the_name_goes_to_the_platform()
    {
        _r.Resolve("example.com", 0, TransportProtocol.Udp, false);
        _clock.Advance(1000);
        _timers.RunDue(_clock.NowMs);
        Assert.Equal(2, _queries.Count);
        _clock.Advance(2000);
        _timers.RunDue(_clock.NowMs);
        Assert.False(_r.Busy);
        Assert.Equal(1, _resolved);
        Assert.Equal("no answer from the DNS server 192.0.2.53:53 for example.com", _r.Problem);
        Assert.Equal("example.com example.com:5060/udp", Targets());
    }

    [Fact]
    public void Replies_with_another_id_or_question_or_from_elsewhere_are_not_the_answer()
    {
        _r.Resolve("example.com", 5060, TransportProtocol.Udp, true);
        var (_, _, id) = LastQuery();
        byte[] wrongId = new DnsWire(id ^ 1, "example.com", DnsType.A).A(DnsWire.PointerToQuestion, 60, 6, 6, 6, 6).ToArray();
        byte[] wrongName = new DnsWire(id, "evil.example", DnsType.A).A(DnsWire.PointerToQuestion, 60, 6, 6, 6, 6).ToArray();
        Assert.True(_r.OnDatagram(wrongId, 0, wrongId.Length, _server));
        Assert.True(_r.OnDatagram(wrongName, 0, wrongName.Length, _server));
        Assert.False(_r.OnDatagram(wrongName, 0, wrongName.Length, new Endpoint("192.0.2.99", 53)));
        Assert.True(_r.Busy);
        Assert.Equal(2, _r.RepliesDropped);
    }
}
