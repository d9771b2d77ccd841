using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Registration;

/// <summary>
/// Reads a REGISTER's 2xx (RFC 3261 §10.2.4): the registrar lists every binding of the AOR, other
/// devices of the same user included. Only the Contact that is ours (same user, host and port)
/// tells how long our binding lasts; the others are left alone.
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
        for (int i = ok.IndexOf(HeaderId.Contact); i >= 0; i = ok.IndexOf(HeaderId.Contact, i + 1))
        {
            int p = ok.ValueOffsetAt(i);
            int end = p + ok.ValueLengthAt(i);
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) break;
                if (_addr.TryParse(b, p, comma - p) && !_addr.IsStar && IsOurs(_addr.Uri, user, contact))
                {
                    int vo, vl;
                    long n;
                    if (_addr.FindParam("expires", out vo, out vl) && vl > 0 && Ascii.TryParseUInt(b, vo, vl, 4294967295, out n))
                        return n;
                    return ok.Expires >= 0 ? ok.Expires : 3600;
                }
                p = comma + 1;
            }
        }
        return -1;
    }

    public static bool IsOurs(SipUri uri, string user, Endpoint contact)
    {
        if (!uri.IsSip || !uri.HasUser) return false;
        if (!Ascii.Equals(uri.Buffer, uri.UserOffset, uri.UserLength, user)) return false;
        int port = uri.Port == 0 ? Endpoint.DefaultSipPort : uri.Port;
        if (port != contact.Port) return false;
        Endpoint scratch = Scratch;
        return scratch.TrySetHost(uri.Buffer, uri.HostOffset, uri.HostLength, port) && scratch.Equals(contact);
    }

    private static readonly Endpoint Scratch = new Endpoint();
}
