namespace NanoPhone.Media.Session;

/// <summary>
/// A call's media figures, from Start to Stop (kept after Stop until the next Start). Packets are RTP
/// packets; samples are 8 kHz samples (8 per ms). Kept in one int array (a field costs 12 bytes of
/// nanoFramework heap, an array element 4); the session writes it through <see cref="StatIndex"/>.
/// </summary>
public sealed class MediaStats
{
    internal readonly int[] C = new int[StatIndex.Count];

    public MediaStats()
    {
        Clear();
    }

    /// <summary>RTP packets sent (audio and telephone-events).</summary>
    public int PacketsSent { get { return C[StatIndex.PacketsSent]; } }

    /// <summary>RTP payload octets sent.</summary>
    public int OctetsSent { get { return C[StatIndex.OctetsSent]; } }

    /// <summary>Telephone-events started (RFC 4733).</summary>
    public int DigitsSent { get { return C[StatIndex.DigitsSent]; } }

    /// <summary>RTCP compounds sent.</summary>
    public int RtcpSent { get { return C[StatIndex.RtcpSent]; } }

    /// <summary>Datagrams the transport could not send.</summary>
    public int SendFailures { get { return C[StatIndex.SendFailures]; } }

    /// <summary>RTP packets taken in (past every check below).</summary>
    public int PacketsReceived { get { return C[StatIndex.PacketsReceived]; } }

    /// <summary>Their payload octets.</summary>
    public int OctetsReceived { get { return C[StatIndex.OctetsReceived]; } }

    /// <summary>Telephone-events reported (one per key press).</summary>
    public int DigitsReceived { get { return C[StatIndex.DigitsReceived]; } }

    /// <summary>RTCP compounds read.</summary>
    public int RtcpReceived { get { return C[StatIndex.RtcpReceived]; } }

    /// <summary>Packets lost (RFC 3550 A.3: expected − received; negative with duplicates of old packets).</summary>
    public int Lost { get { return C[StatIndex.Lost]; } }

    /// <summary>Audio packets that came after their playout time.</summary>
    public int Late { get { return C[StatIndex.Late]; } }

    /// <summary>Packets received twice (by sequence number, or all their samples already buffered).</summary>
    public int Duplicates { get { return C[StatIndex.Duplicates]; } }

    /// <summary>20 ms frames played with concealed samples (G.711 Appendix I).</summary>
    public int ConcealedFrames { get { return C[StatIndex.ConcealedFrames]; } }

    /// <summary>Packets too far ahead of the playout point.</summary>
    public int TooEarly { get { return C[StatIndex.TooEarly]; } }

    /// <summary>Times the playout timeline was re-anchored (timestamp jumps, restarts).</summary>
    public int Resyncs { get { return C[StatIndex.Resyncs]; } }

    /// <summary>Samples dropped to shorten the delay (sender clock fast, bursts).</summary>
    public int SkippedSamples { get { return C[StatIndex.SkippedSamples]; } }

    /// <summary>Samples repeated to lengthen it (sender clock slow, more jitter).</summary>
    public int RepeatedSamples { get { return C[StatIndex.RepeatedSamples]; } }

    /// <summary>Interarrival jitter now (RFC 3550 A.8), ms.</summary>
    public int JitterMs { get { return C[StatIndex.JitterMs]; } }

    /// <summary>Its largest value in the call, ms.</summary>
    public int MaxJitterMs { get { return C[StatIndex.MaxJitterMs]; } }

    /// <summary>The jitter buffer's delay, ms.</summary>
    public int DelayMs { get { return C[StatIndex.DelayMs]; } }

    /// <summary>The delay it aims at, ms.</summary>
    public int TargetDelayMs { get { return C[StatIndex.TargetDelayMs]; } }

    /// <summary>RTP datagrams failing the header checks (RFC 3550 §5.1), or oversize.</summary>
    public int Malformed { get { return C[StatIndex.Malformed]; } }

