using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.App.Config;

/// <summary>
/// The phone's settings: for every key of <see cref="ConfigKeys.All"/> an explicit value or none
/// (then the key's default applies). Every change is validated first; a refused change changes
/// nothing. Listeners hear of every change of an effective value. <see cref="ConfigStore"/> loads
/// and saves it. Not thread-safe: use it from the app's one main loop.
/// </summary>
public sealed class PhoneConfig
{
    /// <summary>Shown instead of a secret's value.</summary>
    public const string Mask = "********";
    /// <summary>Shown for a key with neither a value nor a default.</summary>
    public const string UnsetText = "(unset)";

    private string[] _values = NanoPhone.Sip.Text.Strings.NewArray(ConfigKeys.All.Length);
    private IConfigListener[] _listeners = new IConfigListener[2];
    private int _listenerCount;
    private readonly SipUri _uri = new SipUri();

    /// <summary>The user agent's extra check of forward targets (its own Contact); may be null.</summary>
    public IForwardTargetGuard ForwardGuard { get; set; }

    /// <summary>Whether explicit values changed since the last load or save.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>The explicit value of <paramref name="key"/>, or its default, or null.</summary>
    public string Get(string key)
    {
        int i = Index(key);
        return _values[i] != null ? _values[i] : ConfigKeys.All[i].Default;
    }

    /// <summary>The explicitly set value, or null when the key is at its default.</summary>
    public string GetExplicit(string key) { return _values[Index(key)]; }

    public bool IsSet(string key) { return _values[Index(key)] != null; }

    /// <summary>An Int key's value; <paramref name="fallback"/> when it has neither value nor default.</summary>
    public int GetInt(string key, int fallback)
    {
        string v = Get(key);
        if (v == null) return fallback;
        int n = 0;
        for (int i = 0; i < v.Length; i++) n = n * 10 + (v[i] - '0');
        return n;
    }

    public int GetInt(string key) { return GetInt(key, 0); }

    public bool GetBool(string key) { return Get(key) == "on"; }

    /// <summary>A QValue key in thousandths (0..1000), or -1 when unset.</summary>
    public int GetQMillis(string key)
    {
        string v = Get(key);
        return v == null ? -1 : ConfigValidator.QValueMillis(v);
    }

    /// <summary>sip.auth.user, or sip.user when no separate authentication user is set.</summary>
    public string AuthUser
    {
        get { string a = Get(ConfigKeys.SipAuthUser); return a != null ? a : Get(ConfigKeys.SipUser); }
    }

    /// <summary>sip.domain, or sip.server when no domain is set.</summary>
    public string Domain
    {
        get { string d = Get(ConfigKeys.SipDomain); return d != null ? d : Get(ConfigKeys.SipServer); }
    }

    /// <summary>Our address of record "sip:user@domain", or null while sip.user or the domain is unset.</summary>
    public string OwnAor { get { return OwnAddress.Aor(_values); } }

    /// <summary>Whether <paramref name="uri"/> is our AOR: the user agent's check before it forwards anywhere.</summary>
    public bool IsOwnAor(SipUri uri) { return OwnAddress.Matches(uri, Get(ConfigKeys.SipUser), Domain); }

    /// <summary>A key's value as the console shows it: masked if secret, "(unset)", or escaped text.</summary>
    public string Display(string key)
    {
        int i = Index(key);
        string v = _values[i] != null ? _values[i] : ConfigKeys.All[i].Default;
        if (v == null) return UnsetText;
        if (ConfigKeys.All[i].Secret) return Mask;
        return ConfigText.Escape(v);
    }

    /// <summary>
    /// Validates and sets a value (key case ignored). On failure <paramref name="error"/> says why,
    /// names the key and never repeats the value; nothing changes.
    /// </summary>
    public bool TrySet(string key, string value, out string error)
    {
        int i = ConfigKeys.IndexOf(key);
        if (i < 0) { error = "unknown key"; return false; }
        ConfigKey k = ConfigKeys.All[i];
        string normalized;
        string reason = ConfigValidator.Validate(k, value, out normalized);
        if (reason == null) reason = CheckLoops(i, normalized);
        if (reason == null && ConfigKeys.IsForwardTarget(k.Name) && ForwardGuard != null)
        {
            byte[] bytes = Ascii.Utf8Bytes(normalized);
            if (_uri.TryParse(bytes, 0, bytes.Length)) reason = ForwardGuard.CheckForwardTarget(k.Name, _uri);
        }
        if (reason != null) { error = k.Name + ": " + reason; return false; }
        error = null;
        Assign(i, normalized);
        return true;
    }

