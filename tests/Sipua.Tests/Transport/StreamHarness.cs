using System.Collections.Generic;
using System.Text;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Transport;

/// <summary>
/// A UserAgent on a manual clock with UDP and TCP/TLS played by the test: the agent asks for
/// connections (Open, Write, Close are recorded) and the test answers as the platform would
/// (Opened, Data, Closed into Agent.Flows).
/// </summary>
public sealed class StreamHarness : IDatagramSender, IStreamSockets, IAgentEvents
{
    public readonly ManualClock Clock = new(1_000_000);
    public readonly AgentSettings Settings = new();
    public readonly UserAgent Agent;
    public readonly List<string> Datagrams = new();
    public readonly List<(int Handle, string Remote, string ServerName)> Opened = new();
    public readonly List<(int Handle, string Text)> Written = new();
    public readonly List<int> Closed = new();
    public readonly List<string> Registration = new();
    private int _next;

    public StreamHarness(TransportProtocol protocol, int port = 5070)
    {
        Settings.User = "linda";
        Settings.Password = "linda-secret";
        Settings.Domain = "nanophone.test";
        Settings.Server.TrySetHost("127.0.0.1", port);
        Settings.Server.Protocol = protocol;
        Settings.Expires = 600;
        Agent = new UserAgent(Settings, Clock, this, this, new Randomness(7), new Endpoint("127.0.0.1", 5062),
            new AgentCapacity(8, 8, 2), null, this);
    }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        Datagrams.Add(to + " " + Encoding.ASCII.GetString(buf, off, len));
        return true;
    }

    public int Open(Endpoint remote, string? serverName)
    {
        Opened.Add((++_next, remote + "/" + TransportProtocols.Name(remote.Protocol), serverName ?? ""));
        return _next;
    }

    public bool WriteFails;

    public bool Write(int handle, byte[] buf, int off, int len)
    {
        if (WriteFails) return false;
        Written.Add((handle, Encoding.ASCII.GetString(buf, off, len)));
        return true;
    }

    public void Close(int handle) => Closed.Add(handle);

    /// <summary>The platform says the last connection opened, from local port.</summary>
    public void Connect(int handle, int localPort = 40001)
    {
        var local = new Endpoint("127.0.0.1", localPort);
        Agent.Flows.OnOpened(handle, local);
    }

    public void Receive(int handle, string text)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        Agent.Flows.OnData(handle, b, 0, b.Length);
    }

    public void Advance(long ms)
    {
        Clock.Advance(ms);
        Agent.Tick();
    }

    /// <summary>The requests written on the connections, first lines only.</summary>
    public List<string> FirstLines()
    {
        var r = new List<string>();
        foreach (var w in Written) r.Add(w.Text.Split("\r\n")[0]);
        return r;
    }

    /// <summary>The last message written that starts with method.</summary>
    public string Last(string method) => Written.FindLast(w => w.Text.StartsWith(method + " ")).Text;

    /// <summary>A response to a request the agent wrote: same Via, From, To (with tag), Call-ID, CSeq.</summary>
    public static string Answer(string request, int code, string reason, string extra = "")
    {
        var sb = new StringBuilder($"SIP/2.0 {code} {reason}\r\n");
        foreach (string line in request.Split("\r\n"))
        {
            if (line.StartsWith("Via:") || line.StartsWith("From:") || line.StartsWith("Call-ID:") || line.StartsWith("CSeq:"))
                sb.Append(line).Append("\r\n");
            else if (line.StartsWith("To:")) sb.Append(line).Append(";tag=srv1\r\n");
            else if (line.StartsWith("Contact:") && code < 300) sb.Append(line.Replace(";expires=", ";expires=")).Append("\r\n");
        }
        sb.Append(extra).Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail) =>
        Registration.Add(RegistrationStates.Name(state) + (contact != null ? " " + contact : "") + (detail.Length > 0 ? " (" + detail + ")" : ""));

    public void OnCall(CallEvent e) { }
}
