using NanoPhone.Media.Session;

namespace NanoPhone.Media.Mixing;

/// <summary>
/// A 3-way conference mixed in the phone: two calls' media sessions (parties A and B) and the
/// phone's own microphone and earpiece. Every 20 ms frame each party hears the two others and the
/// person at the phone hears both parties:
/// <code>
/// to A     = microphone + from B
/// to B     = microphone + from A
/// earpiece = from A + from B          (each sum clipped to 16 bits, Pcm.Add)
/// </code>
/// "from A" is A's jitter-buffered, decoded, concealed frame (<see cref="MediaSession.PlayFrame"/>),
/// so a party's own voice never comes back to it. Both sessions run on the same frame clock; RTCP of
/// each goes when due. The four frames it needs (1.3 KB) are allocated once, nothing per frame.
/// </summary>
public sealed class ConferenceMixer
{
    public const int FrameSamples = MediaSession.FrameSamples;

    private readonly short[] _fromA = new short[FrameSamples];
    private readonly short[] _fromB = new short[FrameSamples];
    private readonly short[] _toA = new short[FrameSamples];
    private readonly short[] _toB = new short[FrameSamples];

    /// <summary>
    /// One 20 ms step of the conference: plays both parties' frames, sends each the microphone with
    /// the other party, fills earpiece with both parties, and sends RTCP when due. A session that
    /// does not play (held by its peer, not running) contributes silence; one that does not send
    /// (its peer holds us) sends nothing. Returns true when either party's frame was partly concealed.
    /// </summary>
    public bool Tick(MediaSession a, MediaSession b, short[] microphone, short[] earpiece, long nowMs)
    {
        bool concealed = a.PlayFrame(_fromA, nowMs);
        if (b.PlayFrame(_fromB, nowMs)) concealed = true;
        Pcm.Add(microphone, _fromB, _toA, FrameSamples);
        Pcm.Add(microphone, _fromA, _toB, FrameSamples);
        Pcm.Add(_fromA, _fromB, earpiece, FrameSamples);
        a.SendFrame(_toA, nowMs);
        b.SendFrame(_toB, nowMs);
        a.Poll(nowMs);
        b.Poll(nowMs);
        return concealed;
    }

    /// <summary>What party A's session played in the last frame (for level meters and tests).</summary>
    public short[] FromA { get { return _fromA; } }

    /// <summary>What party B's session played in the last frame.</summary>
    public short[] FromB { get { return _fromB; } }
}
