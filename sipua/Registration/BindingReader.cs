using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Registration;

/// <summary>
/// Reads the registrar's answers to a REGISTER (RFC 3261 §10.2.4, §10.3; RFC 3581): the 2xx lists
/// every binding of the AOR, other devices of the same user included, and only the Contact that is
/// ours (same user, host and port) tells how long our binding lasts; its top Via says where the
/// registrar saw us; a 423 names the shortest expiry it takes, a failure when to try again.
/// </summary>
public sealed class BindingReader
{
    private readonly NameAddr _addr = new NameAddr();

    /// <summary>
    /// The granted expiry of our binding in seconds, or -1 if the 2xx does not list it.
    /// The Contact's expires parameter wins over the Expires header (§10.2.4).
    /// </summary>
    public long GrantedExpires(SipMessage ok, string user, Endpoint contact)
    {
        byte[] b = ok.Buffer;
        HeaderValues contacts = new HeaderValues(ok, HeaderId.Contact);
        while (contacts.Next())
        {
            if (!_addr.TryParse(b, contacts.Offset, contacts.Length) || _addr.IsStar || !UaContext.IsContact(_addr.Uri, user, contact)) continue;
            int vo, vl;
            long n;
            if (_addr.FindParam("expires", out vo, out vl) && vl > 0 && Ascii.TryParseUInt(b, vo, vl, 4294967295, out n))
                return n;
            return ok.Expires >= 0 ? ok.Expires : 3600;
        }
        return -1;
    }

    /// <summary>
    /// NAT (RFC 3581): the address the registrar saw us at — the top Via's received and rport, each
    /// defaulting to our Contact's — into learned; true if it is not our Contact.
    /// </summary>
    public static bool LearnedAddressDiffers(SipMessage r, Endpoint contact, Endpoint learned)
    {
        Via v = r.TopVia;
        if (v.ReceivedLength == 0 && v.Rport == 0) return false;
        int port = v.Rport > 0 ? v.Rport : contact.Port;
        if (v.ReceivedLength > 0)
        {
            if (!learned.TrySetHost(r.Buffer, v.ReceivedOffset, v.ReceivedLength, port)) return false;
        }
        else
        {
            learned.CopyFrom(contact);
            learned.Port = port;
        }
        return !learned.Equals(contact);
    }

    /// <summary>RFC 5626 §4.2.1: the registrar's 2xx names "outbound" in a Require header.</summary>
    public static bool RequiresOutbound(SipMessage r)
    {
        for (int i = r.IndexOf(HeaderId.Require); i >= 0; i = r.IndexOf(HeaderId.Require, i + 1))
        {
            if (HasToken(r.Buffer, r.ValueOffsetAt(i), r.ValueLengthAt(i), "outbound")) return true;
        }
        return false;
    }

    /// <summary>RFC 5626 §4.4.1: the Flow-Timer seconds of a 2xx (keep-alive interval), 0 when none, at most a day.</summary>
    public static int FlowTimer(SipMessage r)
    {
        int i = r.IndexOfName("Flow-Timer");
        long n;
        if (i < 0 || !Ascii.TryParseUInt(r.Buffer, r.ValueOffsetAt(i), r.ValueLengthAt(i), 86400, out n)) return 0;
        return (int)n;
    }

    /// <summary>True if the comma-separated option tags at b[off..off+len) include tag (case ignored).</summary>
    private static bool HasToken(byte[] b, int off, int len, string tag)
    {
        int end = off + len;
        int p = off;
        while (p < end)
        {
            while (p < end && (b[p] == (byte)',' || Ascii.IsWsp(b[p]))) p++;
            int s = p;
            while (p < end && b[p] != (byte)',' && !Ascii.IsWsp(b[p])) p++;
            if (p - s == tag.Length && Ascii.EqualsIgnoreCase(b, s, p - s, tag)) return true;
        }
        return false;
    }

    /// <summary>A 423's Min-Expires (§10.3 step 7), or -1 when it has none that parses.</summary>
    public static long MinExpires(SipMessage r)
    {
        int i = r.IndexOf(HeaderId.MinExpires);
        long min;
        if (i < 0 || !Ascii.TryParseUInt(r.Buffer, r.ValueOffsetAt(i), r.ValueLengthAt(i), 4294967295, out min)) return -1;
        return min;
    }

    /// <summary>Seconds of a failure's Retry-After (§20.33; a comment after the number is ignored), at most a day; 0 when none.</summary>
    public static int RetryAfter(SipMessage r)
    {
        int i = r.IndexOf(HeaderId.RetryAfter);
        if (i < 0) return 0;
        int p = r.ValueOffsetAt(i);
        int e = p;
        int end = p + r.ValueLengthAt(i);
        while (e < end && Ascii.IsDigit(r.Buffer[e])) e++;
        long n;
        return Ascii.TryParseUInt(r.Buffer, p, e - p, 86400, out n) ? (int)n : 0;
    }
}
