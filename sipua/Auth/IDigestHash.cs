namespace NanoPhone.Sip.Auth;

/// <summary>
/// A reusable hash state (MD5, SHA-256, SHA-512/256). Update never allocates; Final writes the
/// digest and resets the state, so one object hashes message after message.
/// </summary>
public interface IDigestHash
{
    /// <summary>Digest length in bytes.</summary>
    int Size { get; }

    /// <summary>Starts a new message.</summary>
    void Reset();

    /// <summary>Adds len bytes of b starting at off.</summary>
    void Update(byte[] b, int off, int len);

    /// <summary>Writes Size bytes of digest into dst at off, then resets.</summary>
    void Final(byte[] dst, int off);
}
