using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Refer;

/// <summary>
/// The NOTIFYs of a REFER's implicit subscription (RFC 3515 §2.4.4–§2.4.7): Event: refer, a
/// Subscription-State, and a message/sipfrag body (RFC 3420) whose first line is the Status-Line
/// of the referred request's latest response ("SIP/2.0 100 Trying", then the final one).
/// </summary>
public static class Sipfrag
{
    public const string ContentType = "message/sipfrag;version=2.0";

    /// <summary>The status code of the sipfrag's Status-Line, or 0 if the body is none.</summary>
    public static int StatusOf(SipMessage notify)
    {
        if (notify.BodyLength < 12) return 0;
        byte[] b = notify.Buffer;
        int p = notify.BodyOffset;
        if (!Ascii.Equals(b, p, 8, "SIP/2.0 ")) return 0;
        long code;
        if (!Ascii.TryParseUInt(b, p + 8, 3, 699, out code) || code < 100) return 0;
        return (int)code;
    }

    /// <summary>True if the NOTIFY's Event is refer (RFC 3515 §2.4.4; an id parameter is allowed).</summary>
    public static bool IsReferEvent(SipMessage notify)
    {
        int i = notify.IndexOf(HeaderId.Event);
        if (i < 0) return false;
        byte[] b = notify.Buffer;
        int s = Lws.SkipForward(b, notify.ValueOffsetAt(i), notify.ValueOffsetAt(i) + notify.ValueLengthAt(i));
        int e = s;
        while (e < notify.ValueOffsetAt(i) + notify.ValueLengthAt(i) && b[e] != (byte)';' && !Ascii.IsWsp(b[e])) e++;
        return Ascii.EqualsIgnoreCase(b, s, e - s, "refer");
    }

    /// <summary>True if Subscription-State says terminated (RFC 6665 §8.2.3): no NOTIFY follows.</summary>
    public static bool IsTerminated(SipMessage notify)
    {
        int i = notify.IndexOfName("Subscription-State");
        if (i < 0) return false;
        byte[] b = notify.Buffer;
        int s = Lws.SkipForward(b, notify.ValueOffsetAt(i), notify.ValueOffsetAt(i) + notify.ValueLengthAt(i));
        return notify.ValueLengthAt(i) - (s - notify.ValueOffsetAt(i)) >= 10 && Ascii.EqualsIgnoreCase(b, s, 10, "terminated");
    }
}
