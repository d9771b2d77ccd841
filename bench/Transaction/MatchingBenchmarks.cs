using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Load;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Transaction;

/// <summary>
/// What one message costs the transaction layer with a phone's pool (16 server transactions) and a
/// load host's (100,000: 2000 calls/s, each CANCEL held 32 s in Timer J): a retransmitted INVITE
/// absorbed (its 180 resent to a null transport), a CANCEL's INVITE lookup (§9.2), and a new
/// request creating a transaction that is then abandoned (acquire, index, release). All INVITEs
/// have had a 180. The setup also prints the retained bytes per slot (Footprint model, CoreCLR
/// 64-bit), idle and after one INVITE + 180, with the timer queue sized 2 per slot.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MatchingBenchmarks
{
    [Params(16, 100_000)]
    public int ServerTransactions;

    private TransactionLayer _layer = null!;
    private SipMessage _retransmission = null!, _cancel = null!, _fresh = null!;
    private readonly Endpoint _peer = new Endpoint("192.0.2.20", 5070);
    private readonly NullUser _user = new NullUser();

    [GlobalSetup]
    public void Setup()
    {
        _layer = Build(ServerTransactions + 1, out long idle);
        var parser = new SipParser();
        var m = new SipMessage();
        byte[] ringing = Array.Empty<byte>();
        for (int i = 0; i < ServerTransactions; i++)
        {
            byte[] b = Encoding.ASCII.GetBytes(Invite("INVITE", i));
            parser.Parse(b, 0, b.Length, m);
            if (_layer.OnRequest(m, _peer) != RequestOutcome.Created) throw new InvalidOperationException("setup: not created");
            ringing = Encoding.ASCII.GetBytes(Ringing(i));
            if (!_layer.SendResponse(_user.Last!, ringing, 0, ringing.Length)) throw new InvalidOperationException("setup: 180 not sent");
        }
        long used = Footprint.Walk(_layer).Bytes;
        int slots = _layer.SlotCount;
        Console.WriteLine($"// retained, {slots} slots (1 client): idle {idle} B = {idle / slots} B/slot; " +
            $"after INVITE+180 on {ServerTransactions}: {used} B = {used / slots} B/slot");
        Console.WriteLine("// idle by type: " + ByType(Build(ServerTransactions + 1, out _), slots));

        _retransmission = Parse(Invite("INVITE", ServerTransactions / 2));
        _cancel = Parse(Invite("CANCEL", ServerTransactions - 1));
        _fresh = Parse(Invite("INVITE", ServerTransactions));
        if (_layer.OnRequest(_retransmission, _peer) != RequestOutcome.Absorbed) throw new InvalidOperationException("setup: not absorbed");
        if (_layer.FindInviteServer(_cancel) == null) throw new InvalidOperationException("setup: CANCEL finds no INVITE");
    }

    [Benchmark(Description = "retransmitted INVITE absorbed (180 resent)")]
    public RequestOutcome Retransmission() => _layer.OnRequest(_retransmission, _peer);

    [Benchmark(Description = "CANCEL finds its INVITE (9.2)")]
    public SipTransaction? CancelLookup() => _layer.FindInviteServer(_cancel);

    [Benchmark(Description = "new INVITE creates a transaction, then abandoned")]
    public RequestOutcome CreateAndRelease()
    {
        RequestOutcome o = _layer.OnRequest(_fresh, _peer);
        _layer.Abandon(_user.Last);
        return o;
    }

    private TransactionLayer Build(int servers, out long retained)
    {
        var layer = new TransactionLayer(new ManualClock(), new TimerQueue(2 * (servers + 1)), new NullSender(), _user,
            new Counter(), new TimerSettings(), 1, servers);
        retained = Footprint.Walk(layer).Bytes;
        return layer;
    }

    private static string ByType(TransactionLayer layer, int slots)
    {
        var report = Footprint.Walk(layer);
        var sb = new StringBuilder();
        foreach (var kv in report.ByType)
        {
            if (kv.Value.Bytes < slots) continue;   // per-layer singletons (parser, writer...)
            sb.Append(kv.Key).Append(' ').Append((double)kv.Value.Bytes / slots).Append(" B/slot; ");
        }
        return sb.ToString();
    }

    private static SipMessage Parse(string text)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        var m = new SipMessage();
        if (new SipParser().Parse(b, 0, b.Length, m) != ParseStatus.Ok) throw new InvalidOperationException(m.Error);
        return m;
    }

    private static string Branch(int i) => "z9hG4bK" + i.ToString("x8") + "-load";

    private static string Invite(string method, int i) =>
        method + " sip:alice@192.0.2.10 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.20:5070;branch=" + Branch(i) + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: sipp <sip:sipp@192.0.2.20:5070>;tag=" + i + "SIPpTag00\r\n" +
        "To: <sip:alice@192.0.2.10>\r\n" +
        "Call-ID: " + i + "-load@192.0.2.20\r\n" +
        "CSeq: 1 " + method + "\r\n" +
        "Contact: <sip:sipp@192.0.2.20:5070>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string Ringing(int i) =>
        "SIP/2.0 180 Ringing\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.20:5070;branch=" + Branch(i) + "\r\n" +
        "From: sipp <sip:sipp@192.0.2.20:5070>;tag=" + i + "SIPpTag00\r\n" +
        "To: <sip:alice@192.0.2.10>;tag=" + i + "a6c85cf\r\n" +
        "Call-ID: " + i + "-load@192.0.2.20\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:alice@192.0.2.10>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private sealed class NullSender : IDatagramSender
    {
        public bool Send(byte[] buf, int off, int len, Endpoint to) => true;
    }

    private sealed class Counter : IRandom
    {
        private uint _n = 0x1000;
        public uint Next() => _n += 0x9E3779B9;
    }

    private sealed class NullUser : ITransactionUser
    {
        public SipTransaction? Last;
        public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source) => Last = tx;
        public void OnAck(SipTransaction? inviteTx, SipMessage ack, Endpoint source) { }
        public void OnResponse(SipTransaction tx, SipMessage response) { }
        public void OnTimeout(SipTransaction tx) { }
        public void OnTransportError(SipTransaction tx) { }
        public void OnTerminated(SipTransaction tx) { }
    }
}
