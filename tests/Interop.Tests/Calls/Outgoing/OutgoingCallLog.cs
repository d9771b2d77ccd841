using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;

namespace NanoPhone.Interop.Tests.Calls.Outgoing;

/// <summary>
/// One call event the agent reported (IAgentEvents.OnCall), read back from PhoneEvents.Calls, whose
/// lines are "{ms} ms call {number} {state} {peer} {detail}". For the phone's own calls the peer is
/// the dialled URI (no spaces), so the line splits unambiguously.
/// </summary>
internal sealed class CallEvent
{
    private static readonly Regex Line = new Regex(@"^(-?\d+) ms call (\d+) (answered elsewhere|[a-z]+) (\S*) ?(.*)$", RegexOptions.Compiled);

    private CallEvent(long atMs, int number, string state, string peer, string detail, string text)
    {
        AtMs = atMs;
        Number = number;
        State = state;
        Peer = peer;
        Detail = detail;
        Text = text;
    }

    public long AtMs { get; }
    public int Number { get; }
    /// <summary>CallStates.Name of the state: "dialing", "ringback", "answered", "failed", "ended"...</summary>
    public string State { get; }
    public string Peer { get; }
    public string Detail { get; }
    public string Text { get; }

    public static CallEvent? Parse(string line)
    {
        Match m = Line.Match(line);
        if (!m.Success) return null;
        return new CallEvent(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value, m.Groups[4].Value,
            m.Groups[5].Value.TrimEnd(), line);
    }

    /// <summary>"state (detail)" — compact, for comparing sequences.</summary>
    public string Short => Detail.Length > 0 ? $"{State} ({Detail})" : State;

    public override string ToString() => Text;
}

/// <summary>Reading the phone's call events and datagram log for the outgoing-call interop tests.</summary>
internal static class OutgoingCallLog
{
    /// <summary>Every event of call <paramref name="number"/> so far, oldest first.</summary>
    public static IReadOnlyList<CallEvent> CallEvents(this PhoneUnderTest phone, int number) =>
        phone.Events.Calls.Select(CallEvent.Parse).Where(e => e != null && e.Number == number).Select(e => e!).ToList();

