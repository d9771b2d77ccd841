using System;
using System.Collections.Generic;
using System.Text;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// A SIP message as the scripted peers read and write it: text, headers by name (compact forms
/// mapped), no validation. The peers are test code: they may allocate freely.
/// </summary>
public sealed class SipText
{
    public string StartLine = "";
    public bool IsRequest;
    public string Method = "";
    public string RequestUri = "";
    public int Status;
    public string Reason = "";
    public readonly List<KeyValuePair<string, string>> Headers = new();
    public string Body = "";

    public static bool IsKeepAlive(byte[] buf, int off, int len)
    {
        for (int i = off; i < off + len; i++)
        {
            if (buf[i] != (byte)'\r' && buf[i] != (byte)'\n') return false;
        }
        return true;
    }

    public static SipText Parse(byte[] buf, int off, int len) => Parse(Encoding.ASCII.GetString(buf, off, len));

    public static SipText Parse(string text)
    {
        var m = new SipText();
        int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = headEnd < 0 ? text : text.Substring(0, headEnd);
        m.Body = headEnd < 0 ? "" : text.Substring(headEnd + 4);
        string[] lines = head.Split("\r\n");
        m.StartLine = lines[0];
        if (m.StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
        {
            m.Status = int.Parse(m.StartLine.AsSpan(8, 3));
            m.Reason = m.StartLine.Length > 12 ? m.StartLine.Substring(12) : "";
        }
        else
        {
            m.IsRequest = true;
            string[] parts = m.StartLine.Split(' ');
            m.Method = parts[0];
            m.RequestUri = parts.Length > 1 ? parts[1] : "";
        }
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            m.Headers.Add(new KeyValuePair<string, string>(Canonical(line.Substring(0, colon).Trim()), line.Substring(colon + 1).Trim()));
        }
        return m;
    }

    private static string Canonical(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "v": case "via": return "Via";
            case "f": case "from": return "From";
            case "t": case "to": return "To";
            case "i": case "call-id": return "Call-ID";
            case "m": case "contact": return "Contact";
            case "l": case "content-length": return "Content-Length";
            case "c": case "content-type": return "Content-Type";
            case "cseq": return "CSeq";
            default: return name;
        }
    }

    public string this[string name]
    {
        get
        {
            foreach (var h in Headers)
            {
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            }
            return "";
        }
    }

    public IEnumerable<string> All(string name)
    {
        foreach (var h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) yield return h.Value;
        }
    }

    public bool Has(string name) => this[name].Length > 0;

    public string CallId => this["Call-ID"];

    public long CSeqNumber => long.Parse(this["CSeq"].Split(' ')[0]);

    public string CSeqMethod
    {
        get
        {
            string[] p = this["CSeq"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return p.Length > 1 ? p[1] : "";
        }
    }

    /// <summary>The top Via's branch.</summary>
    public string Branch => Param(this["Via"], "branch");

    public string FromTag => Param(this["From"], "tag");

    public string ToTag => Param(this["To"], "tag");

    /// <summary>The URI inside &lt;&gt; of a name-addr (or the value up to ';').</summary>
    public static string UriOf(string nameAddr)
    {
        int lt = nameAddr.IndexOf('<');
        if (lt >= 0)
        {
            int gt = nameAddr.IndexOf('>', lt);
            return nameAddr.Substring(lt + 1, gt - lt - 1);
        }
        int semi = nameAddr.IndexOf(';');
        return semi < 0 ? nameAddr : nameAddr.Substring(0, semi);
    }

    /// <summary>A ;name=value parameter after the URI part (outside &lt;&gt;), "" if absent.</summary>
    public static string Param(string value, string name)
    {
        int start = value.IndexOf('>');
        start = start < 0 ? 0 : start;
        string key = ";" + name + "=";
        int p = value.IndexOf(key, start, StringComparison.OrdinalIgnoreCase);
        if (p < 0) return "";
        p += key.Length;
        int e = p;
        while (e < value.Length && value[e] != ';' && value[e] != ',' && value[e] != ' ') e++;
        return value.Substring(p, e - p);
    }

    /// <summary>
    /// A response to request (RFC 3261 §8.2.6): every Via, From, To (with toTag added when the To
    /// has none), Call-ID and CSeq copied, then extra header lines and an optional SDP body.
    /// </summary>
    public static string Respond(SipText request, int code, string reason, string? toTag, string body = "", params string[] extra)
    {
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        foreach (string v in request.All("Via")) sb.Append("Via: ").Append(v).Append("\r\n");
        sb.Append("From: ").Append(request["From"]).Append("\r\n");
        string to = request["To"];
        if (toTag != null && Param(to, "tag").Length == 0) to += ";tag=" + toTag;
        sb.Append("To: ").Append(to).Append("\r\n");
        sb.Append("Call-ID: ").Append(request.CallId).Append("\r\n");
        sb.Append("CSeq: ").Append(request["CSeq"]).Append("\r\n");
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        if (body.Length > 0) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n").Append(body);
        return sb.ToString();
    }

    public static string Sdp(string user, string host, int port) =>
        "v=0\r\no=" + user + " 1 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\nm=audio " + port + " RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
}
