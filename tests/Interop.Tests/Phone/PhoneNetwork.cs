using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Net;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Interop.Tests.Phone;

/// <summary>One datagram the phone sent or received, as text, with when (phone clock) and where.</summary>
public sealed class Datagram
{
    public Datagram(long atMs, bool outgoing, string local, string remote, string text, bool sendOk)
    {
        AtMs = atMs;
        Outgoing = outgoing;
        Local = local;
        Remote = remote;
        Text = text;
        SendOk = sendOk;
    }

    public long AtMs { get; }
    public bool Outgoing { get; }
    /// <summary>The phone's own address it went out of / came in on ("127.0.0.1:port").</summary>
    public string Local { get; }
    /// <summary>The other side ("127.0.0.1:port").</summary>
    public string Remote { get; }
    public string Text { get; }
    /// <summary>False if the socket refused to send it.</summary>
    public bool SendOk { get; }

    public string FirstLine
    {
        get
        {
            int end = Text.IndexOf("\r\n", StringComparison.Ordinal);
            return end < 0 ? Text : Text.Substring(0, end);
        }
    }

    public bool IsRequest(string method) => Text.StartsWith(method + " ", StringComparison.Ordinal);

    /// <summary>The status code of a response, 0 for a request (or a keep-alive).</summary>
    public int StatusCode
    {
        get
        {
            Match m = Regex.Match(FirstLine, @"^SIP/2\.0 (\d{3}) ");
            return m.Success ? int.Parse(m.Groups[1].Value) : 0;
        }
    }

    /// <summary>Every value of a header (full name, case-insensitive; no folded lines expected).</summary>
    public IReadOnlyList<string> Headers(string name)
    {
        int end = Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = end < 0 ? Text : Text.Substring(0, end);
        return head.Split("\r\n").Skip(1)
            .Select(line => (line, colon: line.IndexOf(':')))
            .Where(x => x.colon > 0 && string.Equals(x.line.Substring(0, x.colon).Trim(), name, StringComparison.OrdinalIgnoreCase))
            .Select(x => x.line.Substring(x.colon + 1).Trim())
            .ToList();
    }

    public string? Header(string name) => Headers(name).FirstOrDefault();

    /// <summary>A quoted or token parameter of a header value, e.g. nonce of WWW-Authenticate.</summary>
    public string? HeaderParam(string header, string param)
    {
        string? v = Header(header);
        if (v == null) return null;
        Match m = Regex.Match(v, @"(?:^|[\s,;])" + Regex.Escape(param) + @"\s*=\s*(?:""([^""]*)""|([^\s,;]+))", RegexOptions.IgnoreCase);
        if (!m.Success) return null;
        return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    public override string ToString() =>
        $"{AtMs,8} ms {(Outgoing ? Local + " -> " + Remote : Local + " <- " + Remote)}  {FirstLine}{(SendOk ? "" : "  [send failed]")}";
}

/// <summary>
/// The phone's network for the tests: UDP through a real UdpTransport, which can be swapped for
/// another one (the phone moved to another address) while the loop runs, and a log of every
/// datagram sent and received. Send, Poll and Use run on the loop thread only; the log may be
/// read from any thread.
/// </summary>
public sealed class PhoneNetwork : IDatagramSender, IDatagramPoller, IDisposable
{
    private readonly IClock _clock;
    private readonly object _gate = new object();
    private readonly List<Datagram> _log = new List<Datagram>();
    private readonly Tap _tap;
    private volatile UdpTransport _current;
    private bool _disposed;

    public PhoneNetwork(UdpTransport first, IClock clock)
    {
        _current = first;
        _clock = clock;
        _tap = new Tap(this);
    }

    /// <summary>The socket in use now.</summary>
    public UdpTransport Current => _current;

