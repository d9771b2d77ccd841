using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>
/// A tiny SIP peer on 127.0.0.1 for the simulator tests: a UdpClient playing registrar and proxy.
/// It waits (bounded) for the phone's datagrams, answers requests by copying Via, From, To,
/// Call-ID and CSeq, and sends requests of its own to the phone.
/// </summary>
public sealed class ScriptedRegistrar : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>Where the last datagram came from: the phone.</summary>
    public IPEndPoint? Phone { get; private set; }

    /// <summary>The next datagram whose text matches (others are skipped); fails on timeout.</summary>
    public string Receive(string regex, TimeSpan? timeout = null)
    {
        var re = new Regex(regex);
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var skipped = new StringBuilder();
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("no datagram matching /" + regex + "/; got:\n" + skipped);
            _udp.Client.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
            IPEndPoint? from = null;
            byte[] data;
            try
            {
                data = _udp.Receive(ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException)
            {
                continue;   // ICMP unreachable for something we sent earlier
            }
            string text = Encoding.UTF8.GetString(data);
            Phone = from;
            if (re.IsMatch(text)) return text;
            skipped.Append(text.Split("\r\n")[0]).Append('\n');
        }
    }

    public void Send(string text, IPEndPoint to)
    {
        byte[] b = Encoding.UTF8.GetBytes(text);
        _udp.Send(b, b.Length, to);
    }

    /// <summary>Answers a request to its sender.</summary>
    public void Reply(string request, int code, string reason, params string[] extra) =>
        Send(Response(request, code, reason, extra), Phone!);

    public static string Response(string request, int code, string reason, params string[] extra)
    {
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        foreach (string line in request.Split("\r\n"))
        {
            if (line.Length == 0) break;
            if (line.StartsWith("Via:") || line.StartsWith("From:") || line.StartsWith("Call-ID:") || line.StartsWith("CSeq:"))
                sb.Append(line).Append("\r\n");
            else if (line.StartsWith("To:"))
                sb.Append(line).Append(line.Contains(";tag=") ? "" : ";tag=reg1").Append("\r\n");
        }
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    /// <summary>A header's value (first occurrence) of a message, or null.</summary>
    public static string? Header(string message, string name)
    {
        foreach (string line in message.Split("\r\n"))
        {
            if (line.Length == 0) break;
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) return line.Substring(name.Length + 1).Trim();
        }
        return null;
    }

    public void Dispose() => _udp.Dispose();
}
