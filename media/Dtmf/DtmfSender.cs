using NanoPhone.Media.Rtp;

namespace NanoPhone.Media.Dtmf;

/// <summary>
/// Sends keypad digits as RFC 4733 telephone-events, one 20 ms frame at a time (§2.5.1): the first
/// packet of an event has the marker bit (§2.5.1.1 via RFC 3550's talk-spurt rule), every packet of
/// the event carries the timestamp of its start, the duration so far grows by a frame per packet
/// (§2.5.1.2), and the final packet (E bit) is sent three times (§2.5.1.4), each with its own sequence
/// number. Digits pressed while one is being sent queue up (8 at most) and follow after a 40 ms
/// gap of audio (ITU-T Q.24 minimum pause). The audio of the frames an event covers is not sent.
/// </summary>
public sealed class DtmfSender
{
    public const int PayloadLength = 4;
    public const int QueueLength = 8;
    public const int EndPackets = 3;
    /// <summary>Volume field: −10 dBm0 (§2.3.4: 0–63, in −dBm0).</summary>
    public const int Volume = 10;
    private const int GapFrames = 2;

    private enum Phase : byte { Idle, Sending, Ending, Gap }

    private readonly byte[] _queueCode = new byte[QueueLength];
    private readonly short[] _queueMs = new short[QueueLength];
    private int _queueHead;
    private int _queueCount;

    private Phase _phase;
    private int _code;
    private int _target;        // duration to reach, timestamp units
    private int _duration;
    private uint _eventTimestamp;
    private int _endsLeft;
    private int _gapLeft;

    /// <summary>Events started since Reset.</summary>
    public int EventsSent;

    /// <summary>True while an event or its gap is running, or digits wait.</summary>
    public bool Busy { get { return _phase != Phase.Idle || _queueCount > 0; } }

    public void Reset()
    {
        _phase = Phase.Idle;
        _queueCount = 0;
        _queueHead = 0;
        EventsSent = 0;
    }

    /// <summary>Queues an event code (0–16) lasting durationMs (at least 40 ms); false when the queue is full.</summary>
    public bool Enqueue(int code, int durationMs)
    {
        if (code < 0 || code > DtmfEvent.Flash || _queueCount == QueueLength) return false;
        if (durationMs < 40) durationMs = 40;
        if (durationMs > 5000) durationMs = 5000;
        int i = (_queueHead + _queueCount) % QueueLength;
        _queueCode[i] = (byte)code;
        _queueMs[i] = (short)durationMs;
        _queueCount++;
        return true;
    }

    /// <summary>
    /// The frame starting at timestamp frameTs (frameSamples long) is due. If it belongs to an event,
    /// writes the telephone-event payload into payload[off ..] and returns its length (4) with the
    /// packet's timestamp and marker; otherwise returns 0 and the frame carries audio.
    /// </summary>
    public int NextFrame(uint frameTs, int frameSamples, byte[] payload, int off, out uint timestamp, out bool marker)
    {
        timestamp = frameTs;
        marker = false;
        if (_phase == Phase.Gap)
        {
            if (--_gapLeft > 0) return 0;
            _phase = Phase.Idle;
        }
        if (_phase == Phase.Idle)
        {
            if (_queueCount == 0) return 0;
            _code = _queueCode[_queueHead];
            _target = _queueMs[_queueHead] * 8;
            _queueHead = (_queueHead + 1) % QueueLength;
            _queueCount--;
            _eventTimestamp = frameTs;
            _duration = 0;
            _phase = Phase.Sending;
            marker = true;
            EventsSent++;
        }
        timestamp = _eventTimestamp;
        bool end;
        if (_phase == Phase.Sending)
        {
            _duration += frameSamples;
            end = _duration >= _target;
            if (end)
            {
                _phase = Phase.Ending;
                _endsLeft = EndPackets - 1;
            }
        }
        else
        {
            end = true;
            if (--_endsLeft <= 0)
            {
                _phase = Phase.Gap;
                _gapLeft = GapFrames + 1;
            }
        }
        Write(payload, off, _code, end, _duration);
        return PayloadLength;
    }

    /// <summary>The 4-byte event payload of §2.3: event, E bit and volume, 16-bit duration.</summary>
    public static void Write(byte[] b, int off, int code, bool end, int duration)
    {
        if (duration > 0xFFFF) duration = 0xFFFF;
        b[off] = (byte)code;
        b[off + 1] = (byte)((end ? 0x80 : 0) | Volume);
        b[off + 2] = (byte)(duration >> 8);
        b[off + 3] = (byte)duration;
    }
}
