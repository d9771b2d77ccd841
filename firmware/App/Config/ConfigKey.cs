namespace NanoPhone.App.Config;

/// <summary>
/// One setting: its name, type and limits, default (null: unset), whether it is secret (never
/// printed), and one line of help. The table of all keys is <see cref="ConfigKeys"/>.
/// </summary>
public sealed class ConfigKey
{
    public readonly string Name;
    public readonly ConfigKeyType Type;
    /// <summary>The value when none is set, as text; null when the setting has no default.</summary>
    public readonly string Default;
    public readonly bool Secret;
    public readonly string Help;
    /// <summary>Int: the smallest value. Text: the shortest length in UTF-8 bytes. HostPort: the port when none is given.</summary>
    public readonly int Min;
    /// <summary>Int: the largest value. Text, Uri, ProxyUri, AddressList: the longest length in UTF-8 bytes.</summary>
    public readonly int Max;
    /// <summary>Choice: the allowed words, lower case.</summary>
    public readonly string[] Choices;

    private ConfigKey(string name, ConfigKeyType type, string defaultValue, bool secret, int min, int max,
        string[] choices, string help)
    {
        Name = name;
        Type = type;
        Default = defaultValue;
        Secret = secret;
        Min = min;
        Max = max;
        Choices = choices;
        Help = help;
    }

    public static ConfigKey Text(string name, int minLength, int maxLength, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Text, null, false, minLength, maxLength, null, help);
    }

    /// <summary>Free text that is never printed: shown as ******** and never echoed in errors.</summary>
    public static ConfigKey SecretText(string name, int minLength, int maxLength, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Text, null, true, minLength, maxLength, null, help);
    }

    /// <summary>A secret key sequence (0-9 * # A-D, 1 to 16 keys), e.g. a door code: shown as ******** like a password.</summary>
    public static ConfigKey SecretDtmfCode(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.DtmfCode, null, true, 1, 16, null, help);
    }

    public static ConfigKey Uri(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Uri, null, false, 0, 256, null, help);
    }

    /// <summary>A sip: URI of a proxy the phone sends to over UDP (see <see cref="ConfigKeyType.ProxyUri"/>).</summary>
    public static ConfigKey ProxyUri(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.ProxyUri, null, false, 0, 256, null, help);
    }

    public static ConfigKey Host(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Host, null, false, 0, 253, null, help);
    }

    /// <summary>Comma-separated IP addresses (see <see cref="ConfigKeyType.AddressList"/>).</summary>
    public static ConfigKey AddressList(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.AddressList, null, false, 0, 512, null, help);
    }

    public static ConfigKey User(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.User, null, false, 0, 128, null, help);
    }

    public static ConfigKey Int(string name, int min, int max, int defaultValue, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Int, defaultValue.ToString(), false, min, max, null, help);
    }

    /// <summary>An integer setting without a default (unset means "not used").</summary>
    public static ConfigKey OptionalInt(string name, int min, int max, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Int, null, false, min, max, null, help);
    }

    public static ConfigKey QValue(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.QValue, null, false, 0, 1000, null, help);
    }

    public static ConfigKey Bool(string name, bool defaultValue, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Bool, defaultValue ? "on" : "off", false, 0, 0, null, help);
    }

    /// <summary>An http:// or https:// URL (see <see cref="ConfigKeyType.HttpUrl"/>).</summary>
    public static ConfigKey HttpUrl(string name, string help)
    {
        return new ConfigKey(name, ConfigKeyType.HttpUrl, null, false, 0, 256, null, help);
    }

    /// <summary>A host with an optional port; <paramref name="defaultPort"/> is what an absent port means.</summary>
    public static ConfigKey HostPort(string name, int defaultPort, string help)
    {
        return new ConfigKey(name, ConfigKeyType.HostPort, null, false, defaultPort, 260, null, help);
    }

    /// <param name="choices">Lower-case words; the first listed is not implied to be the default.</param>
    public static ConfigKey Choice(string name, string[] choices, string defaultValue, string help)
    {
        return new ConfigKey(name, ConfigKeyType.Choice, defaultValue, false, 0, 0, choices, help);
    }

    /// <summary>The type and limits in a few words, e.g. "int 60..86400, default 3600".</summary>
    public string Describe()
    {
        string what;
        switch (Type)
        {
            case ConfigKeyType.Text: what = (Secret ? "secret text, " : "text, ") + Min + ".." + Max + " bytes"; break;
            case ConfigKeyType.Uri: what = "sip: or sips: URI"; break;
            case ConfigKeyType.ProxyUri: what = "sip: or sips: URI, ;lr implied"; break;
            case ConfigKeyType.Host: what = "host name or IP address"; break;
            case ConfigKeyType.AddressList: what = "IP addresses, comma-separated (no host names)"; break;
            case ConfigKeyType.User: what = "SIP user part"; break;
            case ConfigKeyType.Int: what = "int " + Min + ".." + Max; break;
            case ConfigKeyType.QValue: what = "q-value 0.0..1.0 (up to 3 decimals)"; break;
            case ConfigKeyType.Bool: what = "on|off"; break;
            case ConfigKeyType.HttpUrl: what = "http:// or https:// URL"; break;
            case ConfigKeyType.HostPort: what = "host[:port], port " + Min + " if none"; break;
            case ConfigKeyType.DtmfCode: what = "secret keys 0-9 * # A-D, " + Min + ".." + Max; break;
            default: what = string.Concat("one of ", JoinChoices("|")); break;
        }
        return Default == null ? what : what + ", default " + Default;
    }

    /// <summary>The choices joined by <paramref name="separator"/>; empty for other types.</summary>
    public string JoinChoices(string separator)
    {
        if (Choices == null) return "";
        string s = "";
        for (int i = 0; i < Choices.Length; i++) s = i == 0 ? Choices[i] : s + separator + Choices[i];
        return s;
    }
}
