#nullable disable
using System.Collections.Generic;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Fuzz;

/// <summary>
/// One RTCP datagram: RtcpReader.Parse (RFC 3550 A.2 checks, SR, report blocks, BYE) at two offsets,
/// then into a running MediaSession that has heard its peer's RTP. Invariants: nothing thrown, the
/// same verdict and fields at another offset with nothing touched outside the datagram, a report
/// block only when one names our SSRC, and the session's RTCP answer still well-formed.
/// </summary>
public sealed class RtcpTarget : FuzzTarget
{
    private const uint Ours = 0xCAFEF00D;
    private const uint Peer = 0x11223344;
    private readonly RtcpReader _exact = new RtcpReader();
    private readonly RtcpReader _shifted = new RtcpReader();
    private readonly RtcpReader _out = new RtcpReader();

    public override string Name { get { return "rtcp"; } }

    public override string Description { get { return "one RTCP compound: RtcpReader.Parse, then MediaSession.ReceiveRtcp and a report"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>
        {
            new Seed("sr.bin", MediaSeeds.Rtcp(Peer, Ours, true, false)),
            new Seed("rr.bin", MediaSeeds.Rtcp(Peer, Ours, false, false)),
            new Seed("sr-bye.bin", MediaSeeds.Rtcp(Peer, Ours, true, true)),
            new Seed("rr-other.bin", MediaSeeds.Rtcp(Peer, 7, false, true)),
        };
        seeds.AddRange(MediaSeeds.Regressions(dataDir, Name));
        return seeds;
    }

    private sealed class Sink : IMediaTransport, IMediaRandom
    {
        public RtcpTarget Owner;
        public uint Ssrc;
        private int _n;
        public bool SendRtp(byte[] buf, int off, int len, Endpoint to) { return true; }
        public bool SendRtcp(byte[] buf, int off, int len, Endpoint to) { Owner.CheckOurs(buf, off, len, Ssrc); return true; }
        // The session's SSRC is the first value: make it ours, so that report blocks about Ours are about it.
        public uint Next() { return _n++ == 0 ? Ours : 12345u * (uint)_n; }
    }

    public override void Run(byte[] data)
    {
        byte[] exact = (byte[])data.Clone();
        RtcpParseStatus a = _exact.Parse(exact, 0, exact.Length, Ours, Peer);
        byte[] guarded = Guarded(data);
        RtcpParseStatus b = _shifted.Parse(guarded, GuardLength, data.Length, Ours, Peer);
        CheckGuards(guarded, data.Length, "RtcpReader.Parse");
        Check(a == b, "RtcpReader's verdict depends on the offset");
        if (a == RtcpParseStatus.Ok)
        {
            Check(_exact.PacketCount == _shifted.PacketCount && _exact.HasReportAboutUs == _shifted.HasReportAboutUs
                && _exact.ByeFromRemote == _shifted.ByeFromRemote && _exact.NtpSeconds == _shifted.NtpSeconds
                && _exact.LastSenderReport == _shifted.LastSenderReport, "RtcpReader's fields depend on the offset");
            Check(_exact.PacketCount >= 1 && _exact.PacketCount <= data.Length / 4, "packet count out of range");
        }

        var sink = new Sink { Owner = this, Ssrc = Ours };
        var session = new MediaSession(sink, sink, null, new MediaSettings());
        var p = new MediaParameters();
        p.Remote.SetIPv4(192, 0, 2, 20, 4000);
        session.Start(p, 1000);
        var from = new Endpoint();
        from.SetIPv4(192, 0, 2, 20, 4000);
        for (int i = 0; i < 3; i++)
        {
            byte[] rtp = MediaSeeds.Rtp(i == 0, 0, 100 + i, 1000u + 160u * (uint)i, Peer, 160, 0);
            session.ReceiveRtp(rtp, 0, rtp.Length, from, 1000 + 20 * i);
        }
        from.Port = 4001;
        session.ReceiveRtcp(data, 0, data.Length, from, 1100);
        MediaStats s = session.Stats;
        Check(s.RtcpReceived + s.RtcpMalformed == 1, "the datagram was neither read nor counted as malformed");
        session.Poll(10000);
        session.Stop(10020);
    }

    internal void CheckOurs(byte[] buf, int off, int len, uint ssrc)
    {
        Check(_out.Parse(buf, off, len, 0, 0) == RtcpParseStatus.Ok, "our RTCP does not pass RFC 3550 A.2");
        Check(_out.SenderSsrc == ssrc, "our RTCP has another SSRC");
    }
}
