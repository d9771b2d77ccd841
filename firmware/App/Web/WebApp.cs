using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Web;

/// <summary>
/// The phone's web page, portable: request bytes in, response bytes out, like the SIP core. Pages:
/// status (<c>/</c>), settings (<c>/settings?group=G</c>), call log (<c>/calls</c>), restart
/// (<c>/restart</c>), log in and out (<c>/login</c>, <c>/logout</c>). Plain HTML with a little
/// inline CSS, no JavaScript.
/// <list type="bullet">
/// <item>Off until <c>web.password</c> is set (403 with how to turn it on).</item>
/// <item>A login form with a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) — never
/// HTTP Basic; <see cref="WebSessions"/> delays logins after five wrong passwords.</item>
/// <item>Every POST but the login carries the session's CSRF token; a POST whose Origin is not this
/// host is refused too.</item>
/// <item>Settings are changed through <see cref="PhoneConfig.TrySet"/>, the console's validator;
/// secrets are never sent to the browser (write-only password fields).</item>
/// <item>Each page says when the connection is not encrypted.</item>
/// </list>
/// Split in two for the device (see <see cref="WebExchange"/>): <see cref="Decide"/> on the loop thread
/// (sessions, settings, a copy of what the page shows) and <see cref="Render"/> on the server thread
/// (the HTML, most of the work: tens of milliseconds on nanoCLR that SIP must not wait for).
/// </summary>
public sealed class WebApp : IConfigListener
{
    private readonly PhoneConfig _config;
    private readonly ConfigStore _store;
    private readonly IClock _clock;
    private readonly WebSessions _sessions;
    private readonly HttpRequestParser _parser = new HttpRequestParser();
    private readonly HttpRequest _req = new HttpRequest();
    private readonly FormReader _form = new FormReader();
    private readonly HttpResponse _res = new HttpResponse();
    private readonly SettingsPage _settings;
    private WebPage _page;      // Handle's (tests, fuzzing); the device's connections have their own
    private SipWriter _w;
    private WebPage _current;

    public WebApp(PhoneConfig config, ConfigStore store, IClock clock, ISecretRandom random)
    {
        if (config == null) throw new System.ArgumentNullException("config");
        _config = config;
        _store = store;
        _clock = clock;
        _sessions = new WebSessions(clock, random);
        _settings = new SettingsPage(config, store);
        config.AddListener(this);
    }

    /// <summary>Registration, call and memory for the status page; null shows "unknown".</summary>
    public IPhoneStatus Status { get; set; }

    /// <summary>The call log page's entries; null shows none.</summary>
    public CallLog Calls { get; set; }

    /// <summary>Where the restart page's button goes.</summary>
    public IPhoneActions Actions { get; set; }

    /// <summary>Dates on the status page; null or unset shows "time not set".</summary>
    public WallClock WallClock { get; set; }

    /// <summary>Firmware name and version for the status page.</summary>
    public string Firmware { get; set; }

    /// <summary>The network as the status page shows it, e.g. "192.0.2.10, SIP on UDP port 5060"; the host keeps it current.</summary>
    public string Network { get; set; }

    /// <summary>The last provisioning outcome, or null when provisioning is off.</summary>
    public string Provisioning { get; set; }

    public WebSessions Sessions { get { return _sessions; } }

    /// <summary>The web page turns off when web.password is unset and every session ends when it changes.</summary>
    public void ConfigChanged(string key)
    {
        if (key == ConfigKeys.WebPassword) _sessions.EndAll();
    }

    /// <summary>
    /// Answers one request (complete, or what arrived before the server gave up on it: then 408 or
    /// the parser's error) into <paramref name="output"/>, all on the calling thread (tests, fuzzing).
    /// True when the answer announces a restart: call <see cref="RestartNow"/> once it is sent.
    /// Never throws for any input.
    /// </summary>
    public bool Handle(byte[] buf, int off, int len, bool encrypted, SipWriter output)
    {
        if (_page == null) _page = new WebPage();
        bool restart = Decide(buf, off, len, encrypted, output, _page);
        Render(_page, output);
        return restart;
    }

