using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.App.Config;

/// <summary>
/// Our address of record, sip:user@domain (sip.user at sip.domain, or at sip.server when no domain
/// is set), and the rule that a forward target may never be it: a call forwarded to ourselves
/// would come straight back. Users compare case-sensitively after %-decoding, hosts ignore case;
/// scheme (sip/sips), port and parameters do not matter (RFC 3261 §19.1.4, loosened on purpose).
/// </summary>
public static class OwnAddress
{
    private static readonly SipUri Parsed = new SipUri();

    /// <summary>Our AOR from explicit values indexed like <see cref="ConfigKeys.All"/>, or null if user or domain is missing.</summary>
    public static string Aor(string[] values)
    {
        string user = values[ConfigKeys.IndexOf(ConfigKeys.SipUser)];
        string domain = values[ConfigKeys.IndexOf(ConfigKeys.SipDomain)];
        if (domain == null) domain = values[ConfigKeys.IndexOf(ConfigKeys.SipServer)];
        return user == null || domain == null ? null : "sip:" + user + "@" + domain;
    }

    /// <summary>Whether <paramref name="uri"/> names the user <paramref name="user"/> at <paramref name="domain"/>.</summary>
    public static bool Matches(SipUri uri, string user, string domain)
    {
        if (user == null || domain == null || !uri.IsSip || !uri.HasUser) return false;
        if (!ConfigText.EqualsIgnoreCase(uri.HostText, domain)) return false;
        return PercentDecode(uri.UserText) == PercentDecode(user);
    }

    /// <summary>Whether the URI text names our AOR as the values define it; false for text that is no SIP URI.</summary>
    public static bool IsAor(string uriText, string[] values)
    {
        if (uriText == null) return false;
        string user = values[ConfigKeys.IndexOf(ConfigKeys.SipUser)];
        string domain = values[ConfigKeys.IndexOf(ConfigKeys.SipDomain)];
        if (domain == null) domain = values[ConfigKeys.IndexOf(ConfigKeys.SipServer)];
        byte[] bytes = Ascii.Utf8Bytes(uriText);
        // One parser for all: one check at a time (tests and the desktop host may check from several threads).
        lock (Parsed) return Parsed.TryParse(bytes, 0, bytes.Length) && Matches(Parsed, user, domain);
    }

    /// <summary>The index of the first forward.*.target whose value is our AOR, or -1.</summary>
    public static int FindLoopingTarget(string[] values)
    {
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            if (ConfigKeys.IsForwardTarget(ConfigKeys.All[i].Name) && IsAor(values[i], values)) return i;
        }
        return -1;
    }

    /// <summary>%XX escapes decoded (bytes above 0x7F kept as single characters: only compared, never shown).</summary>
    public static string PercentDecode(string s)
    {
        if (s.IndexOf('%') < 0) return s;
        char[] chars = new char[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%' && i + 2 < s.Length)
            {
                int hi = Ascii.HexValue((byte)s[i + 1]);
                int lo = Ascii.HexValue((byte)s[i + 2]);
                if (hi >= 0 && lo >= 0 && s[i + 1] < 128 && s[i + 2] < 128)
                {
                    chars[n++] = (char)(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            chars[n++] = c;
        }
        return new string(chars, 0, n);
    }
}
