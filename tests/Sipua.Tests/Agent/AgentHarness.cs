using System.Collections.Generic;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Subscription;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Agent;

/// <summary>A datagram the agent sent, with when and where.</summary>
public sealed record Sent(long AtMs, byte[] Bytes, string To)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);

    public SipMessage Parse()
    {
        var m = new SipMessage();
        byte[] copy = (byte[])Bytes.Clone();
        var st = new SipParser().Parse(copy, 0, copy.Length, m);
        if (st != ParseStatus.Ok && st != ParseStatus.KeepAlive) throw new System.InvalidOperationException("agent sent a malformed message: " + m.Error + "\n" + Text);
        return m;
    }
}

/// <summary>
/// A UserAgent on a manual clock with a recording network: tests play the peer by feeding
/// datagrams and advance time instead of sleeping.
/// </summary>
public sealed class AgentHarness : IDatagramSender, IAgentEvents, IMwiEvents, IInfoEvents
{
    public readonly ManualClock Clock = new(1_000_000);
    public readonly AgentSettings Settings = new();
    public readonly List<Sent> Out = new();
    public readonly List<string> Events = new();
    public readonly Endpoint Registrar = new("127.0.0.1", 5070);
    public readonly UserAgent Agent;

    public AgentHarness(string localHost = "127.0.0.1", int localPort = 5062, uint seed = 42, AgentCapacity? capacity = null, IMediaPorts? ports = null)
    {
        Settings.User = "linda";
        Settings.Password = "linda-secret";
        Settings.Domain = "nanophone.test";
        Settings.Server.CopyFrom(Registrar);
        Settings.Expires = 3600;
        Agent = new UserAgent(Settings, Clock, this, this, new Randomness(seed), new Endpoint(localHost, localPort),
            capacity ?? new AgentCapacity(8, 8, 2), ports);
    }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        byte[] copy = new byte[len];
        System.Array.Copy(buf, off, copy, 0, len);
        Out.Add(new Sent(Clock.NowMs, copy, to.ToString()));
        return true;
    }

    public readonly List<string> CallEvents = new();

    /// <summary>Dials target (digits or a SIP URI) from the phone; the call's number (fails the test if refused).</summary>
    public int Dial(string target = "1234")
    {
        int n = Agent.Calls.Dial(target, out string? error);
        Xunit.Assert.True(n > 0, error);
        return n;
    }

    /// <summary>Each call event's state and the peer it names ("1 answered sip:bob@example.com").</summary>
    public readonly List<string> CallPeers = new();

    /// <summary>Every call event as the agent raised it (kind, cause, status; its Call only valid while it was handled).</summary>
    public readonly List<CallEvent> Reported = new();

    /// <summary>The call's state name when each event was raised ("" for a caller without a slot).</summary>
    public readonly List<string> ReportedStates = new();

    public void OnCall(CallEvent e)
    {
        Reported.Add(e);
        ReportedStates.Add(e.Call?.StateName ?? "");
        CallEvents.Add(e.ToString());
        CallPeers.Add(e.Number + " " + CallEventKinds.Name(e.Kind) + " " + e.Peer);
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
        => Events.Add(RegistrationStates.Name(state) + (contact != null ? " " + contact + " " + expires : "") + (detail.Length > 0 ? " (" + detail + ")" : ""));

    /// <summary>Message-waiting events: "summary yes 2/8 (0/2)" (+ " unsolicited"), "subscription active 600", "subscription retrying (no response)".</summary>
    public readonly List<string> MwiEvents = new();

    public void OnMessageSummary(MessageSummary s, bool unsolicited)
        => MwiEvents.Add("summary " + (s.Waiting ? "yes" : "no") + " " + s.NewVoice + "/" + s.OldVoice + " (" + s.UrgentNewVoice + "/" + s.UrgentOldVoice + ")" + (unsolicited ? " unsolicited" : ""));

    public void OnMwiSubscription(MwiState state, int expires, string detail)
        => MwiEvents.Add("subscription " + MwiStates.Name(state) + (expires > 0 ? " " + expires : "") + (detail.Length > 0 ? " (" + detail + ")" : ""));

    /// <summary>INFO bodies handed over: "CALL body".</summary>
    public readonly List<string> Infos = new();

    public void OnCallInfo(SipCall call, SipMessage info)
        => Infos.Add(call.Number + " " + TestData.Ascii(info.Buffer, info.BodyOffset, info.BodyLength));

    /// <summary>Feeds a datagram from the registrar.</summary>
    public void Deliver(string text, Endpoint? from = null)
    {
        byte[] b = System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
        Agent.Receive(b, 0, b.Length, from ?? Registrar);
    }

    /// <summary>Advances time in steps, running timers as a loop thread would.</summary>
    public void Run(long ms, long stepMs = 10)
    {
        long end = Clock.NowMs + ms;
        while (Clock.NowMs < end)
        {
            long next = Agent.NextDueMs;
            long to = next < end ? (next > Clock.NowMs ? next : Clock.NowMs) : end;
            Clock.Set(to);
            Agent.Tick();
            if (to == end) break;
        }
        Agent.Tick();
    }

    public List<Sent> Requests(string method) => Out.FindAll(s => s.Text.StartsWith(method + " "));

    /// <summary>Responses sent with this status code (and CSeq method, if given).</summary>
    public List<Sent> Responses(int code, string? cseqMethod = null) => Out.FindAll(s => s.Text.StartsWith("SIP/2.0 " + code + " ")
        && (cseqMethod == null || s.Parse().CSeqMethod.ToString().ToUpperInvariant() == cseqMethod));

    public Sent Last(string method) => Requests(method)[^1];
}

/// <summary>Builds a registrar's responses to a REGISTER the agent sent.</summary>
public static class RegistrarReplies
{
    public static string Header(SipMessage m, HeaderId id)
    {
        int i = m.IndexOf(id);
        return i < 0 ? "" : TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }

    /// <summary>A response copying Via, From, To (+tag), Call-ID and CSeq, plus extra header lines.</summary>
    public static string Reply(Sent request, int code, string reason, params string[] extra)
    {
        var m = request.Parse();
        var sb = new System.Text.StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
            sb.Append("Via: ").Append(TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i))).Append("\r\n");
        sb.Append("From: ").Append(Header(m, HeaderId.From)).Append("\r\n");
        sb.Append("To: ").Append(Header(m, HeaderId.To)).Append(";tag=reg1\r\n");
        sb.Append("Call-ID: ").Append(Header(m, HeaderId.CallId)).Append("\r\n");
        sb.Append("CSeq: ").Append(Header(m, HeaderId.CSeq)).Append("\r\n");
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    public const string Challenge = "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"n1\", qop=\"auth\", algorithm=MD5";
}
