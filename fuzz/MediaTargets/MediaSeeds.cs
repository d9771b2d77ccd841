#nullable disable
using System.Collections.Generic;
using System.IO;
using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Rtp;

namespace NanoPhone.Fuzz;

/// <summary>
/// Well-formed RTP and RTCP datagrams built with the media core's own writers, and the record
/// framing the session target reads: [control][length high][length low][datagram].
/// </summary>
public static class MediaSeeds
{
    public static byte[] Rtp(bool marker, int pt, int seq, uint ts, uint ssrc, int payload, byte fill)
    {
        byte[] b = new byte[RtpHeader.FixedLength + payload];
        RtpHeader.Write(b, 0, marker, pt, seq, ts, ssrc);
        for (int i = RtpHeader.FixedLength; i < b.Length; i++) b[i] = (byte)(fill + i);
        return b;
    }

    public static byte[] Event(int pt, int seq, uint ts, uint ssrc, int code, bool end, int duration, bool marker)
    {
        byte[] b = new byte[RtpHeader.FixedLength + 4];
        RtpHeader.Write(b, 0, marker, pt, seq, ts, ssrc);
        DtmfSender.Write(b, RtpHeader.FixedLength, code, end, duration);
        return b;
    }

    /// <summary>An SR with one report block about ourSsrc, an SDES CNAME and optionally a BYE.</summary>
    public static byte[] Rtcp(uint ssrc, uint ourSsrc, bool sr, bool bye)
    {
        byte[] b = new byte[RtcpWriter.MaxCompoundLength];
        int p = sr
            ? RtcpWriter.SenderReport(b, 0, ssrc, 3900000000u, 0x80000000u, 160000, 250, 40000, 1)
            : RtcpWriter.ReceiverReport(b, 0, ssrc, 1);
        p = RtcpWriter.ReportBlock(b, p, ourSsrc, 12, 3, 70000, 40, 0x12345678, 0x00010000);
        byte[] cname = System.Text.Encoding.ASCII.GetBytes("peer@192.0.2.20");
        p = RtcpWriter.SourceDescription(b, p, ssrc, cname, cname.Length);
        if (bye) p = RtcpWriter.Bye(b, p, ssrc);
        byte[] r = new byte[p];
        System.Array.Copy(b, r, p);
        return r;
    }

    /// <summary>
    /// Inputs that once broke a media target: tests/data/fuzz/media/TARGET-*.bin (a folder of their
    /// own, so the SIP smoke in tests/Sipua.Tests, which knows only the SIP targets, does not run them).
    /// </summary>
    public static List<Seed> Regressions(string dataDir, string target)
    {
        var seeds = new List<Seed>();
        string dir = Path.Combine(dataDir, "fuzz", "media");
        if (!Directory.Exists(dir)) return seeds;
        string[] files = Directory.GetFiles(dir, target + "-*.bin");
        System.Array.Sort(files, System.StringComparer.Ordinal);
        foreach (string f in files) seeds.Add(new Seed("regression-" + Path.GetFileName(f), File.ReadAllBytes(f)));
        return seeds;
    }

    /// <summary>One record of the session target's input.</summary>
    public static void Record(MemoryStream s, int control, byte[] datagram)
    {
        s.WriteByte((byte)control);
        s.WriteByte((byte)(datagram.Length >> 8));
        s.WriteByte((byte)datagram.Length);
        s.Write(datagram, 0, datagram.Length);
    }

    /// <summary>A call's worth of records: audio with ticks, reordering, a digit, a stranger, RTCP, a hold.</summary>
    public static List<Seed> SessionSeeds()
    {
        var seeds = new List<Seed>();
        const uint Peer = 0x11223344, Stranger = 0x55667788;
        for (int variant = 0; variant < 6; variant++)
        {
            var s = new MemoryStream();
            s.WriteByte((byte)variant);                  // configuration byte
            int seq = 1000 + variant;
            uint ts = 50000u * (uint)variant;
            for (int i = 0; i < 30; i++)
            {
                int control = (1 << 3);                   // one tick after it, from the SDP source, RTP
                if (variant == 1 && i % 5 == 4) control |= 1 << 1;   // a stranger (same address, other port)
                if (variant == 2 && i == 10) control |= 0x40;        // press a key
                if (variant == 3 && i == 15) control |= 0x80;        // hold / move
                int pt = variant == 4 ? 8 : 0;
                Record(s, control, Rtp(i == 0, pt, seq + i, ts + (uint)(160 * i), variant == 5 && i > 20 ? Stranger : Peer, 160, (byte)i));
            }
            Record(s, 1, Rtcp(Peer, 0, true, false));
            Record(s, 2 << 3, Event(101, seq + 30, ts + 4800, Peer, 5, false, 160, true));
            Record(s, 1 << 3, Event(101, seq + 31, ts + 4800, Peer, 5, true, 800, false));
            Record(s, 1 | (1 << 1), Rtcp(Peer, 0, false, true));
            seeds.Add(new Seed("session-" + variant + ".bin", s.ToArray()));
        }
        return seeds;
    }
}
