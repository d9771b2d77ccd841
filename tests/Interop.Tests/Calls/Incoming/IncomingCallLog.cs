using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Sip.Call;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Interop.Tests.Calls.Incoming;

/// <summary>
/// One call event the agent reported (IAgentEvents.OnCall), read back from PhoneEvents.Calls, whose
/// lines are "{ms} ms call {number} {state} {peer} {detail}". For incoming calls the peer is the
/// caller as people read it ("SIPp caller &lt;sip:sipp@127.0.0.1:port&gt;"), so it may hold spaces:
/// the state is found by name, the peer ends at its '&gt;'.
/// </summary>
internal sealed class PhoneCallEvent
{
    private static readonly Regex Head = new Regex(@"^(-?\d+) ms call (\d+) (.*)$", RegexOptions.Compiled);

    // Longest first: "answered elsewhere" before "answered".
    private static readonly (CallState State, string Name)[] Names = Enum.GetValues<CallState>()
        .Select(s => (s, CallStates.Name(s))).OrderByDescending(x => x.Item2.Length).ToArray();

    private PhoneCallEvent(long atMs, int number, CallState state, string peer, string detail, string text)
    {
        AtMs = atMs;
        Number = number;
        State = state;
        Peer = peer;
        Detail = detail;
        Text = text;
    }

    /// <summary>Phone clock (PhoneUnderTest.Clock), like the datagram log.</summary>
    public long AtMs { get; }
    public int Number { get; }
    public CallState State { get; }
    public string Peer { get; }
    public string Detail { get; }
    public string Text { get; }

    public static PhoneCallEvent? Parse(string line)
    {
        Match m = Head.Match(line);
        if (!m.Success) return null;
        string rest = m.Groups[3].Value;
        foreach (var (state, name) in Names)
        {
            if (rest != name && !rest.StartsWith(name + " ", StringComparison.Ordinal)) continue;
            string tail = rest.Length > name.Length ? rest.Substring(name.Length + 1) : "";
            int close = tail.IndexOf('>');
            int cut = tail.Contains('<') && close >= 0 ? close + 1 : tail.IndexOf(' ');
            string peer = cut < 0 ? tail : tail.Substring(0, cut);
            string detail = cut < 0 ? "" : tail.Substring(cut).Trim();
            return new PhoneCallEvent(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), state, peer, detail, line);
        }
        return null;
    }

    /// <summary>"state (detail)" — compact, for comparing sequences.</summary>
    public string Short => Detail.Length > 0 ? $"{CallStates.Name(State)} ({Detail})" : CallStates.Name(State);

    public override string ToString() => Text;
}

/// <summary>Reading the phone's call events, its datagram log and SIPp traces for the incoming-call tests.</summary>
internal static class IncomingCallLog
{
    /// <summary>Every call event so far (all calls), oldest first.</summary>
    public static IReadOnlyList<PhoneCallEvent> CallEvents(this PhoneUnderTest phone) =>
        phone.Events.Calls.Select(PhoneCallEvent.Parse).Where(e => e != null).Select(e => e!).ToList();

    /// <summary>"state (detail)" of every event of call <paramref name="number"/>.</summary>
    public static IReadOnlyList<string> History(this PhoneUnderTest phone, int number) =>
        phone.CallEvents().Where(e => e.Number == number).Select(e => e.Short).ToList();

    /// <summary>
    /// Waits (bounded) for the first event in <paramref name="state"/> of any call (or of call
    /// <paramref name="number"/>). Polls: the event's time is the phone's own stamp, so polling adds
    /// nothing to what is measured. Fails at once if the loop thread died.
    /// </summary>
    public static PhoneCallEvent WaitForCall(this PhoneUnderTest phone, CallState state, TimeSpan timeout, int? number = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var hit = phone.CallEvents().FirstOrDefault(e => e.State == state && (number == null || e.Number == number));
            if (hit != null) return hit;
            if (phone.Events.LoopFault is Exception fault)
                throw new InvalidOperationException("the phone's loop thread failed", fault);
            if (watch.Elapsed > timeout)
                throw new TimeoutException(
                    $"no call event '{CallStates.Name(state)}' within {timeout.TotalSeconds:0.#} s; call events:\n" +
                    string.Join("\n", phone.Events.Calls) + "\n-- datagrams\n" + phone.Network.Describe());
            Thread.Sleep(10);
        }
    }

    /// <summary>Waits (bounded) until the phone's log holds a datagram matching <paramref name="match"/>.</summary>
    public static Datagram WaitForDatagram(this PhoneUnderTest phone, Func<Datagram, bool> match, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var hit = phone.Network.Log.FirstOrDefault(match);
            if (hit != null) return hit;
            if (phone.Events.LoopFault is Exception fault)
                throw new InvalidOperationException("the phone's loop thread failed", fault);
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; datagrams:\n{phone.Network.Describe()}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Requests of <paramref name="method"/> the phone received (retransmissions included).</summary>
    public static IReadOnlyList<Datagram> ReceivedRequests(this PhoneUnderTest phone, string method) =>
        phone.Network.Log.Where(d => !d.Outgoing && d.IsRequest(method)).ToList();

    /// <summary>Responses with <paramref name="code"/> the phone sent (for CSeq method <paramref name="method"/>, if given).</summary>
    public static IReadOnlyList<Datagram> SentResponses(this PhoneUnderTest phone, int code, string? method = null) =>
        phone.Network.Log.Where(d => d.Outgoing && d.StatusCode == code
            && (method == null || CSeqMethod(d) == method)).ToList();

    public static string? CSeqMethod(Datagram d)
    {
        string? cseq = d.Header("CSeq");
        if (cseq == null) return null;
        string[] parts = cseq.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? parts[1] : null;
    }

    public static long CSeqNumber(Datagram d) =>
        long.Parse(d.Header("CSeq")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    /// <summary>The tag parameter of a To header value, or null.</summary>
    public static string? ToTag(Datagram d)
    {
        string? to = d.Header("To");
        if (to == null) return null;
        Match m = Regex.Match(to, @";\s*tag=([^;\s>]+)", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The text of the datagram after the header section (the SDP), or "".</summary>
    public static string Body(Datagram d)
    {
        int end = d.Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? "" : d.Text.Substring(end + 4);
    }

    /// <summary>
    /// A SIPp -trace_msg file as (sent?, first line, whole message) in order. SIPp writes each
    /// message after a line of dashes and "UDP message sent (n bytes):" or
    /// "UDP message received [n] bytes :".
    /// </summary>
    public static IReadOnlyList<(bool Sent, string FirstLine, string Text)> SippMessages(SippResult r)
    {
        var result = new List<(bool, string, string)>();
        string[] blocks = Regex.Split(r.MessageTrace, @"^-{20,}.*$", RegexOptions.Multiline);
        foreach (string block in blocks)
        {
            Match m = Regex.Match(block, @"message (sent|received) (?:\(\d+ bytes\)|\[\d+\] bytes) ?:\s*\n+(.*)", RegexOptions.Singleline);
            if (!m.Success) continue;
            string text = m.Groups[2].Value.Replace("\r\n", "\n");
            string first = text.Split('\n')[0].Trim();
            result.Add((m.Groups[1].Value == "sent", first, text));
        }
        return result;
    }
}
