namespace NanoPhone.Sip.Subscription;

/// <summary>
/// The message-waiting subscription as configured (mwi.subscribe, mwi.uri, mwi.expires): read when a
/// SUBSCRIBE is built, so a change takes effect with the next one (the app restarts the subscription).
/// </summary>
public sealed class MwiSettings
{
    /// <summary>Subscribe to message-summary (RFC 3842). Off: only unsolicited NOTIFYs from the registrar light the lamp.</summary>
    public bool Subscribe;
    /// <summary>The account to subscribe to, e.g. sip:voicemail@example.com; null or empty: our own AOR (sip:user@domain).</summary>
    public string Uri;
    /// <summary>Subscription lifetime asked for, seconds (RFC 3842 has no default; 3600 is common).</summary>
    public int Expires = 3600;
}