    /// <summary>
    /// The loop thread's part of a request: parses it, checks the session and CSRF token, logs in
    /// and out, applies a settings form, and copies what the page shows into <paramref name="page"/>
    /// (then <see cref="Render"/> writes it, on any thread), or writes a short answer itself
    /// (redirects, errors; <paramref name="page"/> says <see cref="WebPage.Kind.None"/>). True when
    /// the answer announces a restart. Never throws.
    /// </summary>
    public bool Decide(byte[] buf, int off, int len, bool encrypted, SipWriter output, WebPage page)
    {
        page.Clear();
        _current = page;
        _parser.Parse(buf, off, len, _req);
        _w = output;
        bool head = _req.Status == HttpParseStatus.Complete && _req.Method == HttpMethod.Head;
        _res.HeadRequest = head;
        page.Encrypted = encrypted;
        page.Head = head;
        try
        {
            return Route(encrypted, output, page);
        }
        catch (System.Exception)
        {
            page.Clear();
            Simple(output, 500, "Internal Server Error", "The phone could not answer this request.", false);
            return false;
        }
    }

    /// <summary>
    /// Writes the page <see cref="Decide"/> chose (nothing when it wrote the answer itself) from the
    /// copy in <paramref name="page"/>: safe on a server thread while the loop goes on, as it reads
    /// nothing else. Never throws.
    /// </summary>
    public static void Render(WebPage page, SipWriter output)
    {
        if (page.Page == WebPage.Kind.None) return;
        HttpResponse res = page.Response;
        res.HeadRequest = page.Head;
        try
        {
            switch (page.Page)
            {
                case WebPage.Kind.Status: StatusPage.Write(res, output, page); break;
                case WebPage.Kind.Calls: CallsPage.Write(res, output, page); break;
                case WebPage.Kind.Settings: SettingsPage.Write(res, output, page); break;
                case WebPage.Kind.Login: LoginForm(res, output, page); break;
                case WebPage.Kind.Message: MessagePage(res, output, page); break;
                default: RestartPage(res, output, page); break;
            }
        }
        catch (System.Exception)
        {
            res.Start(output, 500, "Internal Server Error", false);
            res.Body("text/plain; charset=utf-8");
            output.Text("The phone could not write this page.\n");
            res.End();
        }
        page.Clear();   // its texts may go now
    }

