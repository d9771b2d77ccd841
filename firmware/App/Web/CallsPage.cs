using NanoPhone.App.Phone;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>The call log page: one row per call, newest first, with its date (or "time not set").</summary>
internal static class CallsPage
{
    public static void Write(HttpResponse res, SipWriter w, CallLog log, bool encrypted, bool head)
    {
        res.Start(w, 200, "OK", head);
        res.Body("text/html; charset=utf-8");
        Html.Open(w, "Calls", true, encrypted);
        int n = log == null ? 0 : log.Count;
        if (n == 0)
        {
            w.Text("<p id=\"nocalls\">No calls yet.</p>");
        }
        else
        {
            w.Text("<table id=\"calls\"><tr><th>When</th><th>What</th><th>Who</th><th>Details</th></tr>");
            for (int i = 0; i < n; i++)
            {
                w.Text("<tr><td>");
                Html.Text(w, log.When(log.AtMs(i)));
                w.Text("</td><td>");
                Html.Text(w, CallLog.KindName(log.Kind(i)));
                w.Text("</td><td>");
                Html.Text(w, log.Peer(i));
                w.Text("</td><td>");
                Html.Text(w, Details(log, i));
                w.Text("</td></tr>");
            }
            w.Text("</table>");
        }
        Html.Close(w);
        res.End();
    }

    private static string Details(CallLog log, int i)
    {
        string detail = log.Detail(i);
        switch (log.Kind(i))
        {
            case CallLogKind.Answered: return log.Seconds(i) + " s";
            case CallLogKind.Forwarded: return detail.Length > 0 ? "to " + detail : "";
            case CallLogKind.Dialled: return detail.Length > 0 ? detail : log.Seconds(i) + " s";
            default: return detail;
        }
    }
}
