using NanoPhone.App.Phone;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>The call log page: one row per call, newest first, with its date (or "time not set").</summary>
internal static class CallsPage
{
    /// <summary>On the loop: the entries' raw values (no text is formatted here).</summary>
    public static void Copy(CallLog log, WebPage p)
    {
        int n = log == null ? 0 : log.Count;
        p.CallKinds = new byte[n];
        p.CallPeers = NanoPhone.Sip.Text.Strings.NewArray(n);
        p.CallDetails = NanoPhone.Sip.Text.Strings.NewArray(n);
        p.CallSeconds = new int[n];
        p.CallUnixMs = new long[n];
        p.CallUptimeMs = new long[n];
        for (int i = 0; i < n; i++)
        {
            p.CallKinds[i] = (byte)log.Kind(i);
            p.CallPeers[i] = log.Peer(i);
            p.CallDetails[i] = log.Detail(i);
            p.CallSeconds[i] = log.Seconds(i);
            p.CallUptimeMs[i] = log.AtMs(i);
            p.CallUnixMs[i] = log.UnixMsAt(log.AtMs(i));
        }
        p.CallCount = n;
    }

    /// <summary>On a server thread.</summary>
    public static void Write(HttpResponse res, SipWriter w, WebPage p)
    {
        res.Start(w, 200, "OK", p.Head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Calls", true, p.Encrypted);
        if (p.CallCount == 0)
        {
            w.Text("<p id=\"nocalls\">No calls yet.</p>");
        }
        else
        {
            w.Text("<table id=\"calls\"><tr><th>When</th><th>What</th><th>Who</th><th>Details</th></tr>");
            for (int i = 0; i < p.CallCount; i++)
            {
                CallLogKind kind = (CallLogKind)p.CallKinds[i];
                w.Text("<tr><td>");
                Html.Text(w, CallLog.WhenText(p.CallUnixMs[i], p.CallUptimeMs[i]));
                w.Text("</td><td>");
                Html.Text(w, CallLog.KindName(kind));
                w.Text("</td><td>");
                Html.Text(w, p.CallPeers[i]);
                w.Text("</td><td>");
                Html.Text(w, Details(kind, p.CallDetails[i], p.CallSeconds[i]));
                w.Text("</td></tr>");
            }
            w.Text("</table>");
        }
        Html.Close(w);
        res.End();
    }

    private static string Details(CallLogKind kind, string detail, int seconds)
    {
        switch (kind)
        {
            case CallLogKind.Answered: return seconds + " s";
            case CallLogKind.Forwarded: return detail.Length > 0 ? "to " + detail : "";
            case CallLogKind.Dialled: return detail.Length > 0 ? detail : seconds + " s";
            default: return detail;
        }
    }
}