    private bool Route(bool encrypted, SipWriter w, WebPage page)
    {
        HttpRequest r = _req;
        if (r.Status != HttpParseStatus.Complete)
        {
            int status = r.Status == HttpParseStatus.Error ? r.ErrorStatus : 408;
            string reason = r.Status == HttpParseStatus.Error ? r.Reason : "the request did not arrive in time";
            Simple(w, status, ReasonPhrase(status), "Bad request: " + reason + ".", false);
            return false;
        }
        bool head = r.Method == HttpMethod.Head;
        if (_config.Get(ConfigKeys.WebPassword) == null)
        {
            Simple(w, 403, "Forbidden", "The web page is off: set web.password on the phone's serial console to turn it on.", head);
            return false;
        }
        if (r.Method == HttpMethod.Post && !SameOrigin())
        {
            Simple(w, 403, "Forbidden", "Refused: the form was sent from another site.", false);
            return false;
        }
        if (r.PathIs("/login")) { Login(encrypted, page); return false; }
        int session = _sessions.Find(r.Buffer, r.CookieOffset, r.CookieLength);
        if (session < 0)
        {
            if (r.Method == HttpMethod.Post) Simple(w, 403, "Forbidden", "Your session has ended: log in again.", false);
            else Redirect(w, "/login", null);
            return false;
        }
        if (r.Method == HttpMethod.Post)
        {
            _form.Read(r.Buffer, r.BodyOffset, r.BodyLength);
            if (!r.IsForm || !_sessions.CheckCsrf(session, _form.Value("csrf")))
            {
                Simple(w, 403, "Forbidden", "Refused: the form's security token is missing or stale. Reload the page and try again.", false);
                return false;
            }
        }
        page.Csrf = _sessions.CsrfToken(session);
        if (r.PathIs("/"))
        {
            if (Allow(w, false)) CopyStatus(page);
            return false;
        }
        if (r.PathIs("/calls"))
        {
            if (Allow(w, false))
            {
                page.Page = WebPage.Kind.Calls;
                CallsPage.Copy(Calls, page);
            }
            return false;
        }
        if (r.PathIs("/settings"))
        {
            if (!Allow(w, true)) return false;
            if (r.Method == HttpMethod.Post) _settings.Post(_res, w, _form, page);
            else _settings.Get(QueryValue("group"), QueryValue("saved") != null, page);
            return false;
        }
        if (r.PathIs("/restart"))
        {
            if (!Allow(w, true)) return false;
            bool now = r.Method == HttpMethod.Post;
            page.Page = now ? WebPage.Kind.Restarting : WebPage.Kind.Restart;
            return now && Actions != null;
        }
        if (r.PathIs("/logout"))
        {
            if (!Allow(w, true)) return false;
            _sessions.End(session);
            Redirect(w, "/login", CookieName() + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict");
            return false;
        }
        Simple(w, 404, "Not Found", "No such page.", head);
        return false;
    }

    private void CopyStatus(WebPage p)
    {
        IPhoneStatus s = Status;
        long now = _clock.NowMs;
        p.Page = WebPage.Kind.Status;
        p.Firmware = Firmware;
        p.UptimeMs = now;
        p.UnixMs = WallClock == null ? -1 : WallClock.UnixMsAt(now);
        p.Registration = s == null ? null : s.Registration;
        p.CallState = s == null ? null : s.CallState;
        p.FreeMemory = s == null ? -1 : s.FreeMemoryBytes;
        p.Network = Network;
        p.Provisioning = Provisioning;
        p.Dirty = _config.IsDirty;
    }

    private bool Allow(SipWriter w, bool post)
    {
        if (_req.Method != HttpMethod.Post || post) return true;
        _res.Start(w, 405, "Method Not Allowed", false);
        _res.Header("Allow", "GET, HEAD");
        _res.Body("text/plain; charset=utf-8");
        w.Text("405 Method Not Allowed\n");
        _res.End();
        return false;
    }

    private void Login(bool encrypted, WebPage page)
    {
        page.Page = WebPage.Kind.Login;
        if (_req.Method != HttpMethod.Post) return;
        _form.Read(_req.Buffer, _req.BodyOffset, _req.BodyLength);
        long waitMs = 0;
        int session = _req.IsForm ? _sessions.Login(_form.Value("password"), _config.Get(ConfigKeys.WebPassword), out waitMs) : -1;
        if (session >= 0)
        {
            page.Page = WebPage.Kind.None;
            Redirect(_w, "/", CookieName() + "=" + _sessions.Id(session) + "; Path=/; HttpOnly; SameSite=Strict" + (encrypted ? "; Secure" : ""));
            return;
        }
        page.Head = false;
        if (waitMs > 0)
        {
            long s = (waitMs + 999) / 1000;
            page.Status = 429;
            page.Reason = "Too Many Requests";
            page.RetryAfterS = s;
            page.Error = "Too many wrong passwords: try again in " + s + " s.";
            return;
        }
        long next = _sessions.WaitMs;
        page.Status = 403;
        page.Reason = "Forbidden";
        page.Error = next > 0
            ? "Wrong password. Too many wrong passwords: the next try must wait " + ((next + 999) / 1000) + " s."
            : "Wrong password.";
    }

    private static void LoginForm(HttpResponse res, SipWriter w, WebPage p)
    {
        res.Start(w, p.Status, p.Reason, p.Head);
        if (p.RetryAfterS > 0) res.Header("Retry-After", p.RetryAfterS.ToString());
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Log in", false, p.Encrypted);
        if (p.Error != null) { w.Text("<p class=\"err\" id=\"error\">"); Html.Text(w, p.Error); w.Text("</p>"); }
        w.Text("<form method=\"post\" action=\"/login\"><label for=\"password\">Password (web.password)</label>");
        w.Text("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" autofocus>");
        w.Text("<br><button type=\"submit\">Log in</button></form>");
        Html.Close(w);
        res.End();
    }

    private static void RestartPage(HttpResponse res, SipWriter w, WebPage p)
    {
        res.Start(w, 200, "OK", p.Head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Restart", true, p.Encrypted);
        if (p.Page == WebPage.Kind.Restarting)
        {
            w.Text("<p class=\"ok\" id=\"restarting\">The phone restarts now. Calls in progress end. This page comes back once it has started.</p>");
        }
        else
        {
            w.Text("<p>Restart the phone now? A call in progress ends; unsaved console changes are lost.</p>");
            w.Text("<form method=\"post\" action=\"/restart\">");
            Html.Csrf(w, p.Csrf);
            w.Text("<button type=\"submit\">Restart</button></form>");
        }
        Html.Close(w);
        res.End();
    }

    /// <summary>Runs the restart the last answer announced (after it was sent).</summary>
    public void RestartNow()
    {
        if (Actions != null) Actions.Reboot();
    }

    private void Redirect(SipWriter w, string location, string cookie)
    {
        _res.Start(w, 303, "See Other", false);
        _res.Header("Location", location);
        if (cookie != null) _res.Header("Set-Cookie", cookie);
        _res.Body("text/plain; charset=utf-8");
        w.Text("See ").Text(location).Text("\n");
        _res.End();
    }

    /// <summary>A short page with one message (errors): written by <see cref="Render"/>, off the loop, like every page.</summary>
    private void Simple(SipWriter w, int status, string reason, string text, bool head)
    {
        WebPage p = _current;
        p.Page = WebPage.Kind.Message;
        p.Status = status;
        p.Reason = reason;
        p.Error = text;
        p.Head = head;
    }

    private static void MessagePage(HttpResponse res, SipWriter w, WebPage p)
    {
        res.Start(w, p.Status, p.Reason, p.Head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, p.Status + " " + p.Reason, false, true);
        w.Text("<p id=\"message\">");
        Html.Text(w, p.Error);
        w.Text("</p><p><a href=\"/\">Back</a></p>");
        Html.Close(w);
        res.End();
    }

    private static string CookieName() { return WebSessions.CookieName; }

    /// <summary>No Origin (older browsers, curl), or one whose host[:port] is the Host field's.</summary>
    private bool SameOrigin()
    {
        HttpRequest r = _req;
        if (r.OriginLength == 0) return true;
        int p = r.OriginOffset;
        int end = p + r.OriginLength;
        int scheme = -1;
        for (int i = p; i + 2 < end; i++)
        {
            if (r.Buffer[i] == (byte)':' && r.Buffer[i + 1] == (byte)'/' && r.Buffer[i + 2] == (byte)'/') { scheme = i + 3; break; }
        }
        if (scheme < 0) return false;
        return Ascii.BytesEqualIgnoreCase(r.Buffer, scheme, end - scheme, r.Buffer, r.HostOffset, r.HostLength);
    }

    private string QueryValue(string name)
    {
        _form.Read(_req.Buffer, _req.QueryOffset, _req.QueryLength);
        return _form.Value(name);
    }

    public static string ReasonPhrase(int status)
    {
        switch (status)
        {
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }
}
