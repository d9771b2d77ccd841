using NanoPhone.Media.Codec;
using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Rtp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>
/// The sending half of a session (RFC 3550 §5.1): takes one 20 ms microphone frame per call, encodes
/// it into the packet being filled and sends packets of the peer's packet time (10–60 ms), or sends
/// the frame's telephone-event packet instead while a digit is going out (<see cref="DtmfSender"/>).
/// The SSRC, the first sequence number and the first timestamp are random (§5.1, §8.1). The timestamp
/// advances by the frame's 160 samples whether or not anything is sent (on hold, during a digit), and
/// by the elapsed time when frames stopped coming for longer than 200 ms; the first packet after any
/// such pause, and the first of the session, has the marker bit (§5.1: the start of a talk spurt).
/// </summary>
public sealed class RtpSender
{
    public const int FrameSamples = 160;
    public const int FrameMs = 20;
    public const int MaxPacketSamples = 480;
    private const long PauseMs = 200;

    private readonly IMediaTransport _transport;
    private readonly MediaStats _stats;
    private readonly DtmfSender _dtmf = new DtmfSender();
    // The packet being filled; the RTCP reporter writes its compounds behind the pending audio
    // (at most 320 samples are pending after a frame, and a compound takes at most 140 bytes).
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + MaxPacketSamples];
    private readonly byte[] _event = new byte[RtpHeader.FixedLength + DtmfSender.PayloadLength];

    private uint _ssrc;
    private int _seq;
    private uint _ts;                // timestamp of the next frame's first sample
    private bool _marker;
    private int _payloadType;
    private int _eventType;
    private int _packetSamples = FrameSamples;
    private int _fill;               // samples in the packet being filled
    private uint _packetTs;
    private long _lastFrameMs;
    private bool _haveFrame;

    /// <summary>RTP packets and payload octets sent since Start (the SR's sender counts, RFC 3550 §6.4.1).</summary>
    public uint PacketCount;
    public uint OctetCount;
    /// <summary>Set by every packet sent; cleared by the RTCP reporter when it writes a report.</summary>
    public bool SentSinceReport;

    public RtpSender(IMediaTransport transport, MediaStats stats)
    {
        _transport = transport;
        _stats = stats;
    }

    public uint Ssrc { get { return _ssrc; } }

    /// <summary>The sequence number of the next packet.</summary>
    public int NextSequence { get { return _seq; } }

    public DtmfSender Dtmf { get { return _dtmf; } }

    /// <summary>
    /// Room for an RTCP compound: the packet buffer from the first 32-bit boundary behind the audio
    /// waiting to be sent (the buffer is not touched again until the next frame).
    /// </summary>
    internal byte[] Scratch { get { return _packet; } }

    internal int ScratchOffset { get { return (RtpHeader.FixedLength + _fill + 3) & ~3; } }

    /// <summary>Begins a new stream with random identifiers.</summary>
    public void Start(uint ssrc, int firstSequence, uint firstTimestamp)
    {
        _ssrc = ssrc;
        _seq = firstSequence & 0xFFFF;
        _ts = firstTimestamp;
        _marker = true;
        _fill = 0;
        _haveFrame = false;
        PacketCount = 0;
        OctetCount = 0;
        SentSinceReport = false;
        _dtmf.Reset();
    }

    /// <summary>Sets the payload types and packet time (from the SDP); a pending partial packet is sent first.</summary>
    public void Configure(int payloadType, int eventType, int packetMs, Endpoint to)
    {
        int samples = packetMs * G711.SamplesPerMs;
        if (samples > MaxPacketSamples) samples = MaxPacketSamples;
        if (samples < FrameSamples / 2) samples = FrameSamples / 2;
        if (_fill > 0 && (payloadType != _payloadType || samples != _packetSamples)) SendAudio(to);
        if (eventType < 0) _dtmf.Reset();          // telephone-event no longer negotiated: queued keys are dropped
        _payloadType = payloadType;
        _eventType = eventType;
        _packetSamples = samples;
    }

    /// <summary>The next packet starts a talk spurt (after hold, a move, a pause); a partial packet is dropped.</summary>
    public void Pause()
    {
        _marker = true;
        _fill = 0;
    }

    /// <summary>The RTP timestamp of the sample at time nowMs (for the SR, RFC 3550 §6.4.1).</summary>
    public uint TimestampAt(long nowMs)
    {
        if (!_haveFrame) return _ts;
        return _ts + (uint)((nowMs - _lastFrameMs) * G711.SamplesPerMs);
    }

    /// <summary>
    /// One 20 ms microphone frame (pcm[0 .. 160)) captured up to nowMs. sending: the direction lets
    /// us send and there is a destination; else the frame only moves the timestamp on.
    /// </summary>
    public void Frame(short[] pcm, long nowMs, bool sending, Endpoint to)
    {
        if (_haveFrame && nowMs - _lastFrameMs > PauseMs)
        {
            _ts += (uint)((nowMs - _lastFrameMs - FrameMs) * G711.SamplesPerMs);
            Pause();
        }
        _lastFrameMs = nowMs;
        _haveFrame = true;
        uint frameTs = _ts;
        _ts += FrameSamples;
        if (!sending)
        {
            Pause();
            return;
        }
        if (_eventType >= 0)
        {
            uint eventTs;
            bool eventMarker;
            int n = _dtmf.NextFrame(frameTs, FrameSamples, _event, RtpHeader.FixedLength, out eventTs, out eventMarker);
            if (n > 0)
            {
                if (eventMarker)
                {
                    if (_fill > 0) SendAudio(to);
                    _stats.C[StatIndex.DigitsSent]++;
                }
                RtpHeader.Write(_event, 0, eventMarker, _eventType, _seq, eventTs, _ssrc);
                Send(_event, RtpHeader.FixedLength + n, n, to);
                return;
            }
        }
        int offset = 0;
        while (offset < FrameSamples)
        {
            if (_fill == 0) _packetTs = frameTs + (uint)offset;
            int n = _packetSamples - _fill;
            if (n > FrameSamples - offset) n = FrameSamples - offset;
            G711.Encode(_payloadType, pcm, offset, _packet, RtpHeader.FixedLength + _fill, n);
            _fill += n;
            offset += n;
            if (_fill == _packetSamples) SendAudio(to);
        }
    }

    /// <summary>Queues a key as a telephone-event; false when none was negotiated or the queue is full.</summary>
    public bool QueueDigit(char digit, int durationMs)
    {
        if (_eventType < 0) return false;
        return _dtmf.Enqueue(DtmfEvent.FromDigit(digit), durationMs);
    }

    private void SendAudio(Endpoint to)
    {
        RtpHeader.Write(_packet, 0, _marker, _payloadType, _seq, _packetTs, _ssrc);
        _marker = false;
        int payload = _fill;
        _fill = 0;
        Send(_packet, RtpHeader.FixedLength + payload, payload, to);
    }

    private void Send(byte[] packet, int length, int payload, Endpoint to)
    {
        _seq = (_seq + 1) & 0xFFFF;
        PacketCount++;
        OctetCount += (uint)payload;
        SentSinceReport = true;
        _stats.C[StatIndex.PacketsSent]++;
        _stats.C[StatIndex.OctetsSent] += payload;
        if (!_transport.SendRtp(packet, 0, length, to)) _stats.C[StatIndex.SendFailures]++;
    }
}
