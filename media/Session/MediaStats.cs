namespace NanoPhone.Media.Session;

/// <summary>
/// A call's media figures, from Start to Stop (kept after Stop until the next Start). Packets are RTP
/// packets; samples are 8 kHz samples (8 per ms).
/// </summary>
public sealed class MediaStats
{
    // Sent.
    public int PacketsSent;
    public int OctetsSent;
    public int DigitsSent;
    public int RtcpSent;
    public int SendFailures;

    // Received and used.
    public int PacketsReceived;
    public int OctetsReceived;
    public int DigitsReceived;
    public int RtcpReceived;

    // Lost, late, repaired (RFC 3550 A.3 for Lost; the jitter buffer for the rest).
    public int Lost;
    public int Late;
    public int Duplicates;
    public int ConcealedFrames;
    public int TooEarly;
    public int Resyncs;
    public int SkippedSamples;
    public int RepeatedSamples;
    /// <summary>Interarrival jitter now and at most (RFC 3550 A.8), in ms.</summary>
    public int JitterMs;
    public int MaxJitterMs;
    /// <summary>The jitter buffer's delay and its target, in ms.</summary>
    public int DelayMs;
    public int TargetDelayMs;

    // Dropped on the way in, each counted once.
    public int Malformed;
    public int UnknownPayloadType;
    /// <summary>From a source other than the SDP's or the latched one (RTP bleed, injection).</summary>
    public int Strangers;
    /// <summary>Packets of a new SSRC still on probation (RFC 3550 A.1), and of SSRC floods.</summary>
    public int SsrcProbation;
    public int SsrcChanges;
    /// <summary>Packets dropped by RFC 3550 A.1's sequence checks (a jump not yet confirmed).</summary>
    public int SequenceJumps;
    /// <summary>Received while not playing (Idle, or sendonly/inactive): counted, not played.</summary>
    public int NotPlayed;
    public int RtcpMalformed;
    public int RtcpStrangers;

    // What the peer reports about our stream (RTCP report blocks) and the round trip (RFC 3550 §6.4.1).
    public int PeerFractionLost;
    public int PeerCumulativeLost;
    public int PeerJitterMs;
    public int RoundTripMs = -1;
    public bool RemoteBye;

    public void Clear()
    {
        PacketsSent = OctetsSent = DigitsSent = RtcpSent = SendFailures = 0;
        PacketsReceived = OctetsReceived = DigitsReceived = RtcpReceived = 0;
        Lost = Late = Duplicates = ConcealedFrames = TooEarly = Resyncs = SkippedSamples = RepeatedSamples = 0;
        JitterMs = MaxJitterMs = DelayMs = TargetDelayMs = 0;
        Malformed = UnknownPayloadType = Strangers = SsrcProbation = SsrcChanges = SequenceJumps = NotPlayed = 0;
        RtcpMalformed = RtcpStrangers = 0;
        PeerFractionLost = PeerCumulativeLost = PeerJitterMs = 0;
        RoundTripMs = -1;
        RemoteBye = false;
    }
}
