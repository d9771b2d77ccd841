using NanoPhone.Media.Rtp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// The RTCP half of a session (RFC 3550 §6). Every randomised interval (<see cref="RtcpSchedule"/>:
/// about 5 s, the first after about 2.5 s) it sends a compound of a sender report — when we sent RTP
/// since the last one — or a receiver report, with one report block about the source we play (A.3
/// loss, A.8 jitter, LSR/DLSR), and an SDES CNAME; at the end of the call the same with a BYE (§6.6).
/// Received compounds from the peer's address are validated (A.2) and read: the sender report's
/// time for our next LSR/DLSR, the peer's report about us (loss, jitter, and the round-trip time
/// A − LSR − DLSR of §6.4.1), and BYE. RTCP goes to the SDP's RTCP port (RTP + 1, or a=rtcp); after an
/// RTP latch, to the latched address, at the port its RTCP comes from once some has come.
/// </summary>
public sealed class RtcpReporter
{
    private readonly IMediaTransport _transport;
    private readonly MediaStats _stats;
    private readonly RtpSender _sender;
    private readonly RtpReceiver _receiver;
    private readonly RtcpReader _reader = new RtcpReader();
    private readonly byte[] _cname;
    private readonly int _cnameLength;
    private readonly int _minimumMs;
    private readonly long _wallClockOffsetMs;
    private readonly Endpoint _destination = new Endpoint();

    private IMediaRandom _random;
    private long _nextMs;
    private bool _rtcpLatched;
    private bool _haveLsr;
    private uint _lsr;
    private long _lsrArrivalMs;

    public RtcpReporter(IMediaTransport transport, MediaStats stats, RtpSender sender, RtpReceiver receiver, MediaSettings settings)
    {
        _transport = transport;
        _stats = stats;
        _sender = sender;
        _receiver = receiver;
        _minimumMs = settings.RtcpIntervalMs > 0 ? settings.RtcpIntervalMs : RtcpSchedule.DefaultMinimumMs;
        _wallClockOffsetMs = settings.WallClockOffsetMs;
        string cname = settings.Cname ?? "";
        int n = 0;
        for (int i = 0; i < cname.Length; i++)
        {
            if (cname[i] > ' ' && cname[i] < 127) n++;
        }
        if (n > RtcpWriter.MaxCnameLength) n = RtcpWriter.MaxCnameLength;
        _cname = new byte[n];
        for (int i = 0, k = 0; i < cname.Length && k < n; i++)
        {
            char c = cname[i];
            if (c > ' ' && c < 127) _cname[k++] = (byte)c;
        }
        _cnameLength = n;
    }

    /// <summary>Where RTCP goes now.</summary>
    public Endpoint Destination { get { return _destination; } }

    /// <summary>When the next report is due.</summary>
    public long NextReportMs { get { return _nextMs; } }

    public void Start(MediaParameters p, IMediaRandom random, long nowMs)
    {
        _random = random;
        _haveLsr = false;
        _nextMs = nowMs + RtcpSchedule.NextIntervalMs(_minimumMs, true, random.Next());
        SetRemote(p);
    }

    /// <summary>The SDP moved the peer (or started the call): RTCP goes to its RTCP port until a latch says otherwise.</summary>
    public void SetRemote(MediaParameters p)
    {
        _destination.CopyFrom(p.Remote);
        _destination.Port = p.RemoteRtcpPort > 0 ? p.RemoteRtcpPort : p.Remote.Port + 1;
        _rtcpLatched = false;
    }

    /// <summary>Sends a report when one is due.</summary>
    public void Poll(long nowMs)
    {
        if (nowMs < _nextMs) return;
        Send(nowMs, false);
        _nextMs = nowMs + RtcpSchedule.NextIntervalMs(_minimumMs, false, _random.Next());
    }

    /// <summary>The last report, with a BYE (hang-up, or the stream ended).</summary>
    public void SendBye(long nowMs)
    {
        Send(nowMs, true);
    }

