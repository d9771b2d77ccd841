namespace NanoPhone.Media.Rtp;

/// <summary>
/// The interarrival jitter of RFC 3550 §6.4.1 as computed in Appendix A.8: the mean deviation of the
/// difference in transit time between consecutive packets, smoothed with gain 1/16, in RTP timestamp
/// units. Kept scaled by 16 in an integer, as A.8's second form does, so no floating point is needed.
/// Feed it packets that carry media sampled at their timestamp (audio, not RFC 4733 event updates,
/// whose timestamp stays at the event's start).
/// </summary>
public sealed class InterarrivalJitter
{
    private int _transit;
    private uint _jitter16;
    private bool _started;

    /// <summary>The current estimate in timestamp units (the report block's jitter field).</summary>
    public uint Value { get { return _jitter16 >> 4; } }

    public void Reset()
    {
        _started = false;
        _transit = 0;
        _jitter16 = 0;
    }

    /// <summary>
    /// One packet: arrival is the receiver's clock in timestamp units (any origin), timestamp the
    /// packet's RTP timestamp.
    /// </summary>
    public void Update(uint arrival, uint timestamp)
    {
        int transit = (int)(arrival - timestamp);
        if (!_started)
        {
            _started = true;
            _transit = transit;
            return;
        }
        int d = transit - _transit;
        _transit = transit;
        if (d < 0) d = -d;
        // J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16, with J kept as 16·J.
        _jitter16 = (uint)((int)_jitter16 + d - (int)((_jitter16 + 8) >> 4));
    }
}
