// The RFC 4733 telephone-event packets of one RTP stream in a capture, as tshark reads them.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NanoPhone.Tests.Peers;

/// <summary>
/// Every RTP packet of a given payload type sent to one port, decoded as RTP by tshark (sequence,
/// timestamp, marker) with its payload read as an RFC 4733 §2.3 event: event code, E bit, volume,
/// duration. The payload is taken from tshark's raw <c>rtp.payload</c>, so the reading does not
/// depend on tshark knowing the dynamic payload type.
/// </summary>
public sealed class TelephoneEvents
{
    private static readonly TimeSpan ToolLimit = TimeSpan.FromSeconds(60);

    public TelephoneEvents(string pcap, int toPort, int payloadType)
    {
        var (_, fields, err) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-d", $"udp.port=={toPort},rtp",
            "-Y", $"rtp && udp.dstport=={toPort} && rtp.p_type=={payloadType}", "-T", "fields", "-E", "separator=,",
            "-e", "frame.time_relative", "-e", "rtp.seq", "-e", "rtp.timestamp", "-e", "rtp.marker", "-e", "rtp.payload",
            "-e", "_ws.expert.message" }, ToolLimit);
        ToolErrors = err;
        foreach (string line in fields.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Trim().Split(',');
            if (f.Length < 5) continue;
            string hex = f[4].Replace(":", "", StringComparison.Ordinal);
            if (hex.Length < 8) continue;
            byte[] p = Convert.FromHexString(hex);
            Packets.Add(new Packet(double.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                uint.Parse(f[2], CultureInfo.InvariantCulture), f[3] == "1" || f[3] == "True",
                p[0], (p[1] & 0x80) != 0, p[1] & 0x3F, (p[2] << 8) | p[3], f.Length > 5 ? string.Join(",", f.Skip(5)) : ""));
        }
    }

    public List<Packet> Packets { get; } = new();

    public string ToolErrors { get; }

    /// <summary>The events in the order sent: one per timestamp (RFC 4733 §2.5.1: every packet of an event carries its start).</summary>
    public IReadOnlyList<IGrouping<uint, Packet>> Events => Packets.GroupBy(p => p.Timestamp).ToList();

    /// <summary>RFC 4733 §3.2 event codes 0-9, 10 '*', 11 '#', 12-15 A-D as keys.</summary>
    public static char Key(int code) => code switch
    {
        < 10 => (char)('0' + code),
        10 => '*',
        11 => '#',
        < 16 => (char)('A' + code - 12),
        _ => '?',
    };

    public sealed record Packet(double Time, int Seq, uint Timestamp, bool Marker, int Event, bool End, int Volume, int Duration, string Expert)
    {
        public override string ToString() =>
            $"{Time:0.000} s seq {Seq} ts {Timestamp}{(Marker ? " M" : "")} event {Key(Event)} ({Event}){(End ? " E" : "")} volume {Volume} duration {Duration}{(Expert.Length > 0 ? " [" + Expert + "]" : "")}";
    }
}
