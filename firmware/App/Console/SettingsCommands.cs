using NanoPhone.App.Config;

namespace NanoPhone.App.Console;

/// <summary>The console commands about settings: show, set, unset, save and help on keys.</summary>
internal sealed class SettingsCommands
{
    private readonly PhoneConfig _config;
    private readonly ConfigStore _store;
    private readonly IConsoleOutput _out;

    public SettingsCommands(PhoneConfig config, ConfigStore store, IConsoleOutput output)
    {
        _config = config;
        _store = store;
        _out = output;
    }

    public bool IsDirty { get { return _config.IsDirty; } }

    /// <summary>The host's values in effect, shown instead of configured ones that differ; may be null.</summary>
    public ISettingsInEffect InEffect { get; set; }

    /// <summary>show [PREFIX]: one "key=value" line per key, secrets masked, defaults marked.</summary>
    public void Show(string prefix)
    {
        if (ConfigText.IndexOfBlank(prefix, 0) >= 0) { Error("usage: show [PREFIX]"); return; }
        string p = ConfigText.ToLower(prefix);
        int shown = 0;
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            if (!ConfigText.StartsWith(ConfigKeys.All[i].Name, p)) continue;
            _out.WriteLine(Line(ConfigKeys.All[i].Name));
            shown++;
        }
        if (shown == 0) { Error("no key has that prefix" + KeySuggester.DidYouMean(prefix)); return; }
        if (_config.IsDirty) _out.WriteLine("(unsaved changes: save keeps them)");
    }

    /// <summary>set KEY VALUE: the value is the rest of the line, trimmed, with escapes.</summary>
    public void Set(string args)
    {
        int blank = ConfigText.IndexOfBlank(args, 0);
        string key = blank < 0 ? args : args.Substring(0, blank);
        if (key.Length == 0) { Error("usage: set KEY VALUE"); return; }
        ConfigKey k = Known(key);
        if (k == null) return;
        string raw = blank < 0 ? "" : ConfigText.Trim(args.Substring(blank));
        if (raw.Length == 0) { Error("usage: set " + k.Name + " VALUE (unset " + k.Name + " clears it)"); return; }
        string value;
        if (!ConfigText.TryUnescape(raw, out value)) { Error(k.Name + ": bad escape (use \\\\ \\n \\r \\t \\s)"); return; }
        string error;
        if (!_config.TrySet(k.Name, value, out error)) { Error(error); return; }
        _out.WriteLine(Line(k.Name));
    }

    /// <summary>unset KEY: back to the default.</summary>
    public void Unset(string args)
    {
        if (args.Length == 0 || ConfigText.IndexOfBlank(args, 0) >= 0) { Error("usage: unset KEY"); return; }
        ConfigKey k = Known(args);
        if (k == null) return;
        _config.Unset(k.Name);
        _out.WriteLine(Line(k.Name));
    }

    public void Save()
    {
        if (_store == null) { Error("no storage to save to"); return; }
        string error;
        if (_store.Save(_config, out error)) _out.WriteLine("saved");
        else Error(error);
    }

    /// <summary>help keys: every key with its help; help KEY: one key in detail.</summary>
    public void HelpKeys(string topic)
    {
        if (ConfigText.EqualsIgnoreCase(topic, "keys"))
        {
            for (int i = 0; i < ConfigKeys.All.Length; i++)
                _out.WriteLine("  " + ConfigKeys.All[i].Name.PadRight(26, ' ') + ConfigKeys.All[i].Help);
            return;
        }
        ConfigKey k = ConfigKeys.Find(topic);
        if (k == null)
        {
            Error("no such command or key" + KeySuggester.DidYouMean(topic));
            return;
        }
        _out.WriteLine(k.Name + ": " + k.Help);
        _out.WriteLine("  " + k.Describe() + (k.Secret ? "; secret, never shown" : ""));
        _out.WriteLine("  now: " + Value(k.Name));
    }

    private string Line(string key)
    {
        return key + "=" + Value(key);
    }

    /// <summary>What is in effect when the host says it differs, else the value as configured, defaults marked.</summary>
    private string Value(string key)
    {
        string effect = InEffect == null ? null : InEffect.InEffect(key);
        if (effect != null) return effect;
        string shown = _config.Display(key);
        bool isDefault = !_config.IsSet(key) && shown != PhoneConfig.UnsetText;
        return shown + (isDefault ? " (default)" : "");
    }

    private ConfigKey Known(string key)
    {
        ConfigKey k = ConfigKeys.Find(key);
        if (k == null) Error("unknown key" + KeySuggester.DidYouMean(key));
        return k;
    }

    private void Error(string message) { _out.WriteLine("error: " + message); }
}
