using NanoPhone.Media.Codec;
using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Jitter;
using NanoPhone.Media.Rtp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// The receiving half of a session. A datagram on the RTP port passes, in this order, or is dropped
/// and counted once: the header checks (RFC 3550 §5.1, A.1); a negotiated payload type (audio or
/// telephone-event) and an audio payload the jitter buffer can take (≤ 60 ms); the source — the SDP's address and port, or, with latching, the first source to
/// pass the checks before it, after which every other source is a stranger (no RTP bleed or
/// injection); the SSRC — a new one must send two packets in sequence before it replaces the current
/// one (A.1's probation, which also defeats SSRC floods); the sequence checks of A.1 (large jumps,
/// duplicates). Audio then goes to the interarrival jitter (A.8) and the jitter buffer,
/// telephone-events to the DTMF receiver.
/// </summary>
public sealed class RtpReceiver
{
    private readonly MediaStats _stats;
    private readonly RtpHeader _header = new RtpHeader();
    private readonly SequenceTracker _sequence = new SequenceTracker();
    private readonly InterarrivalJitter _jitter = new InterarrivalJitter();
    private readonly DtmfReceiver _dtmf = new DtmfReceiver();
    private readonly JitterBuffer _buffer;
    private MediaParameters _params;       // the session's copy: its Remote is the SDP's address
    private readonly Endpoint _latched = new Endpoint();

    private IMediaEvents _events;
    private bool _latching;
    private bool _isLatched;
    private bool _haveSsrc;
    private uint _ssrc;
    private bool _haveCandidate;
    private uint _candidate;
    private int _candidateSeq;
    private int _candidateCount;

    /// <summary>Packets dropped because their sequence number had been received (the jitter buffer counts its own).</summary>
    public int DuplicateSequences;

    public RtpReceiver(MediaStats stats, JitterBuffer buffer)
    {
        _stats = stats;
        _buffer = buffer;
    }

    public JitterBuffer Buffer { get { return _buffer; } }

    public SequenceTracker Sequence { get { return _sequence; } }

    public InterarrivalJitter Jitter { get { return _jitter; } }

    /// <summary>True once a source's SSRC was adopted and its probation served.</summary>
    public bool HasSource { get { return _haveSsrc && !_sequence.OnProbation; } }

    /// <summary>The SSRC of the source being played (valid when a source was adopted).</summary>
    public uint RemoteSsrc { get { return _ssrc; } }

    public bool HasSsrc { get { return _haveSsrc; } }

    public bool IsLatched { get { return _isLatched; } }

    /// <summary>Where the peer is now: the latched source, else the SDP's address.</summary>
    public Endpoint Peer { get { return _isLatched ? _latched : _params.Remote; } }

    /// <summary>A new call: forgets the source, the latch, the buffer. p is the session's copy of the parameters (kept).</summary>
    public void Start(MediaParameters p, IMediaEvents events)
    {
        _events = events;
        DuplicateSequences = 0;
        _haveSsrc = false;
        _haveCandidate = false;
        _jitter.Reset();
        _dtmf.Reset();
        _buffer.Reset();
        SetRemote(p);
    }

    /// <summary>A new SDP address or latching rule (a re-INVITE that moved the peer; p is the session's copy): the latch starts over.</summary>
    public void SetRemote(MediaParameters p)
    {
        _params = p;
        _latching = p.Latching;
        _isLatched = false;
    }

    /// <summary>Playback was off (hold): what was buffered is stale.</summary>
    public void RestartPlayout()
    {
        _buffer.Restart();
    }

