using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Tests.Peers;
using Xunit;

namespace NanoPhone.Interop.Tests.Support;

/// <summary>
/// Reading SIP text for the interop tests: header fields of a datagram in the phone's log
/// (Datagram has the generic Header/Headers/HeaderParam), a SIPp message trace, and waiting
/// (bounded) for a datagram in the log.
/// </summary>
internal static class SipText
{
    // ---- Header fields of a logged datagram ------------------------------------------------------

    /// <summary>The sequence number of the CSeq header ("2 INVITE" → 2).</summary>
    public static long CSeqNumber(this Datagram d) =>
        long.Parse(d.Header("CSeq")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    /// <summary>The method of the CSeq header ("2 INVITE" → "INVITE"), or null without one.</summary>
    public static string? CSeqMethod(this Datagram d)
    {
        string? cseq = d.Header("CSeq");
        if (cseq == null) return null;
        string[] parts = cseq.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? parts[1] : null;
    }

    /// <summary>The branch parameter of the top Via.</summary>
    public static string? Branch(this Datagram d) => d.HeaderParam("Via", "branch");

    public static string? FromTag(this Datagram d) => d.HeaderParam("From", "tag");

    /// <summary>The tag parameter of the To header, or null.</summary>
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

    /// <summary>The text after the header section (the SDP), "" if none.</summary>
    public static string Body(this Datagram d)
    {
        int end = d.Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? "" : d.Text.Substring(end + 4);
    }

    /// <summary>The sess-version of the SDP body's o= line (RFC 4566 §5.2); asserts there is one.</summary>
    public static long SdpVersion(this Datagram d)
    {
        string? origin = d.Body().Split("\r\n").FirstOrDefault(l => l.StartsWith("o=", StringComparison.Ordinal));
        Assert.NotNull(origin);
        return long.Parse(origin!.Split(' ')[2], CultureInfo.InvariantCulture);
    }

    // ---- The phone's datagram log --------------------------------------------------------------

    /// <summary>
    /// Waits (bounded) until the phone's log holds a datagram matching <paramref name="match"/>;
    /// returns the first. Polls: the datagram's time is the phone's own stamp, so polling adds
    /// nothing to what is measured. Fails at once if the loop thread died.
    /// </summary>
    public static Datagram WaitForDatagram(this PhoneUnderTest phone, Func<Datagram, bool> match, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Datagram? hit = phone.Network.Log.FirstOrDefault(match);
            if (hit != null) return hit;
            if (phone.Events.LoopFault is Exception fault)
                throw new InvalidOperationException("the phone's loop thread failed", fault);
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; datagrams:\n{phone.Network.Describe()}");
            Thread.Sleep(10);
        }
    }

    // ---- SIPp ------------------------------------------------------------------------------------

    /// <summary>
    /// A SIPp -trace_msg file as (sent?, first line, whole message) in order. SIPp writes each
    /// message after a line of dashes and "UDP message sent (n bytes):" or
    /// "UDP message received [n] bytes :".
    /// </summary>
    public static IReadOnlyList<(bool Sent, string FirstLine, string Text)> Messages(this SippResult r)
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
