using System;
using System.Net;
using System.Threading;
using NanoPhone.App.Console;
using NanoPhone.App.Runtime;
using NanoPhone.Net;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's network: a UdpTransport that the loop thread polls, with the console's SIP log
/// (<c>log sip on</c>: one line per datagram, <c>SIP&gt; PEER FIRST-LINE</c> sent,
/// <c>SIP&lt; PEER FIRST-LINE</c> received) and a rebind for a new local port. The thread that
/// polls has its event lines held back (<see cref="EventOutput.HoldLinesOfThisThread"/>) and
/// written out before the poll waits (or after <see cref="MaxHoldMs"/>), so a turn's lines cost one
/// write. Loop thread only, except <see cref="Log"/>, <see cref="Wake"/> and Dispose.
/// </summary>
public sealed class SipSocket : IDatagramSender, IDatagramPoller, IWakeablePoller, IDatagramReceiver, IDisposable
{
    /// <summary>The bytes of a start line the log shows; "..." marks the rest.</summary>
    public const int MaxLogLineBytes = 200;
    /// <summary>Longest time event lines are held back while datagrams keep coming.</summary>
    public const int MaxHoldMs = 20;

    private readonly EventOutput _output;
    private volatile UdpTransport _udp;
    private StreamSockets? _streams;
    private IStreamEvents? _streamEvents;
    private IDatagramReceiver? _receiver;
    private Thread? _poller;

    public SipSocket(IPEndPoint local, EventOutput output)
    {
        _udp = new UdpTransport(local);
        _output = output;
    }

    /// <summary>Print every datagram (any thread may switch it).</summary>
    public volatile bool Log;

    public IPEndPoint LocalIPEndPoint => _udp.LocalIPEndPoint;

    /// <summary>The bound address as the agent writes it into Via and Contact.</summary>
    public Endpoint LocalEndpoint => _udp.LocalEndpoint;

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        bool ok = _udp.Send(buf, off, len, to);
        if (Log) _output.WriteLine("SIP> " + to + " " + FirstLine(buf, off, len) + (ok ? "" : " (send failed)"));
        return ok;
    }

    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        _receiver = receiver;
        if (_poller != Thread.CurrentThread)
        {
            _poller = Thread.CurrentThread;
            _output.HoldLinesOfThisThread();
        }
        // The lines held back go out before a wait: unless a datagram is already here (they then
        // go out with the next turn's), or they have waited long enough.
        if (_output.HoldsLines && ((timeoutMs > 0 && !_udp.HasDatagram) || _output.HeldForMs >= MaxHoldMs)) _output.Flush();
        // What the connections brought first (a connection's thread wakes the poll when it queues).
        if (_streams != null && _streamEvents != null && _streams.Deliver(_streamEvents) > 0) timeoutMs = 0;
        return _udp.Poll(timeoutMs, this);
    }

    /// <summary>Ends the loop thread's wait in Poll (any thread).</summary>
    public void Wake() => _udp.Wake();

    /// <summary>SIP over TCP and TLS: the connections' events go to events (the agent's flows) when the loop polls.</summary>
    public void Attach(StreamSockets streams, IStreamEvents events)
    {
        _streams = streams;
        _streamEvents = events;
        streams.Wake = Wake;
        streams.Log = line => { if (Log) _output.WriteLine("SIP: " + line); };
    }

    public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
    {
        // Before the agent sees it: it parses in place and may change the bytes.
        if (Log) _output.WriteLine("SIP< " + source + " " + FirstLine(buf, off, len));
        _receiver?.OnDatagram(buf, off, len, source);
    }

    /// <summary>Listens on another address or port from now on; the old socket is closed. Throws if the new one cannot be bound.</summary>
    public void Rebind(IPEndPoint local)
    {
        var next = new UdpTransport(local);
        UdpTransport old = _udp;
        _udp = next;
        old.Dispose();
    }

    public void Dispose()
    {
        _udp.Dispose();
        _output.Flush();
    }

    /// <summary>
    /// The start line, shortened, escaped as the device's log escapes (<see cref="PrintableText"/>:
    /// control bytes and bytes from 0x80 as \xNN); "(keep-alive)" for CRLF pings.
    /// </summary>
    public static string FirstLine(byte[] buf, int off, int len)
    {
        int end = off;
        while (end < off + len && buf[end] != (byte)'\r' && buf[end] != (byte)'\n') end++;
        if (end == off)
        {
            bool blank = true;
            for (int i = off; i < off + len && blank; i++) blank = buf[i] == '\r' || buf[i] == '\n' || buf[i] == ' ' || buf[i] == '\t';
            if (blank) return "(keep-alive)";
        }
        return PrintableText.Escape(buf, off, Math.Min(end - off, MaxLogLineBytes)) + (end - off > MaxLogLineBytes ? "..." : "");
    }
}
