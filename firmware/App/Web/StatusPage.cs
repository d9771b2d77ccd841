using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>The status page: firmware, date and time, uptime, registration, call, free memory, network, provisioning.</summary>
internal static class StatusPage
{
    /// <summary>On a server thread, from what the loop copied.</summary>
    public static void Write(HttpResponse res, SipWriter w, WebPage p)
    {
        res.Start(w, 200, "OK", p.Head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Status", true, p.Encrypted);
        w.Text("<table>");
        Row(w, "firmware", "Firmware", p.Firmware == null ? "NanoPhone" : p.Firmware);
        Row(w, "time", "Date and time", p.UnixMs < 0 ? WallClock.NotSet : DateText.Readable(p.UnixMs));
        Row(w, "uptime", "Up for", PhoneText.Uptime(p.UptimeMs));
        Row(w, "registration", "Registration", p.Registration == null ? "unknown" : p.Registration);
        Row(w, "call", "Call", p.CallState == null ? "unknown" : p.CallState);
        Row(w, "memory", "Free memory", p.FreeMemory < 0 ? "unknown" : p.FreeMemory + " bytes");
        Row(w, "network", "Network", p.Network == null ? "unknown" : p.Network);
        Row(w, "provisioning", "Provisioning", p.Provisioning == null ? "off (provision.url unset)" : p.Provisioning);
        Row(w, "settings", "Settings", p.Dirty ? "unsaved changes (save on the console keeps them)" : "saved");
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
