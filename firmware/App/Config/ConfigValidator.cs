using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Config;

/// <summary>
/// Checks a value for a key and puts it in its stored form (on/off, lower-case choices, numbers
/// without leading zeros). Error messages describe the rule and never repeat the value, so they
/// are safe to print for secrets.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Most addresses <see cref="ConfigKeyType.AddressList"/> takes.</summary>
    public const int MaxAddresses = 16;

    /// <summary>Why an <see cref="ConfigKeyType.AddressList"/> entry that is a host name is refused.</summary>
    public const string HostNamesNotResolved = "host names are not resolved; give IP addresses";

    private static readonly SipUri Uri = new SipUri();
    private static readonly Endpoint Address = new Endpoint();
    private static readonly AgentSettings ProxyCheck = new AgentSettings();
    private static readonly HttpUrl Url = new HttpUrl();

    /// <summary>Checks <paramref name="value"/> for <paramref name="key"/>; null if valid, else why not.</summary>
    public static string Validate(ConfigKey key, string value, out string normalized)
    {
        // The parsers above are shared: one check at a time (the phone checks on its loop thread;
        // tests and the desktop host may check from several).
        lock (Gate) return Check(key, value, out normalized);
    }

    private static readonly object Gate = new object();

    private static string Check(ConfigKey key, string value, out string normalized)
    {
        normalized = null;
        if (value == null || value.Length == 0) return "needs a value (unset clears it)";
        string error;
        switch (key.Type)
        {
            case ConfigKeyType.Text: error = CheckText(key, value); break;
            case ConfigKeyType.Uri: error = CheckUri(key, value); break;
            case ConfigKeyType.ProxyUri: error = CheckProxyUri(key, value); break;
            case ConfigKeyType.Host: error = CheckHost(value); break;
            case ConfigKeyType.AddressList: return CheckAddressList(key, value, out normalized);
            case ConfigKeyType.User: error = CheckUser(value); break;
            case ConfigKeyType.Int: return CheckInt(key, value, out normalized);
            case ConfigKeyType.QValue: error = QValueMillis(value) < 0 ? "must be a q-value from 0.0 to 1.0 with up to 3 decimals" : null; break;
            case ConfigKeyType.Bool: return CheckBool(value, out normalized);
            case ConfigKeyType.HttpUrl: error = CheckHttpUrl(key, value); break;
            case ConfigKeyType.HostPort: error = CheckHostPort(key, value); break;
            case ConfigKeyType.DtmfCode: error = CheckDtmfCode(key, value); break;
            default: return CheckChoice(key, value, out normalized);
        }
        if (error == null) normalized = value;
        return error;
    }

    /// <summary>A q-value in thousandths (0..1000), or -1 if the text is not one.</summary>
    public static int QValueMillis(string s)
    {
        if (s == null || s.Length == 0 || s.Length > 5) return -1;
        char first = s[0];
        if (first != '0' && first != '1') return -1;
        int millis = (first - '0') * 1000;
        if (s.Length == 1) return millis;
        if (s[1] != '.') return -1;
        int scale = 100;
        for (int i = 2; i < s.Length; i++)
        {
            char c = s[i];
            if (c < '0' || c > '9') return -1;
            millis += (c - '0') * scale;
            scale /= 10;
        }
        return millis > 1000 ? -1 : millis;
    }

    /// <summary>Keys a far end can send as DTMF (RFC 4733 events 0-15); never echoes the value (it is a secret).</summary>
    private static string CheckDtmfCode(ConfigKey key, string value)
    {
        if (value.Length < key.Min || value.Length > key.Max) return "must be " + key.Min + " to " + key.Max + " keys";
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool ok = (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
            if (!ok) return "may hold only the keys 0-9 * # A-D";
        }
        return null;
    }

    private static string CheckText(ConfigKey key, string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (ConfigText.IsControl(c) && c != '\t' && c != '\n' && c != '\r')
                return "must not contain control characters";
        }
        int bytes = Ascii.Utf8Length(value);
        if (bytes < key.Min || bytes > key.Max)
            return "must be " + key.Min + " to " + key.Max + " bytes long";
        return null;
    }

    private static string CheckUri(ConfigKey key, string value)
    {
        if (Ascii.Utf8Length(value) > key.Max) return "URI longer than " + key.Max + " bytes";
        byte[] bytes = Ascii.Utf8Bytes(value);
        if (!Uri.TryParse(bytes, 0, bytes.Length)) return "not a valid URI: " + Uri.Reason;
        if (!Uri.IsSip) return "must be a sip: or sips: URI";
        if (Uri.PasswordOffset != 0) return "must not contain a password";
        return null;
    }

    /// <summary>
    /// A URI the user agent takes as its outbound proxy (AgentSettings.SetOutboundProxy): what passes
    /// here is what it sends to, so a proxy the phone cannot use is refused now, not ignored later.
    /// </summary>
    private static string CheckProxyUri(ConfigKey key, string value)
    {
        string error = CheckUri(key, value);
        if (error != null) return error;
        int vo, vl;
        if (Uri.FindParam("transport", out vo, out vl))
        {
            TransportProtocol protocol;
            if (!TransportProtocols.TryParse(Uri.Buffer, vo, vl, out protocol)) return "transport must be udp, tcp or tls";
            if (Uri.Scheme == UriScheme.Sips && protocol != TransportProtocol.Tls) return "a sips: URI goes over tls only (RFC 5630)";
        }
        if (Uri.HasHeaders) return "must not have URI headers (?...)";
        if (!ProxyCheck.SetOutboundProxy(value)) return "must name a host or IP address to send to";
        return null;
    }

    private static string CheckHttpUrl(ConfigKey key, string value)
    {
        if (Ascii.Utf8Length(value) > key.Max) return "URL longer than " + key.Max + " bytes";
        return Url.TryParse(value);
    }

    /// <summary>host, host:port or [v6]:port: the host as <see cref="ConfigKeyType.Host"/> takes it, the port 1..65535.</summary>
    private static string CheckHostPort(ConfigKey key, string value)
    {
        const string Bad = "must be host[:port] (a host name or IP address, IPv6 in brackets with a port)";
        if (Ascii.Utf8Length(value) > key.Max) return Bad;
        if (!Address.TryParse(value, key.Min) || Address.Port == 0) return Bad;
        string host = value;
        if (value[0] == '[') host = value.Substring(0, value.IndexOf(']') + 1);
        else if (value.IndexOf(':') == value.LastIndexOf(':') && value.IndexOf(':') > 0) host = value.Substring(0, value.IndexOf(':'));
        return CheckHost(host) == null ? null : Bad;
    }

    private static string CheckHost(string value)
    {
        const string Bad = "must be a host name or IP address";
        if (value.Length > 253) return Bad;
        byte[] bytes = Ascii.Utf8Bytes("sip:" + value);
        if (!Uri.TryParse(bytes, 0, bytes.Length) || Uri.HasUser || Uri.ParamsLength > 0 || Uri.HeadersLength > 0)
            return Bad;
        if (Uri.Port != 0) return "must not include a port (ports are separate settings)";
        char first = value[0];
        char last = value[value.Length - 1];
        if (first == '.' || first == '-' || last == '-' || ConfigText.Contains(value, "..")) return Bad;
        return null;
    }

    /// <summary>Comma-separated IP addresses, stored trimmed and joined by single commas.</summary>
    private static string CheckAddressList(ConfigKey key, string value, out string normalized)
    {
        normalized = null;
        if (Ascii.Utf8Length(value) > key.Max) return "list longer than " + key.Max + " bytes";
        string[] parts = value.Split(new char[] { ',' });
        if (parts.Length > MaxAddresses) return "at most " + MaxAddresses + " addresses";
        string joined = "";
        for (int i = 0; i < parts.Length; i++)
        {
            string entry = ConfigText.Trim(parts[i]);
            if (entry.Length == 0) return "has an empty entry (addresses are separated by single commas)";
            string error = CheckAddress(entry);
            if (error != null) return parts.Length == 1 ? error : "entry " + (i + 1) + ": " + error;
            joined = i == 0 ? entry : joined + "," + entry;
        }
        normalized = joined;
        return null;
    }

    /// <summary>
    /// One IPv4 or IPv6 address (brackets optional), no port. A host name gets its own answer: it
    /// looks valid, but nothing on the phone resolves it, so it would silently never match.
    /// </summary>
    private static string CheckAddress(string entry)
    {
        // A default port of -1 tells "no port given" from any port that was.
        if (!Address.TryParse(entry, -1)) return "must be an IP address (IPv4 or IPv6)";
        if (Address.IsName) return HostNamesNotResolved;
        if (Address.Port != -1) return "must not include a port (addresses only)";
        return null;
    }

    private static string CheckUser(string value)
    {
        byte[] bytes = Ascii.Utf8Bytes("sip:" + value + "@h");
        if (!Uri.TryParse(bytes, 0, bytes.Length) || !Uri.HasUser || Uri.PasswordOffset != 0
            || Uri.UserLength != bytes.Length - 6)
            return "must be a SIP user part (letters, digits, -_.!~*'()&=+$,;?/ and %XX escapes)";
        return null;
    }

    private static string CheckInt(ConfigKey key, string value, out string normalized)
    {
        normalized = null;
        string range = "must be a whole number from " + key.Min + " to " + key.Max;
        if (value.Length > 10) return range;
        long n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < '0' || c > '9') return range;
            n = n * 10 + (c - '0');
        }
        if (n < key.Min || n > key.Max) return range;
        normalized = ((int)n).ToString();
        return null;
    }

    private static string CheckBool(string value, out string normalized)
    {
        string v = ConfigText.ToLower(value);
        if (v == "on" || v == "true" || v == "yes" || v == "1") normalized = "on";
        else if (v == "off" || v == "false" || v == "no" || v == "0") normalized = "off";
        else normalized = null;
        return normalized == null ? "must be on or off" : null;
    }

    private static string CheckChoice(ConfigKey key, string value, out string normalized)
    {
        normalized = null;
        for (int i = 0; i < key.Choices.Length; i++)
        {
            if (ConfigText.EqualsIgnoreCase(key.Choices[i], value))
            {
                normalized = key.Choices[i];
                return null;
            }
        }
        return "must be one of " + key.JoinChoices(", ");
    }
}
