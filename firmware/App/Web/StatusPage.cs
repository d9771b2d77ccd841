using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Web;

/// <summary>The status page: firmware, date and time, uptime, registration, call, free memory, network, provisioning.</summary>
internal static class StatusPage
{
    public static void Write(HttpResponse res, SipWriter w, WebApp app, PhoneConfig config, IClock clock, bool encrypted, bool head)
    {
        res.Start(w, 200, "OK", head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Status", true, encrypted);
        long now = clock.NowMs;
        IPhoneStatus s = app.Status;
        WallClock wall = app.WallClock;
        w.Text("<table>");
        Row(w, "firmware", "Firmware", app.Firmware == null ? "NanoPhone" : app.Firmware);
        Row(w, "time", "Date and time", wall == null ? WallClock.NotSet : wall.Text(now));
        Row(w, "uptime", "Up for", PhoneText.Uptime(now));
        Row(w, "registration", "Registration", s == null ? "unknown" : s.Registration);
        Row(w, "call", "Call", s == null ? "unknown" : s.CallState);
        long free = s == null ? -1 : s.FreeMemoryBytes;
        Row(w, "memory", "Free memory", free < 0 ? "unknown" : free + " bytes");
        Row(w, "network", "Network", app.Network == null ? "unknown" : app.Network);
        Row(w, "provisioning", "Provisioning", app.Provisioning == null ? "off (provision.url unset)" : app.Provisioning);
        Row(w, "settings", "Settings", config.IsDirty ? "unsaved changes (save on the console keeps them)" : "saved");
        w.Text("</table>");
        Html.Close(w);
        res.End();
    }

    private static void Row(SipWriter w, string id, string name, string value)
    {
        w.Text("<tr><th>").Text(name).Text("</th><td id=\"").Text(id).Text("\">");
        Html.Text(w, value);
        w.Text("</td></tr>");
    }
}
