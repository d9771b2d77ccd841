namespace NanoPhone.App.Web;

/// <summary>
/// Unpredictable bytes for session cookies and CSRF tokens (the agent's Randomness is for tags, not
/// secrets): the PC's cryptographic generator, the ESP32's hardware generator, fixed bytes in tests.
/// </summary>
public interface ISecretRandom
{
    void Fill(byte[] buffer, int offset, int count);
}