    /// <summary>One datagram from the RTP socket; playing: the direction lets us play audio.</summary>
    public void Receive(byte[] b, int off, int len, Endpoint from, long nowMs, MediaParameters p, bool playing)
    {
        if (_header.Parse(b, off, len) != RtpParseStatus.Ok)
        {
            _stats.C[StatIndex.Malformed]++;
            return;
        }
        int pt = _header.PayloadType;
        bool audio = p.IsAudio(pt);
        if (!audio && (pt != p.TelephoneEventPayloadType || pt < 0))
        {
            _stats.C[StatIndex.UnknownPayloadType]++;
            return;
        }
        if (audio && _header.PayloadLength > JitterBuffer.MaxPayloadSamples)
        {
            _stats.C[StatIndex.Malformed]++;                 // oversize: more than the buffer takes (and no G.711 packet time)
            return;
        }
        if (!AcceptSource(from)) return;
        int ssrc = CheckSsrc();
        if (ssrc == SsrcDrop) return;
        if (ssrc == SsrcKnown)
        {
            switch (_sequence.Update(_header.Sequence))
            {
                case SequenceVerdict.Probation:
                    _stats.C[StatIndex.SsrcProbation]++;
                    return;
                case SequenceVerdict.Jump:
                    _stats.C[StatIndex.SequenceJumps]++;
                    return;
                case SequenceVerdict.Duplicate:
                    DuplicateSequences++;
                    return;
                case SequenceVerdict.Restarted:
                    _buffer.Restart();
                    _jitter.Reset();
                    break;
            }
        }
        _stats.C[StatIndex.PacketsReceived]++;
        _stats.C[StatIndex.OctetsReceived] += _header.PayloadLength;
        if (!audio)
        {
            char digit = _dtmf.Receive(b, _header.PayloadOffset, _header.PayloadLength, _header.Timestamp);
            if (digit != '\0')
            {
                _stats.C[StatIndex.DigitsReceived]++;
                if (_events != null) _events.DigitReceived(digit);
            }
            return;
        }
        _jitter.Update((uint)(nowMs * G711.SamplesPerMs), _header.Timestamp);
        int jitterMs = (int)(_jitter.Value / G711.SamplesPerMs);
        _stats.C[StatIndex.JitterMs] = jitterMs;
        if (jitterMs > _stats.C[StatIndex.MaxJitterMs]) _stats.C[StatIndex.MaxJitterMs] = jitterMs;
        if (!playing)
        {
            _stats.C[StatIndex.NotPlayed]++;
            return;
        }
        _buffer.Insert(_header.Timestamp, b, _header.PayloadOffset, _header.PayloadLength, pt, _header.Marker, nowMs);
    }

    private bool AcceptSource(Endpoint from)
    {
        if (_isLatched)
        {
            if (_latched.Equals(from)) return true;
            _stats.C[StatIndex.Strangers]++;
            return false;
        }
        if (!_latching)
        {
            if (_params.Remote.Equals(from)) return true;
            _stats.C[StatIndex.Strangers]++;
            return false;
        }
        _latched.CopyFrom(from);
        _isLatched = true;
        if (_events != null) _events.Latched(_latched);
        return true;
    }

    private const int SsrcDrop = 0;
    private const int SsrcKnown = 1;
    private const int SsrcConfirmed = 2;

    /// <summary>
    /// Drop (a new SSRC on probation), Known (the current SSRC, or the very first one, whose probation
    /// A.1 then serves), or Confirmed (a new SSRC just confirmed: adopted, this packet counted).
    /// </summary>
    private int CheckSsrc()
    {
        uint ssrc = _header.Ssrc;
        int seq = _header.Sequence;
        if (!_haveSsrc)
        {
            Adopt(ssrc);
            _sequence.Start(seq);
            return SsrcKnown;
        }
        if (ssrc == _ssrc) return SsrcKnown;
        if (_haveCandidate && ssrc == _candidate && seq == ((_candidateSeq + 1) & 0xFFFF))
        {
            _candidateSeq = seq;
            if (++_candidateCount >= SequenceTracker.MinSequential)
            {
                Adopt(ssrc);
                _sequence.StartConfirmed(seq);
                _stats.C[StatIndex.SsrcChanges]++;
                return SsrcConfirmed;
            }
        }
        else
        {
            _haveCandidate = true;
            _candidate = ssrc;
            _candidateSeq = seq;
            _candidateCount = 1;
        }
        _stats.C[StatIndex.SsrcProbation]++;
        return SsrcDrop;
    }

    private void Adopt(uint ssrc)
    {
        _haveSsrc = true;
        _ssrc = ssrc;
        _haveCandidate = false;
        _buffer.Restart();
        _jitter.Reset();
        _dtmf.Reset();
    }
}