    /// <summary>One datagram from the RTCP socket. Returns true when it carried the remote source's BYE.</summary>
    public bool Receive(byte[] b, int off, int len, Endpoint from, long nowMs)
    {
        if (!SameAddress(_receiver.Peer, from))
        {
            _stats.C[StatIndex.RtcpStrangers]++;
            return false;
        }
        bool known = _receiver.HasSsrc;
        uint remote = known ? _receiver.RemoteSsrc : 0;
        if (_reader.Parse(b, off, len, _sender.Ssrc, remote) != RtcpParseStatus.Ok)
        {
            _stats.C[StatIndex.RtcpMalformed]++;
            return false;
        }
        _stats.C[StatIndex.RtcpReceived]++;
        if (_receiver.IsLatched && !_rtcpLatched)
        {
            _destination.CopyFrom(from);
            _rtcpLatched = true;
        }
        if (_reader.HasSenderReport && (!known || _reader.SenderSsrc == remote))
        {
            _haveLsr = true;
            _lsr = NtpTime.Middle32(_reader.NtpSeconds, _reader.NtpFraction);
            _lsrArrivalMs = nowMs;
        }
        if (_reader.HasReportAboutUs)
        {
            _stats.C[StatIndex.PeerFractionLost] = _reader.FractionLost;
            _stats.C[StatIndex.PeerCumulativeLost] = _reader.CumulativeLost;
            _stats.C[StatIndex.PeerJitterMs] = (int)(_reader.Jitter / 8);
            if (_reader.LastSenderReport != 0)
            {
                uint seconds, fraction;
                Ntp(nowMs, out seconds, out fraction);
                int rtt = (int)(NtpTime.Middle32(seconds, fraction) - _reader.LastSenderReport - _reader.DelaySinceLastSenderReport);
                if (rtt >= 0) _stats.C[StatIndex.RoundTripMs] = NtpTime.ToMilliseconds((uint)rtt);
            }
        }
        bool bye = known ? _reader.ByeFromRemote : _reader.ByeListsSender;
        if (!bye || _stats.C[StatIndex.RemoteBye] != 0) return false;
        _stats.C[StatIndex.RemoteBye] = 1;
        return true;
    }

    private void Send(long nowMs, bool bye)
    {
        if (_receiver.IsLatched && !_rtcpLatched)
        {
            // Symmetric RTP latched onto a NAT's mapping: its RTCP mapping is unknown until RTCP comes; try port + 1.
            _destination.CopyFrom(_receiver.Peer);
            _destination.Port = _receiver.Peer.Port + 1;
        }
        if (_destination.Kind == HostKind.None || _destination.Port <= 0 || _destination.Port > 65535) return;
        byte[] b = _sender.Scratch;
        int start = _sender.ScratchOffset;
        bool sr = _sender.SentSinceReport;
        _sender.SentSinceReport = false;
        bool block = _receiver.HasSource;
        int blocks = block ? 1 : 0;
        int p;
        if (sr)
        {
            uint seconds, fraction;
            Ntp(nowMs, out seconds, out fraction);
            p = RtcpWriter.SenderReport(b, start, _sender.Ssrc, seconds, fraction, _sender.TimestampAt(nowMs),
                _sender.PacketCount, _sender.OctetCount, blocks);
        }
        else
        {
            p = RtcpWriter.ReceiverReport(b, start, _sender.Ssrc, blocks);
        }
        if (block)
        {
            SequenceTracker s = _receiver.Sequence;
            uint dlsr = _haveLsr ? NtpTime.ToUnits65536(nowMs - _lsrArrivalMs) : 0;
            p = RtcpWriter.ReportBlock(b, p, _receiver.RemoteSsrc, s.TakeFractionLost(), s.CumulativeLost24,
                s.ExtendedMax, _receiver.Jitter.Value, _haveLsr ? _lsr : 0, dlsr);
        }
        p = RtcpWriter.SourceDescription(b, p, _sender.Ssrc, _cname, _cnameLength);
        if (bye) p = RtcpWriter.Bye(b, p, _sender.Ssrc);
        _stats.C[StatIndex.RtcpSent]++;
        if (!_transport.SendRtcp(b, start, p - start, _destination)) _stats.C[StatIndex.SendFailures]++;
    }

    /// <summary>Our NTP time: the wall clock when known, else the session clock (RFC 3550 §6.4.1 allows either).</summary>
    private void Ntp(long nowMs, out uint seconds, out uint fraction)
    {
        long ms = nowMs;
        if (_wallClockOffsetMs != 0) ms += _wallClockOffsetMs + NtpTime.UnixEpochSeconds * 1000;
        NtpTime.FromMilliseconds(ms, out seconds, out fraction);
    }

    /// <summary>Same IP address (RTCP may come from another port than RTP, RFC 3550 §11; names are not compared).</summary>
    private static bool SameAddress(Endpoint a, Endpoint b)
    {
        if (a == null || b == null || a.Kind != b.Kind) return false;
        int n = a.AddressLength;
        for (int i = 0; i < n; i++)
        {
            if (a.AddressAt(i) != b.AddressAt(i)) return false;
        }
        return n > 0;
    }
}
