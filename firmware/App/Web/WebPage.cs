namespace NanoPhone.App.Web;

/// <summary>
/// What a page shows, copied on the loop thread so that the page can be written on a server thread
/// (<see cref="WebApp.Render"/>): writing HTML is most of a request's work, and on nanoCLR it takes
/// tens of milliseconds that SIP must not wait for. Only texts and numbers: nothing here points
/// into the phone's live state. One per connection (<see cref="WebExchange"/>), reused.
/// </summary>
public sealed class WebPage
{
    /// <summary>Which page, or <see cref="Kind.None"/> when the loop already wrote the whole answer.</summary>
    public enum Kind : byte { None = 0, Status, Settings, Calls, Restart, Restarting, Login, Message }

    public Kind Page;
    /// <summary>The writer of this page's answer (each connection has its own).</summary>
    public readonly HttpResponse Response = new HttpResponse();
    public int Status = 200;
    public string Reason = "OK";
    public bool Encrypted;
    public bool Head;
    public string Csrf;
    /// <summary>A message shown in green (Settings: "Saved.") or red (Login, Settings: why not).</summary>
    public string Ok, Error;
    /// <summary>Login: Retry-After seconds, or 0.</summary>
    public long RetryAfterS;

    // Status
    public string Firmware, Registration, CallState, Network, Provisioning;
    public long FreeMemory, UptimeMs, UnixMs;
    public bool Dirty;

    // Settings: the group, every key's explicit value (a copy), what was typed and why it was refused.
    // Allocated for the page that needs them and dropped after it: a connection keeps no arrays.
    public int Group;
    public string[] Values, Typed, Errors;

    // Calls, newest first: kind, peer, detail, seconds, and when (UTC ms, or -1 and the uptime).
    public int CallCount;
    public byte[] CallKinds;
    public string[] CallPeers, CallDetails;
    public int[] CallSeconds;
    public long[] CallUnixMs, CallUptimeMs;

    /// <summary>Room for the settings form's typed values and errors (a POST).</summary>
    public void NeedForm()
    {
        if (Typed != null) return;
        Typed = NanoPhone.Sip.Text.Strings.NewArray(NanoPhone.App.Config.ConfigKeys.All.Length);
        Errors = NanoPhone.Sip.Text.Strings.NewArray(NanoPhone.App.Config.ConfigKeys.All.Length);
    }

    /// <summary>Back to "nothing to write", dropping the texts of the last page.</summary>
    public void Clear()
    {
        Page = Kind.None;
        Status = 200;
        Reason = "OK";
        Csrf = Ok = Error = null;
        RetryAfterS = 0;
        Firmware = Registration = CallState = Network = Provisioning = null;
        CallCount = 0;
        Values = Typed = Errors = null;
        CallKinds = null;
        CallPeers = CallDetails = null;
        CallSeconds = null;
        CallUnixMs = CallUptimeMs = null;
    }
}
