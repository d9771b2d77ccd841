using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Config;

/// <summary>
/// An http:// or https:// URL as the phone fetches it (RFC 9110 §4.2): scheme, host (name, IPv4 or
/// [IPv6]), optional port, and the path with its query ("/" when none), which must be printable
/// ASCII without spaces. No user info, no fragment. <c>{mac}</c> may stand in the path; it is
/// replaced before the fetch. Parsing never throws: <see cref="TryParse"/> says why not.
/// </summary>
public sealed class HttpUrl
{
    public const string MacPlaceholder = "{mac}";

    public bool Https;
    /// <summary>The host as written, without brackets for IPv6.</summary>
    public string Host;
    /// <summary>The port, or 80/443 when none was written.</summary>
    public int Port;
    /// <summary>Whether the port was written.</summary>
    public bool PortGiven;
    /// <summary>Path and query, at least "/".</summary>
    public string PathAndQuery;

    private readonly Endpoint _host = new Endpoint();

    /// <summary>Parses <paramref name="text"/>; null if it is a URL the phone can fetch, else why not.</summary>
    public string TryParse(string text)
    {
        if (text == null || text.Length == 0) return "needs a URL";
        string rest;
        if (StartsWithIgnoreCase(text, "http://")) { Https = false; rest = text.Substring(7); }
        else if (StartsWithIgnoreCase(text, "https://")) { Https = true; rest = text.Substring(8); }
        else return "must start with http:// or https://";
        int slash = rest.IndexOf('/');
        int query = rest.IndexOf('?');
        if (query >= 0 && (slash < 0 || query < slash)) slash = query;
        string authority = slash < 0 ? rest : rest.Substring(0, slash);
        string path = slash < 0 ? "/" : rest.Substring(slash);
        if (path[0] == '?') path = "/" + path;
        if (authority.Length == 0) return "has no host";
        if (authority.IndexOf('@') >= 0) return "must not hold a user name or password";
        int defaultPort = Https ? 443 : 80;
        if (authority[0] != '[' && authority.IndexOf(':') != authority.LastIndexOf(':')) return "IPv6 addresses go in brackets";
        if (!_host.TryParse(authority, -1)) return "has no valid host[:port]";
        if (_host.Port == 0 || _host.Port > 65535) return "has a port outside 1..65535";
        PortGiven = _host.Port != -1;
        Port = PortGiven ? _host.Port : defaultPort;
        Host = _host.IsName ? _host.HostName : HostText(authority);
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c <= ' ' || c >= (char)0x7F) return "path must be printable ASCII without spaces (use %20)";
            if (c == '#') return "must not hold a fragment (#)";
            if (c == '{' && !Placeholder(path, i)) return "only {mac} may stand in braces";
            if (c == '}' && (i < 4 || !Placeholder(path, i - 4))) return "only {mac} may stand in braces";
        }
        PathAndQuery = path;
        return null;
    }

    /// <summary>The value of the Host header: host, with the port when it is not the scheme's default.</summary>
    public string HostHeader()
    {
        string h = Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host;
        return Port == (Https ? 443 : 80) ? h : h + ":" + Port;
    }

    /// <summary>The text with every {mac} replaced by <paramref name="mac"/>.</summary>
    public static string ReplaceMac(string text, string mac)
    {
        int at = text.IndexOf(MacPlaceholder);
        while (at >= 0)
        {
            text = text.Substring(0, at) + mac + text.Substring(at + MacPlaceholder.Length);
            at = text.IndexOf(MacPlaceholder, at + mac.Length);
        }
        return text;
    }

    private static bool Placeholder(string s, int at)
    {
        if (at + MacPlaceholder.Length > s.Length) return false;
        for (int i = 0; i < MacPlaceholder.Length; i++)
        {
            if (s[at + i] != MacPlaceholder[i]) return false;
        }
        return true;
    }

    private static string HostText(string authority)
    {
        if (authority[0] == '[') return authority.Substring(1, authority.IndexOf(']') - 1);
        int colon = authority.IndexOf(':');
        return colon < 0 ? authority : authority.Substring(0, colon);
    }

    private static bool StartsWithIgnoreCase(string s, string prefix)
    {
        if (s.Length < prefix.Length) return false;
        for (int i = 0; i < prefix.Length; i++)
        {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') c = (char)(c | 0x20);
            if (c != prefix[i]) return false;
        }
        return true;
    }
}
