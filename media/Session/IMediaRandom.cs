namespace NanoPhone.Media.Session;

/// <summary>
/// Random 32-bit values for the SSRC, the first sequence number and timestamp (RFC 3550 §5.1, §8)
/// and the RTCP interval (§6.3.1). The board's hardware random generator on the device; a fixed
/// sequence in tests. (The SIP agent's Randomness has the same method.)
/// </summary>
public interface IMediaRandom
{
    uint Next();
}
