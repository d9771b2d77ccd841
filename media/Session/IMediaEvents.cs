using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Session;

/// <summary>What a running session tells the phone. Called from inside Receive*/Tick; must not call back into the session.</summary>
public interface IMediaEvents
{
    /// <summary>A telephone-event (RFC 4733) arrived: one call per key press ('0'–'9', '*', '#', 'A'–'D', '!').</summary>
    void DigitReceived(char digit);

    /// <summary>The session latched onto this source (RFC 3550 symmetric-RTP NAT traversal); only it is heard from now on.</summary>
    void Latched(Endpoint source);

    /// <summary>The remote party sent an RTCP BYE for its source (RFC 3550 §6.6).</summary>
    void RemoteBye();
}
