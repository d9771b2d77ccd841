#nullable disable
using System.Collections.Generic;
using NanoPhone.Media.Jitter;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Fuzz;

/// <summary>
/// Datagrams into a whole MediaSession. The first byte configures the call (bit 0 latching, bit 1
/// both G.711 types, bits 2–3 the peer's ptime 10/20/30/60 ms); then records
/// [control][length high][length low][datagram]: control bit 0 RTCP port instead of RTP, bits 1–2
/// the source (the SDP's address and port, the same address on another port, two strangers),
/// bits 3–5 the 20 ms ticks after it (microphone in, speaker out, RTCP), bit 6 a key press, bit 7 an
/// Update (hold/resume, then a move). Each datagram's header is also parsed at another offset.
/// Invariants: nothing thrown; every datagram we send parses (RTP with our SSRC and a negotiated
/// payload type, to the session's peer; RTCP per RFC 3550 A.2 from our SSRC); without latching the
/// peer stays the SDP's; the jitter buffer's delay stays within its bounds.
/// </summary>
public sealed class RtpTarget : FuzzTarget
{
    private readonly RtpHeader _exact = new RtpHeader();
    private readonly RtpHeader _shifted = new RtpHeader();
    private readonly RtpHeader _out = new RtpHeader();
    private readonly RtcpReader _rtcp = new RtcpReader();
    private readonly short[] _mic = new short[160];
    private readonly short[] _speaker = new short[160];
    private readonly Endpoint[] _sources = new Endpoint[4];
    private readonly Endpoint[] _rtcpSources = new Endpoint[4];

    public RtpTarget()
    {
        for (int i = 0; i < 4; i++)
        {
            _sources[i] = new Endpoint();
            _rtcpSources[i] = new Endpoint();
        }
        _sources[0].SetIPv4(192, 0, 2, 20, 4000);
        _sources[1].SetIPv4(192, 0, 2, 20, 5000);
        _sources[2].SetIPv4(198, 51, 100, 7, 4000);
        _sources[3].SetIPv4(203, 0, 113, 9, 6000);
        for (int i = 0; i < 4; i++)
        {
            _rtcpSources[i].CopyFrom(_sources[i]);
            _rtcpSources[i].Port++;
        }
        for (int i = 0; i < 160; i++) _mic[i] = (short)(i * 300 - 24000);
    }

    public override string Name { get { return "rtp"; } }

