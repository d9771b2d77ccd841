using System.Collections.Generic;
using System.Text;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>One datagram the layer handed to the transport: when, what, where.</summary>
public sealed record Sent(long AtMs, string Text, string To)
{
    public string StartLine => Text.Substring(0, Text.IndexOf("\r\n", System.StringComparison.Ordinal));
}

/// <summary>Records every send with the manual clock's time; can be told to fail.</summary>
public sealed class RecordingSender : IDatagramSender
{
    private readonly IClock _clock;
    public readonly List<Sent> Sent = new();
    public bool Fail;

    public RecordingSender(IClock clock) { _clock = clock; }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        Sent.Add(new Sent(_clock.NowMs, Encoding.ASCII.GetString(buf, off, len), to.ToString()));
        return !Fail;
    }
}

/// <summary>Records what the TU is told as "time event detail" lines; hooks let a test answer.</summary>
public sealed class RecordingUser : ITransactionUser
{
    private readonly IClock _clock;
    public readonly List<string> Events = new();
    public System.Action<SipTransaction, SipMessage>? WhenRequest;
    public System.Action<SipTransaction?, SipMessage>? WhenAck;
    public SipTransaction? LastServerTx;

    public RecordingUser(IClock clock) { _clock = clock; }

    public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source)
    {
        LastServerTx = tx;
        Events.Add(_clock.NowMs + " request " + request.MethodText);
        WhenRequest?.Invoke(tx, request);
    }

    public void OnAck(SipTransaction? inviteTx, SipMessage ack, Endpoint source)
    {
        Events.Add(_clock.NowMs + " ack " + (inviteTx == null ? "no-transaction" : inviteTx.StateName));
        WhenAck?.Invoke(inviteTx, ack);
    }

    public System.Action<SipTransaction, SipMessage>? WhenResponse;

    public void OnResponse(SipTransaction tx, SipMessage response)
    {
        Events.Add(_clock.NowMs + " response " + response.StatusCode + " " + tx.StateName);
        WhenResponse?.Invoke(tx, response);
    }

    public void OnTimeout(SipTransaction tx) { Events.Add(_clock.NowMs + " timeout " + tx.End); }

    public void OnTransportError(SipTransaction tx) { Events.Add(_clock.NowMs + " transport-error " + tx.StateName); }

    public void OnTerminated(SipTransaction tx) { Events.Add(_clock.NowMs + " terminated " + tx.End); }
}

/// <summary>Counter-based randomness: branches differ and repeat across runs.</summary>
public sealed class CountingRandom : IRandom
{
    private uint _n = 0x1000;
    public uint Next() => _n += 0x9E3779B9;
}

/// <summary>
/// A transaction layer on a manual clock, a recording transport and a recording TU. RunUntil
/// steps the clock from timer to timer, as the loop thread would sleep until NextDueMs.
/// </summary>
public sealed class TransactionHarness
{
    public const string LocalBranch = "z9hG4bKnashds8";
    public const string PeerBranch = "z9hG4bK776asdhds";

    public readonly ManualClock Clock = new();
    public readonly TimerQueue Timers = new(64);
    public readonly RecordingSender Sender;
    public readonly RecordingUser User;
    public readonly TransactionLayer Layer;
    /// <summary>Where client requests go and server requests come from.</summary>
    public readonly Endpoint Peer = new("192.0.2.20", 5070);

    public TransactionHarness(int clients = 4, int servers = 4, TimerSettings? settings = null)
    {
        Sender = new RecordingSender(Clock);
        User = new RecordingUser(Clock);
        Layer = new TransactionLayer(Clock, Timers, Sender, User, new CountingRandom(),
            settings ?? new TimerSettings(), clients, servers);
    }

    public void RunUntil(long ms)
    {
        while (Timers.NextDueMs <= ms)
        {
            Clock.Set(Timers.NextDueMs);
            Timers.RunDue(Clock.NowMs);
        }
        Clock.Set(ms);
    }

    public static SipMessage Parse(string text)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        var m = new SipMessage();
        var status = new SipParser().Parse(b, 0, b.Length, m);
        if (status != ParseStatus.Ok) throw new System.InvalidOperationException("test message does not parse: " + m.Error);
        return m;
    }

    public RequestOutcome Receive(string request) => Layer.OnRequest(Parse(request), Peer);

    public bool ReceiveResponse(string response) => Layer.OnResponse(Parse(response), Peer);

    /// <summary>Starts a client transaction for one of the Messages requests.</summary>
    public SipTransaction? Send(SipMethod method, string request, string branch = LocalBranch)
    {
        byte[] b = Encoding.ASCII.GetBytes(request);
        byte[] br = Encoding.ASCII.GetBytes(branch);
        return Layer.SendRequest(method, br, 0, br.Length, b, 0, b.Length, Peer);
    }

    public bool Respond(SipTransaction tx, string response)
    {
        byte[] b = Encoding.ASCII.GetBytes(response);
        return Layer.SendResponse(tx, b, 0, b.Length);
    }

    /// <summary>Times of the sends whose start line begins with prefix.</summary>
    public long[] SendTimes(string prefix)
    {
        var t = new List<long>();
        foreach (var s in Sender.Sent) if (s.StartLine.StartsWith(prefix, System.StringComparison.Ordinal)) t.Add(s.AtMs);
        return t.ToArray();
    }
}
