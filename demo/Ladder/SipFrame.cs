using System;
using System.Collections.Generic;
using System.Globalization;

namespace NanoPhone.Demo.Ladder;

/// <summary>
/// One SIP datagram as tshark dissected it on lo: when (Unix seconds), UDP ports, the first line and
/// the few headers the ladder notes use. Method is null for a response, Status 0 for a request.
/// </summary>
public sealed class SipFrame
{
    public double Epoch { get; init; }
    public int SourcePort { get; init; }
    public int DestinationPort { get; init; }
    public string? Method { get; init; }
    public string RequestUri { get; init; } = "";
    public int Status { get; init; }
    public string ReasonPhrase { get; init; } = "";
    public string CSeqMethod { get; init; } = "";
    public string CallId { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Diversion { get; init; } = "";
    public string Contact { get; init; } = "";

    public bool IsRequest => Method != null;

    public DateTime AtUtc => DateTime.UnixEpoch.AddTicks((long)(Epoch * TimeSpan.TicksPerSecond));

    /// <summary>The fields tshark prints for each frame (-T fields), in this order.</summary>
    public static readonly string[] TsharkFields =
    {
        "frame.time_epoch", "udp.srcport", "udp.dstport", "sip.Request-Line", "sip.Status-Line",
        "sip.CSeq.method", "sip.Call-ID", "sip.Reason", "sip.Diversion", "sip.contact.uri",
    };

    /// <summary>Parses one tab-separated line of those fields; null if it is no SIP frame (e.g. a probe).</summary>
    public static SipFrame? Parse(string line)
    {
        string[] f = line.TrimEnd('\r').Split('\t');
        if (f.Length < 5) return null;
        if (!double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double epoch)) return null;
        int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int src);
        int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int dst);
        string requestLine = f[3], statusLine = f[4];
        string? method = null;
        string uri = "";
        int status = 0;
        string phrase = "";
        if (requestLine.Length > 0)
        {
            string[] parts = requestLine.Split(' ');
            method = parts[0];
            uri = parts.Length > 1 ? parts[1] : "";
        }
        else if (statusLine.Length > 0)
        {
            // "SIP/2.0 180 Ringing"
            string[] parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out status)) return null;
            phrase = parts.Length > 2 ? parts[2] : "";
        }
        else
        {
            return null;
        }
        return new SipFrame
        {
            Epoch = epoch,
            SourcePort = src,
            DestinationPort = dst,
            Method = method,
            RequestUri = uri,
            Status = status,
            ReasonPhrase = phrase,
            CSeqMethod = Field(f, 5),
            CallId = Field(f, 6),
            Reason = Field(f, 7),
            Diversion = Field(f, 8),
            Contact = Field(f, 9),
        };
    }

    /// <summary>What the ladder finds a message by: "INVITE", or "200 CANCEL" (status and CSeq method).</summary>
    public string Key => Method ?? $"{Status} {CSeqMethod}";

    /// <summary>The arrow's label: the method, or the status code with a reason short enough for the ladder.</summary>
    public string Label
    {
        get
        {
            if (Method != null) return Method;
            string label = Status + " " + ShortReason(Status, ReasonPhrase);
            if (CSeqMethod != "INVITE" && CSeqMethod != "REGISTER" && CSeqMethod.Length > 0 && Status >= 200)
            {
                string withMethod = $"{Status} {ShortReason(Status, ReasonPhrase)} ({CSeqMethod})";
                label = withMethod.Length <= LadderDiagram.MaxLabel ? withMethod : $"{Status} ({CSeqMethod})";
            }
            return label;
        }
    }

    private static readonly Dictionary<int, string> Short = new()
    {
        [100] = "Trying",
        [302] = "Moved Temp",
        [407] = "Proxy Auth",
        [487] = "Terminated",
        [481] = "No Such Call",
        [183] = "Progress",
        [408] = "Timeout",
        [480] = "Unavailable",
        [503] = "Unavailable",
    };

    private static string ShortReason(int status, string phrase)
    {
        if (Short.TryGetValue(status, out string? s)) return s;
        int room = LadderDiagram.MaxLabel - 4;
        return phrase.Length <= room ? phrase : phrase.Substring(0, room);
    }

    private static string Field(string[] f, int i) => i < f.Length ? f[i] : "";

    public override string ToString() =>
        $"{SourcePort}->{DestinationPort} {(IsRequest ? Method + " " + RequestUri : Status + " " + ReasonPhrase)} ({CSeqMethod}) {CallId}";
}