    /// <summary>RTP with a payload type not negotiated.</summary>
    public int UnknownPayloadType { get { return C[StatIndex.UnknownPayloadType]; } }

    /// <summary>RTP from a source other than the SDP's or the latched one (RTP bleed, injection).</summary>
    public int Strangers { get { return C[StatIndex.Strangers]; } }

    /// <summary>Packets of a new SSRC still on probation (RFC 3550 A.1), SSRC floods included.</summary>
    public int SsrcProbation { get { return C[StatIndex.SsrcProbation]; } }

    /// <summary>Times the peer's SSRC changed (after two packets in sequence).</summary>
    public int SsrcChanges { get { return C[StatIndex.SsrcChanges]; } }

    /// <summary>Packets dropped by A.1's sequence checks (a jump not yet confirmed).</summary>
    public int SequenceJumps { get { return C[StatIndex.SequenceJumps]; } }

    /// <summary>Audio received while not playing (idle, sendonly, inactive).</summary>
    public int NotPlayed { get { return C[StatIndex.NotPlayed]; } }

    /// <summary>RTCP failing the RFC 3550 A.2 checks.</summary>
    public int RtcpMalformed { get { return C[StatIndex.RtcpMalformed]; } }

    /// <summary>RTCP from another address.</summary>
    public int RtcpStrangers { get { return C[StatIndex.RtcpStrangers]; } }

    /// <summary>The peer's report on our stream: fraction lost, in 1/256.</summary>
    public int PeerFractionLost { get { return C[StatIndex.PeerFractionLost]; } }

    /// <summary>Its cumulative loss.</summary>
    public int PeerCumulativeLost { get { return C[StatIndex.PeerCumulativeLost]; } }

    /// <summary>Its jitter, ms.</summary>
    public int PeerJitterMs { get { return C[StatIndex.PeerJitterMs]; } }

    /// <summary>Round trip from its report (A − LSR − DLSR, RFC 3550 §6.4.1), ms; −1: not known.</summary>
    public int RoundTripMs { get { return C[StatIndex.RoundTripMs]; } }

    /// <summary>True once the peer sent an RTCP BYE (RFC 3550 §6.6).</summary>
    public bool RemoteBye { get { return C[StatIndex.RemoteBye] != 0; } }

    public void Clear()
    {
        System.Array.Clear(C, 0, StatIndex.Count);
        C[StatIndex.RoundTripMs] = -1;
    }
}

/// <summary>Where each figure of <see cref="MediaStats"/> lives in its array.</summary>
internal static class StatIndex
{
    public const int PacketsSent = 0;
    public const int OctetsSent = 1;
    public const int DigitsSent = 2;
    public const int RtcpSent = 3;
    public const int SendFailures = 4;
    public const int PacketsReceived = 5;
    public const int OctetsReceived = 6;
    public const int DigitsReceived = 7;
    public const int RtcpReceived = 8;
    public const int Lost = 9;
    public const int Late = 10;
    public const int Duplicates = 11;
    public const int ConcealedFrames = 12;
    public const int TooEarly = 13;
    public const int Resyncs = 14;
    public const int SkippedSamples = 15;
    public const int RepeatedSamples = 16;
    public const int JitterMs = 17;
    public const int MaxJitterMs = 18;
    public const int DelayMs = 19;
    public const int TargetDelayMs = 20;
    public const int Malformed = 21;
    public const int UnknownPayloadType = 22;
    public const int Strangers = 23;
    public const int SsrcProbation = 24;
    public const int SsrcChanges = 25;
    public const int SequenceJumps = 26;
    public const int NotPlayed = 27;
    public const int RtcpMalformed = 28;
    public const int RtcpStrangers = 29;
    public const int PeerFractionLost = 30;
    public const int PeerCumulativeLost = 31;
    public const int PeerJitterMs = 32;
    public const int RoundTripMs = 33;
    public const int RemoteBye = 34;
    public const int Count = 35;
}
