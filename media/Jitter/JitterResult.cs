namespace NanoPhone.Media.Jitter;

/// <summary>What the jitter buffer did with a packet's payload.</summary>
public enum JitterResult : byte
{
    /// <summary>Kept for playout.</summary>
    Stored = 0,
    /// <summary>Kept, after re-anchoring the playout timeline on it (first packet, talk spurt, timestamp jump).</summary>
    Resynced,
    /// <summary>Its first sample's playout time had passed: dropped.</summary>
    Late,
    /// <summary>Every sample it carries is already buffered: dropped.</summary>
    Duplicate,
    /// <summary>Too far ahead of the playout point to fit the buffer while it still holds audio: dropped.</summary>
    TooEarly,
    /// <summary>No payload (nothing to play).</summary>
    Empty,
    /// <summary>More than <see cref="JitterBuffer.MaxPayloadSamples"/> samples: dropped.</summary>
    Oversize,
}
