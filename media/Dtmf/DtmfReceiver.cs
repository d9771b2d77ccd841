namespace NanoPhone.Media.Dtmf;

/// <summary>
/// Turns received RFC 4733 telephone-event packets into one key per event (§2.5.2). An event is
/// identified by its RTP timestamp, the time it began (§2.5.1.2): the first packet seen with a new
/// timestamp reports the key, whether it is the start, an update or one of the end packets (the
/// start may be lost); later packets of the event — duration updates and the three end packets —
/// report nothing. A packet with an older timestamp than the last event (reordered) is ignored, and
/// so is the next segment of a long event (§2.5.1.3: same event, not ended, timestamp advanced by
/// the previous segment's duration). Only the first event of a packet is read (§2.5.1.5 redundancy
/// repeats earlier ones after it).
/// </summary>
public sealed class DtmfReceiver
{
    private bool _have;
    private uint _lastTimestamp;
    private int _lastCode;
    private int _lastDuration;
    private bool _lastEnded;

    /// <summary>Events reported since Reset.</summary>
    public int Events;
    /// <summary>Payloads shorter than 4 bytes or with an event code above 16.</summary>
    public int Malformed;

    /// <summary>Duration of the last event so far, in timestamp units.</summary>
    public int LastDuration { get { return _lastDuration; } }

    /// <summary>True once an end packet of the last event arrived.</summary>
    public bool LastEnded { get { return _lastEnded; } }

    public void Reset()
    {
        _have = false;
        Events = 0;
        Malformed = 0;
    }

    /// <summary>One telephone-event payload b[off .. off+len) with its packet's timestamp: the key of a new event, or '\0'.</summary>
    public char Receive(byte[] b, int off, int len, uint timestamp)
    {
        if (len < DtmfSender.PayloadLength || b[off] > DtmfEvent.Flash)
        {
            Malformed++;
            return '\0';
        }
        int code = b[off];
        bool end = (b[off + 1] & 0x80) != 0;
        int duration = (b[off + 2] << 8) | b[off + 3];
        if (_have)
        {
            int age = (int)(timestamp - _lastTimestamp);
            if (age == 0)
            {
                if (duration > _lastDuration) _lastDuration = duration;
                if (end) _lastEnded = true;
                return '\0';
            }
            if (age < 0) return '\0';
            if (!_lastEnded && code == _lastCode && age == _lastDuration)
            {
                _lastTimestamp = timestamp;
                _lastDuration = duration;
                _lastEnded = end;
                return '\0';
            }
        }
        _have = true;
        _lastTimestamp = timestamp;
        _lastCode = code;
        _lastDuration = duration;
        _lastEnded = end;
        Events++;
        return DtmfEvent.ToDigit(code);
    }
}
