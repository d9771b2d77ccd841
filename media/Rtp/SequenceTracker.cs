namespace NanoPhone.Media.Rtp;

/// <summary>What <see cref="SequenceTracker.Update"/> made of a packet's sequence number.</summary>
public enum SequenceVerdict : byte
{
    /// <summary>In sequence, or reordered within the window: a valid packet, counted as received.</summary>
    Accepted = 0,
    /// <summary>The source is on probation (RFC 3550 A.1: MIN_SEQUENTIAL packets in a row first): not used yet.</summary>
    Probation,
    /// <summary>A very large jump (A.1 "bad_seq"): dropped unless the next packet follows it.</summary>
    Jump,
    /// <summary>The packet after a large jump followed it: the sender restarted; counting starts again here.</summary>
    Restarted,
    /// <summary>Already received (the same number inside the 64-packet window).</summary>
    Duplicate,
}

/// <summary>
/// Per-source sequence bookkeeping of RFC 3550 Appendix A.1 (probation, wrap-around cycles, the
/// MAX_DROPOUT / MAX_MISORDER rules, resynchronisation after a restart) and the loss figures of
/// Appendix A.3 for reception reports. Besides the RFC's algorithm it remembers which of the last 64
/// sequence numbers arrived, so duplicates are neither counted as received nor played twice.
/// </summary>
public sealed class SequenceTracker
{
    public const int MaxDropout = 3000;
    public const int MaxMisorder = 100;
    public const int MinSequential = 2;
    private const int SeqMod = 1 << 16;
    private const int Window = 64;

    private int _maxSeq;
    private uint _cycles;
    private int _baseSeq;
    private int _badSeq;
    private int _probation;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private ulong _seen;

    /// <summary>Packets counted as received (A.1 "received"; duplicates excluded).</summary>
    public uint Received { get { return _received; } }

    /// <summary>The extended highest sequence number received (A.1: cycles + max_seq).</summary>
    public uint ExtendedMax { get { return _cycles + (uint)_maxSeq; } }

    /// <summary>Packets expected so far (A.3: extended_max − base_seq + 1).</summary>
    public uint Expected { get { return ExtendedMax - (uint)_baseSeq + 1; } }

    /// <summary>Cumulative packets lost (A.3): expected − received; negative with late duplicates of old packets.</summary>
    public int CumulativeLost { get { return (int)(Expected - _received); } }

    public bool OnProbation { get { return _probation > 0; } }

    /// <summary>Starts tracking a new source at its first packet (A.1: init_seq, then probation).</summary>
    public void Start(int seq)
    {
        Init(seq);
        _maxSeq = (seq - 1) & (SeqMod - 1);
        _probation = MinSequential;
    }

    /// <summary>
    /// Starts tracking a source whose probation was served elsewhere (a new SSRC confirmed by
    /// sequential packets): the state A.1 reaches when probation ends, with this packet received.
    /// </summary>
    public void StartConfirmed(int seq)
    {
        Init(seq);
        _probation = 0;
        _received = 1;
    }

    /// <summary>RFC 3550 A.1 update_seq, with a duplicate check; see <see cref="SequenceVerdict"/>.</summary>
    public SequenceVerdict Update(int seq)
    {
        int udelta = (seq - _maxSeq) & (SeqMod - 1);
        if (_probation > 0)
        {
            if (seq == ((_maxSeq + 1) & (SeqMod - 1)))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    Init(seq);
                    _received++;
                    return SequenceVerdict.Accepted;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = seq;
            }
            return SequenceVerdict.Probation;
        }
        if (udelta < MaxDropout)
        {
            if (udelta == 0) return SequenceVerdict.Duplicate;
            if (seq < _maxSeq) _cycles += SeqMod;
            _maxSeq = seq;
            _seen = udelta >= Window ? 1UL : (_seen << udelta) | 1UL;
        }
        else if (udelta <= SeqMod - MaxMisorder)
        {
            if (seq != _badSeq)
            {
                _badSeq = (seq + 1) & (SeqMod - 1);
                return SequenceVerdict.Jump;
            }
            // Two sequential packets: the other side restarted without telling us (A.1).
            Init(seq);
            _received++;
            return SequenceVerdict.Restarted;
        }
        else
        {
            // Duplicate or reordered: behind max_seq by SeqMod − udelta.
            int behind = SeqMod - udelta;
            if (behind < Window)
            {
                ulong bit = 1UL << behind;
                if ((_seen & bit) != 0) return SequenceVerdict.Duplicate;
                _seen |= bit;
            }
        }
        _received++;
        return SequenceVerdict.Accepted;
    }

    /// <summary>
    /// The fraction lost since the previous call, in 1/256 (A.3: an 8-bit fixed-point value, 0 when
    /// more arrived than expected), for one reception report block; moves the interval on.
    /// </summary>
    public int TakeFractionLost()
    {
        uint expected = Expected;
        int expectedInterval = (int)(expected - _expectedPrior);
        _expectedPrior = expected;
        int receivedInterval = (int)(_received - _receivedPrior);
        _receivedPrior = _received;
        int lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) return 0;
        return (lostInterval << 8) / expectedInterval;
    }

    /// <summary>The cumulative loss clamped to the report block's 24-bit signed field (RFC 3550 §6.4.1).</summary>
    public int CumulativeLost24
    {
        get
        {
            int lost = CumulativeLost;
            if (lost > 0x7FFFFF) return 0x7FFFFF;
            if (lost < -0x800000) return -0x800000;
            return lost;
        }
    }

    private void Init(int seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = SeqMod + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _seen = 1UL;
    }
}
