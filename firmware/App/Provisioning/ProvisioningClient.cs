using NanoPhone.App.Config;
using NanoPhone.App.Web;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Provisioning;

/// <summary>
/// Provisioning from <c>provision.url</c>, portable (the host's fetcher does the socket work on its
/// own thread; this runs on the loop): at boot and every <c>provision.hours</c> the phone GETs its
/// settings file — the format of nanophone.cfg, {mac} in the URL replaced by its MAC address —
/// with If-None-Match / If-Modified-Since from the last file it took, so an unchanged file costs one
/// short 304 exchange. A 200 with a text body is applied line by line through the same validation
/// as the configuration file (a bad line is reported and skipped, the rest applied; keys the file
/// does not name stay as they are), then saved. Nothing is applied from a response that failed or
/// is not a text file. Each outcome is one event line (<c>PROVISIONED ...</c>, <c>PROVISIONING ...</c>)
/// and the status page's provisioning line.
/// </summary>
public sealed class ProvisioningClient
{
    /// <summary>The largest response taken (a full settings file is about 6 KB).</summary>
    public const int MaxResponse = 16384;
    public const string UserAgent = "NanoPhone/0.1";

    private readonly PhoneConfig _config;
    private readonly ConfigStore _store;
    private readonly IClock _clock;
    private readonly HttpUrl _url = new HttpUrl();
    private readonly HttpResponseReader _reader = new HttpResponseReader();
    private string _etag;
    private string _lastModified;
    private string _fetchedUrl;

    public ProvisioningClient(PhoneConfig config, ConfigStore store, IClock clock)
    {
        _config = config;
        _store = store;
        _clock = clock;
    }

    /// <summary>Dates the outcomes on the status page once set; uptime before.</summary>
    public NanoPhone.App.Time.WallClock WallClock { get; set; }

    /// <summary>The MAC address for {mac}: 12 lower-case hex digits.</summary>
    public string Mac { get; set; }

    /// <summary>The last outcome for the status page, or null while provision.url is unset.</summary>
    public string Outcome { get; private set; }

    /// <summary>Warnings of the last file taken (skipped lines).</summary>
    public ConfigLoadReport LastReport { get; private set; }

    /// <summary>The URL of the next fetch ({mac} replaced), or null when provision.url is unset.</summary>
    public string Url
    {
        get
        {
            string url = _config.Get(ConfigKeys.ProvisionUrl);
            return url == null ? null : HttpUrl.ReplaceMac(url, Mac == null ? "000000000000" : Mac);
        }
    }

    /// <summary>Milliseconds between fetches (provision.hours), 0 for at boot only.</summary>
    public long IntervalMs { get { return _config.GetInt(ConfigKeys.ProvisionHours, 24) * 3600000L; } }

    /// <summary>
    /// The GET for the next fetch, or null (with <paramref name="error"/> null when provisioning is
    /// off). <paramref name="target"/> says where to connect.
    /// </summary>
    public byte[] BuildRequest(HttpUrl target, out string error)
    {
        error = null;
        string url = Url;
        if (url == null) { Outcome = null; return null; }
        error = target.TryParse(url);
        if (error != null) { error = "provision.url " + error; return null; }
        if (url != _fetchedUrl) { _etag = null; _lastModified = null; }
        SipWriter w = new SipWriter(256);
        w.Text("GET ").Text(target.PathAndQuery).Text(" HTTP/1.1\r\nHost: ").Text(target.HostHeader()).Crlf();
        w.Text("User-Agent: ").Text(UserAgent).Text("\r\nAccept: text/plain, */*\r\n");
        if (_etag != null) w.Header("If-None-Match", _etag);
        if (_lastModified != null) w.Header("If-Modified-Since", _lastModified);
        w.Text("Connection: close\r\n\r\n");
        return w.ToArray();
    }

    /// <summary>The fetch failed before a response (no connection, time out, TLS): the event line. Nothing changes.</summary>
    public string Failed(string url, string reason)
    {
        Outcome = "failed at " + Now() + ": " + reason + "; nothing applied";
        return "PROVISIONING failed " + url + ": " + reason + "; nothing applied";
    }

    /// <summary>
    /// A response arrived (<paramref name="closed"/>: the connection ended after it): applies it and
    /// returns the event line. The report's warnings (skipped lines) are in <see cref="LastReport"/>.
    /// </summary>
    public string Received(string url, byte[] response, int length, bool closed)
    {
        LastReport = null;
        _reader.Read(response, length, closed);
        if (_reader.Error != null) return Failed(url, _reader.Error);
        if (!_reader.IsComplete) return Failed(url, length >= MaxResponse ? "response larger than " + MaxResponse + " bytes" : "the response is incomplete");
        int status = _reader.Status;
        if (status == 304)
        {
            Outcome = "unchanged at " + Now() + " (304 Not Modified)";
            return "PROVISIONING unchanged " + url + " (304 Not Modified)";
        }
        if (status != 200) return Failed(url, "the server answered " + status + (status == 404 ? " Not Found" : ""));
        string why = NotText(_reader.Body, _reader.BodyLength);
        if (why != null) return Failed(url, why);
        var report = new ConfigLoadReport();
        string[] values = ConfigFile.Read(_reader.Body, report);
        int applied = 0, same = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == null) continue;
            string name = ConfigKeys.All[i].Name;
            if (values[i] == _config.GetExplicit(name)) { same++; continue; }
            string error;
            if (_config.TrySet(name, values[i], out error)) applied++;
            else report.Warn(error + "; skipped");
        }
        string saved = "";
        if (applied > 0 && _store != null)
        {
            string error;
            if (!_store.Save(_config, out error)) saved = "; not saved: " + error;
        }
        _etag = _reader.ETag;
        _lastModified = _reader.LastModified;
        _fetchedUrl = url;
        LastReport = report;
        string skipped = report.WarningCount == 0 ? "" : ", " + report.WarningCount + (report.WarningCount == 1 ? " line skipped" : " lines skipped");
        Outcome = "applied at " + Now() + ": " + applied + " changed, " + same + " unchanged" + skipped + saved;
        return "PROVISIONED " + applied + " changed, " + same + " unchanged" + skipped + " from " + url + saved;
    }

    private string Now()
    {
        long ms = _clock.NowMs;
        if (WallClock != null && WallClock.IsSet) return WallClock.Text(ms);
        return "uptime " + NanoPhone.App.Phone.PhoneText.Uptime(ms);
    }

    /// <summary>Why the body is not a settings file (binary: NUL bytes or invalid UTF-8), or null.</summary>
    private static string NotText(byte[] b, int len)
    {
        for (int i = 0; i < len; i++)
        {
            int c = b[i];
            if (c == 0) return "not a text file (NUL bytes)";
            if (c < 0x80) continue;
            int extra = c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
            if (c >= 0xF5 || extra < 0 || i + extra >= len) return "not a text file (invalid UTF-8)";
            for (int k = 1; k <= extra; k++)
            {
                if ((b[i + k] & 0xC0) != 0x80) return "not a text file (invalid UTF-8)";
            }
            i += extra;
        }
        return null;
    }
}