    public override string Description { get { return "records of RTP/RTCP datagrams and ticks into a MediaSession (header parse, latching, SSRC, A.1, jitter buffer, DTMF, RTCP)"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        List<Seed> seeds = MediaSeeds.SessionSeeds();
        seeds.AddRange(MediaSeeds.Regressions(dataDir, Name));
        return seeds;
    }

    private sealed class Sink : IMediaTransport, IMediaEvents, IMediaRandom
    {
        public RtpTarget Owner;
        public MediaSession Session;
        private uint _x = 2463534242u;
        public bool SendRtp(byte[] buf, int off, int len, Endpoint to) { Owner.CheckRtp(Session, buf, off, len, to); return true; }
        public bool SendRtcp(byte[] buf, int off, int len, Endpoint to) { Owner.CheckRtcp(Session, buf, off, len); return true; }
        public void DigitReceived(char digit) { Check(digit != '\0', "a digit event without a key"); }
        public void Latched(Endpoint source) { }
        public void RemoteBye() { }
        public uint Next() { _x ^= _x << 13; _x ^= _x >> 17; _x ^= _x << 5; return _x; }
    }

    public override void Run(byte[] data)
    {
        var sink = new Sink { Owner = this };
        var session = new MediaSession(sink, sink, sink, new MediaSettings());
        sink.Session = session;
        var p = new MediaParameters();
        p.Remote.CopyFrom(_sources[0]);
        int config = data.Length > 0 ? data[0] : 0;
        p.Latching = (config & 1) != 0;
        p.SecondPayloadType = (config & 2) != 0 ? 8 : -1;
        p.TelephoneEventPayloadType = 101;
        p.PtimeMs = new[] { 10, 20, 30, 60 }[(config >> 2) & 3];
        long now = 1000;
        session.Start(p, now);
        int updates = 0;
        int pos = 1;
        while (pos < data.Length)
        {
            int control = data[pos];
            int len = pos + 2 < data.Length ? (data[pos + 1] << 8) | data[pos + 2] : 0;
            int start = pos + 3;
            if (start > data.Length) start = data.Length;
            if (len > data.Length - start) len = data.Length - start;
            pos = start + len;

            byte[] dgram = new byte[len];
            System.Buffer.BlockCopy(data, start, dgram, 0, len);
            CheckParserOffsetIndependence(dgram);
            int source = (control >> 1) & 3;
            if ((control & 1) == 0) session.ReceiveRtp(dgram, 0, len, _sources[source], now);
            else session.ReceiveRtcp(dgram, 0, len, _rtcpSources[source], now);

            if ((control & 0x40) != 0) session.SendDigit('5');
            if ((control & 0x80) != 0)
            {
                updates++;
                if ((updates & 1) == 1) p.Direction = p.Direction == StreamDirection.SendRecv ? StreamDirection.RecvOnly : StreamDirection.SendRecv;
                else p.Remote.Port = p.Remote.Port == 4000 ? 4002 : 4000;
                session.Update(p, now);
            }
            int ticks = (control >> 3) & 7;
            for (int t = 0; t < ticks; t++)
            {
                now += 20;
                session.Tick(_mic, _speaker, now);
                CheckBuffer(session);
            }
            if (!p.Latching) Check(session.Peer.Equals(p.Remote), "without latching the peer is not the SDP's address");
        }
        session.Stop(now + 20);
        MediaStats s = session.Stats;
        Check(s.PacketsReceived >= 0 && s.Lost >= -s.PacketsReceived - 1 && s.ConcealedFrames >= 0, "statistics out of range");
    }

    private void CheckParserOffsetIndependence(byte[] dgram)
    {
        RtpParseStatus a = _exact.Parse(dgram, 0, dgram.Length);
        byte[] guarded = Guarded(dgram);
        RtpParseStatus b = _shifted.Parse(guarded, GuardLength, dgram.Length);
        CheckGuards(guarded, dgram.Length, "RtpHeader.Parse");
        Check(a == b, "RtpHeader's verdict depends on the offset");
        if (a != RtpParseStatus.Ok) return;
        Check(_exact.Sequence == _shifted.Sequence && _exact.Timestamp == _shifted.Timestamp && _exact.Ssrc == _shifted.Ssrc
            && _exact.PayloadType == _shifted.PayloadType && _exact.PayloadLength == _shifted.PayloadLength
            && _exact.PayloadOffset + GuardLength == _shifted.PayloadOffset, "RtpHeader's fields depend on the offset");
        Check(_exact.PayloadOffset >= RtpHeader.FixedLength && _exact.PayloadLength >= 0
            && _exact.PayloadOffset + _exact.PayloadLength <= dgram.Length, "the payload view is outside the datagram");
    }

    internal void CheckRtp(MediaSession session, byte[] buf, int off, int len, Endpoint to)
    {
        Check(_out.Parse(buf, off, len) == RtpParseStatus.Ok, "we sent RTP that does not parse");
        Check(_out.Ssrc == session.Ssrc, "we sent RTP with another SSRC");
        MediaParameters p = session.Parameters;
        Check(_out.PayloadType == p.PayloadType || _out.PayloadType == p.TelephoneEventPayloadType, "we sent a payload type not negotiated");
        Check(to.Equals(session.Peer), "we sent RTP somewhere other than the peer");
        Check(_out.PayloadLength > 0 && _out.PayloadLength <= 480, "we sent an RTP payload of " + _out.PayloadLength + " bytes");
    }

    internal void CheckRtcp(MediaSession session, byte[] buf, int off, int len)
    {
        RtcpParseStatus st = _rtcp.Parse(buf, off, len, 0, 0);
        Check(st == RtcpParseStatus.Ok, "we sent RTCP that does not pass RFC 3550 A.2: " + st);
        Check(_rtcp.SenderSsrc == session.Ssrc, "we sent RTCP with another SSRC");
    }

    private static void CheckBuffer(MediaSession session)
    {
        MediaStats s = session.Stats;
        Check(s.TargetDelayMs >= 20 && s.TargetDelayMs <= 200, "target delay " + s.TargetDelayMs + " ms outside 20–200");
        Check(s.DelayMs <= (2480 + JitterBuffer.FrameSamples) / 8, "delay " + s.DelayMs + " ms beyond the buffer");
    }
}