    /// <summary>Loop thread only: from now on send and receive on next. The caller disposes the old socket.</summary>
    public UdpTransport Use(UdpTransport next)
    {
        UdpTransport old = _current;
        _current = next;
        return old;
    }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        UdpTransport t = _current;
        bool ok = t.Send(buf, off, len, to);
        Record(new Datagram(_clock.NowMs, true, t.LocalEndpoint.ToString(), to.ToString(), Encoding.UTF8.GetString(buf, off, len), ok));
        return ok;
    }

    private StreamSockets? _streams;
    private IStreamEvents? _streamEvents;

    /// <summary>TCP and TLS: the connections' events reach the agent's flows when the loop polls; the log lists their lines.</summary>
    public void Attach(StreamSockets streams, IStreamEvents events)
    {
        _streams = streams;
        _streamEvents = events;
        streams.Wake = () => _current.Wake();
        streams.Log = line => Record(new Datagram(_clock.NowMs, false, "-", "-", "(connection) " + line, true));
    }

    /// <summary>The TCP and TLS connections, if any.</summary>
    public StreamSockets? Streams => _streams;

    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        _tap.Receiver = receiver;
        if (_streams != null && _streamEvents != null && _streams.Deliver(_streamEvents) > 0) timeoutMs = 0;
        return _current.Poll(timeoutMs, _tap);
    }

    /// <summary>A snapshot of every datagram so far, oldest first.</summary>
    public IReadOnlyList<Datagram> Log
    {
        get { lock (_gate) return _log.ToList(); }
    }

    /// <summary>Datagrams the phone sent that start a request of method (retransmissions included).</summary>
    public IReadOnlyList<Datagram> SentRequests(string method) => Log.Where(d => d.Outgoing && d.IsRequest(method)).ToList();

    /// <summary>
    /// Requests of method the phone sent, each once: retransmissions (same Via branch) left out.
    /// Kamailio answers on loopback within a few ms, far below T1 (500 ms), so normally there are
    /// none; on a loaded machine there may be.
    /// </summary>
    public IReadOnlyList<Datagram> NewRequests(string method) =>
        SentRequests(method).GroupBy(d => d.Branch()).Select(g => g.First()).ToList();

    /// <summary>The first response to each request (by CSeq): repeats and strays left out.</summary>
    public IReadOnlyList<Datagram> FirstAnswers() =>
        ReceivedResponses().GroupBy(d => d.Header("CSeq")).Select(g => g.First()).ToList();

    /// <summary>Responses the phone received.</summary>
    public IReadOnlyList<Datagram> ReceivedResponses() => Log.Where(d => !d.Outgoing && d.StatusCode > 0).ToList();

    /// <summary>Requests of <paramref name="method"/> the phone received (retransmissions included).</summary>
    public IReadOnlyList<Datagram> ReceivedRequests(string method) => Log.Where(d => !d.Outgoing && d.IsRequest(method)).ToList();

    /// <summary>Responses with <paramref name="code"/> the phone sent (for CSeq method <paramref name="method"/>, if given).</summary>
    public IReadOnlyList<Datagram> SentResponses(int code, string? method = null) =>
        Log.Where(d => d.Outgoing && d.StatusCode == code && (method == null || d.CSeqMethod() == method)).ToList();

    /// <summary>The whole log, one line per datagram, for assertion messages.</summary>
    public string Describe() => string.Join("\n", Log);

    private void Record(Datagram d)
    {
        lock (_gate) _log.Add(d);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _streams?.Dispose();
        _current.Dispose();
    }

    /// <summary>Logs each received datagram, then hands it on (to the loop, i.e. the agent).</summary>
    private sealed class Tap : IDatagramReceiver
    {
        private readonly PhoneNetwork _owner;
        public IDatagramReceiver? Receiver;

        public Tap(PhoneNetwork owner) { _owner = owner; }

        public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
        {
            UdpTransport t = _owner._current;
            _owner.Record(new Datagram(_owner._clock.NowMs, false, t.LocalEndpoint.ToString(), source.ToString(),
                Encoding.UTF8.GetString(buf, off, len), true));
            Receiver?.OnDatagram(buf, off, len, source);
        }
    }
}