    /// <summary>
    /// Sets from "key=value" with the file's escapes in the value: the desktop host's --set.
    /// Errors never repeat what was typed (a secret may have landed in the wrong place).
    /// </summary>
    public bool TryAssign(string assignment, out string error)
    {
        int eq = assignment == null ? -1 : assignment.IndexOf('=');
        if (eq < 0) { error = "expected key=value"; return false; }
        ConfigKey k = ConfigKeys.Find(ConfigText.Trim(assignment.Substring(0, eq)));
        if (k == null) { error = "unknown key" + KeySuggester.DidYouMean(assignment.Substring(0, eq)); return false; }
        string value;
        if (!ConfigText.TryUnescape(ConfigText.Trim(assignment.Substring(eq + 1)), out value))
        {
            error = k.Name + ": bad escape (use \\\\ \\n \\r \\t \\s)";
            return false;
        }
        return TrySet(k.Name, value, out error);
    }

    /// <summary>Back to the default. False for an unknown key.</summary>
    public bool Unset(string key)
    {
        int i = ConfigKeys.IndexOf(key);
        if (i < 0) return false;
        Assign(i, null);
        return true;
    }

    /// <summary>Copies the explicit values, indexed like <see cref="ConfigKeys.All"/>.</summary>
    public string[] Snapshot()
    {
        string[] copy = NanoPhone.Sip.Text.Strings.NewArray(_values.Length);
        System.Array.Copy(_values, copy, _values.Length);
        return copy;
    }

    /// <summary>
    /// Takes all explicit values at once (already validated, indexed like <see cref="ConfigKeys.All"/>)
    /// and tells listeners of every effective change. Marks the configuration clean.
    /// </summary>
    internal void ReplaceAll(string[] values)
    {
        string[] old = _values;
        _values = NanoPhone.Sip.Text.Strings.NewArray(old.Length);
        System.Array.Copy(values, _values, old.Length);
        IsDirty = false;
        for (int i = 0; i < old.Length; i++)
        {
            string d = ConfigKeys.All[i].Default;
            if ((old[i] != null ? old[i] : d) != (_values[i] != null ? _values[i] : d)) Notify(ConfigKeys.All[i].Name);
        }
    }

    /// <summary>Marks the configuration as saved.</summary>
    internal void MarkSaved() { IsDirty = false; }

    public void AddListener(IConfigListener listener)
    {
        if (_listenerCount == _listeners.Length)
        {
            IConfigListener[] bigger = new IConfigListener[_listeners.Length * 2];
            System.Array.Copy(_listeners, bigger, _listenerCount);
            _listeners = bigger;
        }
        _listeners[_listenerCount++] = listener;
    }

    public void RemoveListener(IConfigListener listener)
    {
        for (int i = 0; i < _listenerCount; i++)
        {
            if (_listeners[i] != listener) continue;
            System.Array.Copy(_listeners, i + 1, _listeners, i, _listenerCount - i - 1);
            _listeners[--_listenerCount] = null;
            return;
        }
    }

    private string CheckLoops(int index, string candidate)
    {
        string[] values = Snapshot();
        values[index] = candidate;
        int loop = OwnAddress.FindLoopingTarget(values);
        if (loop < 0) return null;
        string aor = OwnAddress.Aor(values);
        if (loop == index) return "must not be our own address " + aor + " (calls would loop)";
        return "would make " + ConfigKeys.All[loop].Name + " our own address " + aor + " (calls would loop)";
    }

    private void Assign(int i, string value)
    {
        string old = _values[i];
        if (old == value) return;
        string d = ConfigKeys.All[i].Default;
        _values[i] = value;
        IsDirty = true;
        if ((old != null ? old : d) != (value != null ? value : d)) Notify(ConfigKeys.All[i].Name);
    }

    private void Notify(string key)
    {
        for (int i = 0; i < _listenerCount; i++) _listeners[i].ConfigChanged(key);
    }

    private static int Index(string key)
    {
        int i = ConfigKeys.IndexOf(key);
        if (i < 0) throw new System.ArgumentException("unknown configuration key", "key");
        return i;
    }
}