    /// <summary>
    /// Waits (bounded) for the first event of call <paramref name="number"/> in <paramref name="state"/>
    /// (and, if given, with that detail). Fails at once if the loop thread died, or if the call reached
    /// a final state that is not the one awaited.
    /// </summary>
    public static CallEvent WaitForCall(this PhoneUnderTest phone, int number, string state, TimeSpan timeout, string? detail = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var events = phone.CallEvents(number);
            CallEvent? hit = events.FirstOrDefault(e => e.State == state && (detail == null || e.Detail == detail));
            if (hit != null) return hit;
            if (phone.Events.LoopFault is Exception fault)
                throw new InvalidOperationException("the phone's loop thread failed", fault);
            CallEvent? final = events.FirstOrDefault(e => IsFinal(e.State));
            if (final != null && final.State != state)
                throw new InvalidOperationException(
                    $"call {number} ended '{final.Short}' while waiting for '{state}'; events:\n{string.Join("\n", events)}");
            if (watch.Elapsed > timeout)
                throw new TimeoutException(
                    $"call {number} not '{state}{(detail != null ? " (" + detail + ")" : "")}' within {timeout.TotalSeconds:0.#} s; events:\n{string.Join("\n", events)}");
            Thread.Sleep(20);
        }
    }

    private static bool IsFinal(string state) =>
        state is "forwarded" or "answered elsewhere" or "missed" or "rejected" or "ended" or "failed";

    /// <summary>Waits (bounded) until probe finds something in the phone's datagram log.</summary>
    public static Datagram WaitForDatagram(this PhoneUnderTest phone, Func<Datagram, bool> probe, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Datagram? d = phone.Network.Log.FirstOrDefault(probe);
            if (d != null) return d;
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; datagrams:\n{phone.Network.Describe()}");
            Thread.Sleep(20);
        }
    }

    // ---- Headers of a logged datagram ----------------------------------------------------------

    public static long CSeqNumber(this Datagram d) =>
        long.Parse(d.Header("CSeq")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    public static string CSeqMethod(this Datagram d) =>
        d.Header("CSeq")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

    public static string? Branch(this Datagram d) => d.HeaderParam("Via", "branch");

    public static string? FromTag(this Datagram d) => d.HeaderParam("From", "tag");

    public static string? ToTag(this Datagram d) => d.HeaderParam("To", "tag");

    /// <summary>The Request-URI of a request.</summary>
    public static string RequestUri(this Datagram d) => d.FirstLine.Split(' ')[1];

    /// <summary>The URI inside the first &lt;...&gt; of a header (Contact, To, Route...).</summary>
    public static string? UriOf(this Datagram d, string header)
    {
        string? v = d.Header(header);
        if (v == null) return null;
        Match m = Regex.Match(v, "<([^>]*)>");
        return m.Success ? m.Groups[1].Value : v.Split(';')[0].Trim();
    }

    /// <summary>The body (after the blank line), "" if none.</summary>
    public static string Body(this Datagram d)
    {
        int end = d.Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? "" : d.Text.Substring(end + 4);
    }

    /// <summary>
    /// The phone's log as one message per line, retransmissions (a request with the same method
    /// and Via branch, a response with the same status, CSeq and branch) and 100 Trying left out:
    /// "&gt; INVITE uri (CSeq 1 INVITE)", "&lt; 407 (CSeq 1 INVITE)". Requests carrying credentials
    /// are marked " +auth". Loopback normally has no retransmissions; a loaded machine may.
    /// Registration (REGISTER and its answers) is left out.
    ///
    /// A non-2xx final response makes the phone send two independent requests: the INVITE client
    /// transaction's ACK of it (hop-by-hop, §17.1.1.3) and the call's next INVITE (after a 407 or a
    /// 3xx). The phone happens to send the INVITE first; the order carries no meaning (different
    /// transactions), so here an ACK that follows the next INVITE is put before it.
    /// </summary>
    public static IReadOnlyList<(string Line, Datagram Datagram)> Conversation(this PhoneUnderTest phone)
    {
        var seen = new HashSet<string>();
        var lines = new List<(string Line, Datagram Datagram)>();
        foreach (Datagram d in phone.Network.Log)
        {
            if (d.Header("CSeq") == null) continue; // keep-alives
            if (d.CSeqMethod() == "REGISTER") continue;
            string key;
            string line;
            if (d.Outgoing && d.StatusCode == 0)
            {
                string method = d.FirstLine.Split(' ')[0];
                key = $"req {method} {d.Branch()}";
                line = $"> {method} {d.RequestUri()} (CSeq {d.Header("CSeq")})" +
                       (d.Header("Proxy-Authorization") != null || d.Header("Authorization") != null ? " +auth" : "");
            }
            else if (!d.Outgoing && d.StatusCode > 0)
            {
                if (d.StatusCode == 100) continue;
                key = $"resp {d.StatusCode} {d.Header("CSeq")} {d.Branch()}";
                line = $"< {d.StatusCode} (CSeq {d.Header("CSeq")})";
            }
            else
            {
                string dir = d.Outgoing ? ">" : "<";
                key = $"{dir} {d.FirstLine} {d.Header("CSeq")} {d.Branch()}";
                line = d.Outgoing ? $"> {d.FirstLine} (CSeq {d.Header("CSeq")})" : $"< {d.FirstLine.Split(' ')[0]} {d.RequestUri()} (CSeq {d.Header("CSeq")})";
            }
            if (seen.Add(key)) lines.Add((line, d));
        }
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            Datagram invite = lines[i].Datagram, ack = lines[i + 1].Datagram;
            if (invite.Outgoing && invite.IsRequest("INVITE") && ack.Outgoing && ack.IsRequest("ACK")
                && ack.CSeqNumber() < invite.CSeqNumber())
            {
                (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
            }
        }
        return lines;
    }
}
