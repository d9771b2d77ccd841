// tshark's RTP analysis of one stream in a capture (shared by the media interop tests and the demo).
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Tests.Peers;

/// <summary>
/// tshark's reading of the phone's RTP and RTCP in a capture: its RTP port decoded as RTP and the
/// next as RTCP; every RTP packet the phone sent (sequence, timestamp, payload type, marker), the
/// <c>-z rtp,streams</c> table row of the phone's stream (lost, max jitter, problems), and what
/// tshark says of the phone's RTCP.
/// </summary>
public sealed class RtpCapture
{
    private static readonly TimeSpan ToolLimit = TimeSpan.FromSeconds(60);

    public RtpCapture(string pcap, int phoneRtpPort)
    {
        Pcap = pcap;
        Port = phoneRtpPort;
        string decode = $"udp.port=={Port},rtp";
        string decodeRtcp = $"udp.port=={Port + 1},rtcp";
        var (_, fields, err) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-d", decode, "-d", decodeRtcp,
            "-Y", $"rtp && udp.srcport=={Port}", "-T", "fields", "-E", "separator=,",
            "-e", "frame.time_relative", "-e", "rtp.seq", "-e", "rtp.timestamp", "-e", "rtp.p_type", "-e", "rtp.marker", "-e", "rtp.ssrc" }, ToolLimit);
        foreach (string line in fields.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Trim().Split(',');
            if (f.Length < 6) continue;
            Packets.Add(new Packet(double.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                uint.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture),
                f[4] == "1" || f[4] == "True", f[5]));
        }
        ToolErrors = err;
        var (_, streams, _) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-q", "-d", decode, "-z", "rtp,streams" }, ToolLimit);
        StreamsTable = streams;
        var (_, rtcp, _) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-d", decodeRtcp,
            "-Y", $"udp.srcport=={Port + 1}", "-T", "fields", "-E", "separator=;", "-e", "frame.protocols", "-e", "rtcp.pt", "-e", "_ws.expert.severity" }, ToolLimit);
        RtcpLines = rtcp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
    }

    public string Pcap { get; }

    public int Port { get; }

    public List<Packet> Packets { get; } = new();

    public string ToolErrors { get; }

    /// <summary>tshark -z rtp,streams, as printed.</summary>
    public string StreamsTable { get; }

    /// <summary>One line per datagram from the phone's RTCP port: protocols; packet types; expert severity (empty when clean).</summary>
    public List<string> RtcpLines { get; }

    /// <summary>tshark's expert severity "warning" (PI_WARN); chat and note are below it.</summary>
    private const int ExpertWarning = 0x00600000;

    /// <summary>
    /// The lines of <see cref="RtcpLines"/> whose datagram does not dissect as RTCP or carries an
    /// expert warning or error. A chat-level note is no complaint: tshark adds "RTCP round-trip delay
    /// detected" when a report's LSR and DLSR give a round trip over 10 ms, as on a loaded machine.
    /// </summary>
    public IReadOnlyList<string> FlaggedRtcp() => RtcpLines.Where(IsFlaggedRtcp).ToList();

    /// <summary>Whether one of <see cref="RtcpLines"/> is flagged (see <see cref="FlaggedRtcp"/>).</summary>
    public static bool IsFlaggedRtcp(string line)
    {
        string[] f = line.Split(';');
        if (!f[0].EndsWith(":rtcp", StringComparison.Ordinal)) return true;
        return f.Length > 2 && f[2].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Any(v => !int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int severity) || severity >= ExpertWarning);
    }

    /// <summary>The streams table's row for a stream from the phone's port, split on blanks.</summary>
    public string[]? PhoneStreamRow =>
        StreamsTable.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length > 10 && f[2] == "127.0.0.1" && f[3] == Port.ToString(CultureInfo.InvariantCulture));

    /// <summary>A figure of the phone's row, counted from its "(x%)" lost column: 1 min delta, 2 mean delta, 3 max delta, 4 min jitter, 5 mean jitter, 6 max jitter (ms).</summary>
    public double Figure(int afterLost)
    {
        string[] row = PhoneStreamRow ?? throw new InvalidOperationException("no stream from port " + Port + ":\n" + StreamsTable);
        int lost = Array.FindIndex(row, c => c.StartsWith("(", StringComparison.Ordinal) && c.EndsWith("%)", StringComparison.Ordinal));
        return double.Parse(row[lost + afterLost], CultureInfo.InvariantCulture);
    }

    /// <summary>The packets tshark counts lost in the phone's stream.</summary>
    public int Lost
    {
        get
        {
            string[] row = PhoneStreamRow!;
            int lost = Array.FindIndex(row, c => c.StartsWith("(", StringComparison.Ordinal) && c.EndsWith("%)", StringComparison.Ordinal));
            return int.Parse(row[lost - 1], CultureInfo.InvariantCulture);
        }
    }

    /// <summary>tshark's problem flag for the phone's stream ("X": sequence errors or a wrong timestamp), or "".</summary>
    public string Problems
    {
        get
        {
            string[] row = PhoneStreamRow!;
            int lost = Array.FindIndex(row, c => c.StartsWith("(", StringComparison.Ordinal) && c.EndsWith("%)", StringComparison.Ordinal));
            return row.Length > lost + 7 ? row[lost + 7] : "";
        }
    }

    /// <summary>Sequence numbers that do not follow the previous packet's by one (RFC 3550 §5.1).</summary>
    public int SequenceErrors()
    {
        int errors = 0;
        for (int i = 1; i < Packets.Count; i++)
        {
            if (Packets[i].Ssrc != Packets[i - 1].Ssrc) continue;
            if (((Packets[i - 1].Seq + 1) & 0xFFFF) != Packets[i].Seq) errors++;
        }
        return errors;
    }

    /// <summary>
    /// Timestamp steps that are not 160 per 20 ms packet: within a talk spurt each step is 160; at a
    /// marker (a new spurt after hold) the step is a whole number of frames on the media clock.
    /// </summary>
    public int TimestampErrors()
    {
        int errors = 0;
        for (int i = 1; i < Packets.Count; i++)
        {
            if (Packets[i].Ssrc != Packets[i - 1].Ssrc) continue;
            uint step = Packets[i].Timestamp - Packets[i - 1].Timestamp;
            if (Packets[i].Marker ? step % 160 != 0 : step != 160) errors++;
        }
        return errors;
    }

    public int WrongPayload(int pt) => Packets.Count(p => p.PayloadType != pt);

    /// <summary>
    /// The largest interarrival jitter (RFC 3550 §6.4.1, A.8) of the phone's audio packets of one
    /// payload type, in ms: telephone-event packets repeat their event's timestamp (RFC 4733 §2.5.1.2),
    /// so tshark's figure over every packet of the SSRC counts a key press as jitter.
    /// </summary>
    public double MaxAudioJitterMs(int payloadType)
    {
        double j = 0, max = 0;
        Packet? prev = null;
        foreach (Packet p in Packets)
        {
            if (p.PayloadType != payloadType) continue;
            if (prev != null && prev.Ssrc == p.Ssrc)
            {
                double d = (p.Time - prev.Time) * 8000 - (int)(p.Timestamp - prev.Timestamp);
                j += (Math.Abs(d) - j) / 16;
                if (j > max) max = j;
            }
            prev = p;
        }
        return max / 8;
    }

    /// <summary>The largest gap between two packets the phone sent, in seconds, and where it began.</summary>
    public (double Gap, double At) LongestGap()
    {
        double gap = 0, at = 0;
        for (int i = 1; i < Packets.Count; i++)
        {
            double d = Packets[i].Time - Packets[i - 1].Time;
            if (d > gap) { gap = d; at = Packets[i - 1].Time; }
        }
        return (gap, at);
    }

    public sealed record Packet(double Time, int Seq, uint Timestamp, int PayloadType, bool Marker, string Ssrc);
}
