using NanoPhone.App.Config;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>
/// The settings pages: every key of <see cref="ConfigKeys.All"/>, one page per group, each with its
/// help and type, changed through <see cref="PhoneConfig.TrySet"/> — the validator the console uses.
/// A form is taken whole or not at all: every changed value is checked first, and one refused value
/// (shown with the validator's message) changes nothing. An empty field puts a key back to its
/// default. Secrets are write-only: their fields come empty, an empty one leaves the secret as it is,
/// and "unset" clears it. Accepted changes are saved at once (the atomic save). The form is checked
/// and applied on the loop; the page is written on a server thread from a copy (<see cref="WebPage"/>).
/// </summary>
internal sealed class SettingsPage
{
    public static readonly string[] GroupIds = { "sip", "forward", "phone", "door", "audio", "network", "management" };
    public static readonly string[] GroupTitles = { "SIP account", "Call forwarding", "Calls and phone", "Door and voicemail", "Voice and audio", "Network and time", "Web, provisioning, log" };

    private readonly PhoneConfig _config;
    private readonly ConfigStore _store;
    private readonly int[] _change = new int[ConfigKeys.All.Length];

    private const int Keep = 0, SetValue = 1, Clear = 2;

    public SettingsPage(PhoneConfig config, ConfigStore store)
    {
        _config = config;
        _store = store;
    }

    /// <summary>
    /// The group a key is shown in (by its name's first part; the flow's identity and TLS files with the network). Each page must fit the answer buffer
    /// as allocated (<see cref="WebExchange.AnswerCapacity"/>), so a group that grows gets split.
    /// </summary>
    public static int GroupOf(string key)
    {
        if (key == ConfigKeys.SipInstance || key == ConfigKeys.SipRfc5626 || Starts(key, "tls.")) return 5;
        if (Starts(key, "sip.")) return 0;
        if (Starts(key, "forward.")) return 1;
        if (Starts(key, "mwi.") || Starts(key, "intercom.") || Starts(key, "autoanswer.") || Starts(key, "door.")) return 3;
        if (Starts(key, "media.") || Starts(key, "audio.")) return 4;
        if (Starts(key, "net.")) return 5;
        if (Starts(key, "web.") || Starts(key, "provision.") || Starts(key, "log.")) return 6;
        return 2;
    }

    public static int GroupIndex(string id)
    {
        if (id == null || id.Length == 0) return 0;
        for (int i = 0; i < GroupIds.Length; i++) if (GroupIds[i] == id) return i;
        return -1;
    }

    /// <summary>On the loop: a group's page to show (the values copied into <paramref name="page"/>).</summary>
    public void Get(string groupId, bool saved, WebPage page)
    {
        int g = GroupIndex(groupId);
        Show(page, g < 0 ? 0 : g, 200, "OK", saved ? "Saved." : null, null);
    }

