using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>HTML text into a <see cref="SipWriter"/>: escaped text, and the page frame all pages share.</summary>
public static class Html
{
    /// <summary>A little CSS, inline in every page (one request a page; no JavaScript anywhere).</summary>
    public const string Style =
        "body{font:15px/1.4 sans-serif;margin:0;color:#222}header{background:#234;color:#fff;padding:.5em 1em}" +
        "header a{color:#fff;margin-right:1em}main{padding:0 1em 1em;max-width:46em}" +
        ".warn{background:#fde8c8;padding:.4em .8em;border-left:4px solid #d80}" +
        ".err{color:#b00}.ok{background:#e3f4e3;padding:.4em .8em;border-left:4px solid #393}" +
        "table{border-collapse:collapse}td,th{text-align:left;padding:.2em .8em .2em 0;vertical-align:top}" +
        "label{font-weight:bold;display:block;margin-top:.8em}input,select{font:inherit;min-width:20em}" +
        "small{color:#555;display:block}button{font:inherit;margin-top:1em}";

    /// <summary>Writes <paramref name="text"/> with &amp; &lt; &gt; " ' escaped.</summary>
    public static void Text(SipWriter w, string text)
    {
        if (text == null) return;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            string entity;
            switch (text[i])
            {
                case '&': entity = "&amp;"; break;
                case '<': entity = "&lt;"; break;
                case '>': entity = "&gt;"; break;
                case '"': entity = "&quot;"; break;
                case '\'': entity = "&#39;"; break;
                default: continue;
            }
            if (i > start) w.Text(text.Substring(start, i - start));
            w.Text(entity);
            start = i + 1;
        }
        if (start == 0) w.Text(text);
        else if (start < text.Length) w.Text(text.Substring(start));
    }

    /// <summary>The start of a page: title, style, the menu (when logged in) and the warning about plain HTTP.</summary>
    public static void Open(SipWriter w, string title, bool menu, bool encrypted)
    {
        w.Text("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.Text("<meta name=\"viewport\" content=\"width=device-width\"><title>");
        Text(w, title);
        w.Text(" - NanoPhone</title><style>").Text(Style).Text("</style></head><body><header><b>NanoPhone</b> ");
        if (menu)
        {
            w.Text("&nbsp; <a href=\"/\">Status</a><a href=\"/settings\">Settings</a><a href=\"/calls\">Calls</a>");
            w.Text("<a href=\"/restart\">Restart</a>");
        }
        w.Text("</header><main>");
        if (!encrypted)
        {
            w.Text("<p class=\"warn\" id=\"plain\">This connection is not encrypted (HTTP): the password and the settings cross the network readable by anyone on it. Set web.cert for HTTPS.</p>");
        }
        w.Text("<h1>");
        Text(w, title);
        w.Text("</h1>");
    }

    /// <summary>A form's hidden CSRF field.</summary>
    public static void Csrf(SipWriter w, string token)
    {
        w.Text("<input type=\"hidden\" name=\"csrf\" value=\"").Text(token).Text("\">");
    }

    public static void Close(SipWriter w)
    {
        w.Text("</main></body></html>");
    }
}