    /// <summary>
    /// On the loop: applies a posted group form (all or nothing). Accepted: saved, and a 303 to the
    /// group's page is written at once (true). Otherwise <paramref name="page"/> says what to show.
    /// </summary>
    public bool Post(HttpResponse res, SipWriter w, FormReader form, WebPage page)
    {
        int g = GroupIndex(form.Value("group"));
        if (g < 0 || form.IsMalformed)
        {
            Show(page, g < 0 ? 0 : g, 400, "Bad Request", null, "The form could not be read; nothing was changed.");
            return false;
        }
        for (int i = 0; i < _change.Length; i++) _change[i] = Keep;
        page.NeedForm();
        bool refused = false;
        int changes = 0;
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            ConfigKey k = ConfigKeys.All[i];
            if (GroupOf(k.Name) != g) continue;
            string raw = form.Value(k.Name);
            if (raw != null) raw = ConfigText.Trim(raw);
            if (k.Secret)
            {
                if (raw != null && raw.Length > 0) _change[i] = SetValue;
                else if (Unsetting(form, k.Name) && _config.IsSet(k.Name)) _change[i] = Clear;
            }
            else if (raw != null)
            {
                page.Typed[i] = raw;
                string now = _config.GetExplicit(k.Name);
                if (raw.Length == 0) { if (now != null) _change[i] = Clear; }
                else if (raw != now) _change[i] = SetValue;
            }
            if (_change[i] == Keep) continue;
            changes++;
            if (_change[i] != SetValue) continue;
            string normalized;
            string reason = ConfigValidator.Validate(k, raw, out normalized);
            if (reason != null) { page.Errors[i] = k.Name + ": " + reason; refused = true; }
        }
        if (refused || !Apply(form, page))
        {
            Show(page, g, 400, "Bad Request", null, "A value was refused (see below); nothing was changed.");
            return false;
        }
        string saveError = null;
        if (changes > 0 && _store != null) _store.Save(_config, out saveError);
        else if (changes > 0) saveError = "no storage to save to";
        if (saveError != null)
        {
            page.Typed = null;
            Show(page, g, 200, "OK", null, "Changed, but not saved: " + saveError + ".");
            return false;
        }
        res.Start(w, 303, "See Other", false);
        res.Header("Location", "/settings?group=" + GroupIds[g] + "&saved=1");
        res.Body("text/plain; charset=utf-8");
        w.Text("Saved.\n");
        res.End();
        return true;
    }

    /// <summary>Makes the changes; if one is refused (a check that depends on other keys), undoes those made and says false.</summary>
    private bool Apply(FormReader form, WebPage page)
    {
        string[] before = _config.Snapshot();
        for (int i = 0; i < _change.Length; i++)
        {
            if (_change[i] == Keep) continue;
            ConfigKey k = ConfigKeys.All[i];
            string error = null;
            if (_change[i] == Clear) _config.Unset(k.Name);
            else if (!_config.TrySet(k.Name, ConfigText.Trim(form.Value(k.Name)), out error))
            {
                page.Errors[i] = error;
                for (int j = 0; j < i; j++)
                {
                    if (_change[j] == Keep) continue;
                    string name = ConfigKeys.All[j].Name;
                    string ignored;
                    if (before[j] == null) _config.Unset(name);
                    else _config.TrySet(name, before[j], out ignored);
                }
                return false;
            }
        }
        return true;
    }

    private static bool Unsetting(FormReader form, string key)
    {
        for (int i = 0; i < form.Count; i++)
        {
            if (form.NameIs(i, "unset") && form.ValueAt(i) == key) return true;
        }
        return false;
    }

    /// <summary>On the loop: the page to show, with the settings' explicit values as they are now.</summary>
    private void Show(WebPage page, int g, int status, string reason, string ok, string error)
    {
        page.Page = WebPage.Kind.Settings;
        page.Group = g;
        page.Status = status;
        page.Reason = reason;
        page.Ok = ok;
        page.Error = error;
        page.Values = _config.Snapshot();
    }

    /// <summary>On a server thread: the page from what the loop copied.</summary>
    public static void Write(HttpResponse res, SipWriter w, WebPage p)
    {
        int g = p.Group;
        res.Start(w, p.Status, p.Reason, p.Head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Settings: " + GroupTitles[g], true, p.Encrypted);
        w.Text("<p>");
        for (int i = 0; i < GroupIds.Length; i++)
        {
            if (i == g) { w.Text("<b>").Text(GroupTitles[i]).Text("</b> "); continue; }
            w.Text("<a href=\"/settings?group=").Text(GroupIds[i]).Text("\">").Text(GroupTitles[i]).Text("</a> ");
        }
        w.Text("</p>");
        if (p.Ok != null) w.Text("<p class=\"ok\" id=\"saved\">").Text(p.Ok).Text("</p>");
        if (p.Error != null) { w.Text("<p class=\"err\" id=\"error\">"); Html.Text(w, p.Error); w.Text("</p>"); }
        w.Text("<form method=\"post\" action=\"/settings\">");
        Html.Csrf(w, p.Csrf);
        w.Text("<input type=\"hidden\" name=\"group\" value=\"").Text(GroupIds[g]).Text("\">");
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            if (GroupOf(ConfigKeys.All[i].Name) == g) Field(w, p, i);
        }
        w.Text("<br><button type=\"submit\">Save</button></form>");
        Html.Close(w);
        res.End();
    }

    private static void Field(SipWriter w, WebPage p, int i)
    {
        ConfigKey k = ConfigKeys.All[i];
        bool set = p.Values[i] != null;
        string value = p.Typed != null && p.Typed[i] != null ? p.Typed[i] : p.Values[i];
        w.Text("<label for=\"").Text(k.Name).Text("\">").Text(k.Name).Text("</label>");
        if (k.Secret)
        {
            w.Text("<input type=\"password\" id=\"").Text(k.Name).Text("\" name=\"").Text(k.Name)
                .Text("\" autocomplete=\"new-password\" placeholder=\"")
                .Text(set ? "******** (set; type a new one to change it)" : "(unset)").Text("\">");
            if (set) w.Text(" <input type=\"checkbox\" name=\"unset\" value=\"").Text(k.Name).Text("\" style=\"min-width:0\"> unset");
        }
        else if (k.Type == ConfigKeyType.Bool || k.Type == ConfigKeyType.Choice)
        {
            w.Text("<select id=\"").Text(k.Name).Text("\" name=\"").Text(k.Name).Text("\"><option value=\"\">default (")
                .Text(k.Default == null ? "unset" : k.Default).Text(")</option>");
            if (k.Type == ConfigKeyType.Bool) { Option(w, "on", value); Option(w, "off", value); }
            else for (int c = 0; c < k.Choices.Length; c++) Option(w, k.Choices[c], value);
            w.Text("</select>");
        }
        else
        {
            w.Text("<input type=\"text\" id=\"").Text(k.Name).Text("\" name=\"").Text(k.Name).Text("\" value=\"");
            Html.Text(w, value);
            w.Text("\"");
            if (k.Default != null) w.Text(" placeholder=\"default ").Text(k.Default).Text("\"");
            w.Text(">");
        }
        w.Text("<small>");
        Html.Text(w, k.Help);
        w.Text(" (");
        Html.Text(w, k.Describe());
        w.Text(")</small>");
        if (p.Errors != null && p.Errors[i] != null)
        {
            w.Text("<small class=\"err\" id=\"error-").Text(k.Name).Text("\">");
            Html.Text(w, p.Errors[i]);
            w.Text("</small>");
        }
    }

    private static void Option(SipWriter w, string choice, string value)
    {
        w.Text("<option").Text(choice == value ? " selected" : "").Text(">").Text(choice).Text("</option>");
    }

    private static bool Starts(string s, string prefix) { return ConfigText.StartsWith(s, prefix); }
}
