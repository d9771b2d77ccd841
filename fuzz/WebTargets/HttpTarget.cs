#nullable disable
using System.Collections.Generic;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Web;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Fuzz;

/// <summary>
/// One HTTP request, as the phone's web server hands it to the loop: HttpRequestParser.Parse, then
/// WebApp.Handle with web.password set and a logged-in session (the session cookie and CSRF token
/// are 32 zeros, so seeds reach the settings, calls and restart pages and their forms). Invariants:
/// the parser's verdict and views do not depend on the buffer's offset, nothing is read or written
/// outside the request, a complete request's body lies inside it; the answer is a well-formed
/// HTTP/1.1 response (status line, fields, empty line) whose Content-Length is its body's length,
/// never a 500 (WebApp turns an exception into 500: here it is a finding).
/// </summary>
public sealed class HttpTarget : FuzzTarget
{
    public const string Session = "00000000000000000000000000000000";
    private readonly HttpRequestParser _parser = new HttpRequestParser();
    private readonly HttpRequest _a = new HttpRequest();
    private readonly HttpRequest _b = new HttpRequest();
    private readonly SipWriter _w = new SipWriter(WriterCapacity);

    public override string Name { get { return "http"; } }

    public override string Description { get { return "one HTTP request: HttpRequestParser.Parse -> WebApp.Handle (logged in)"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>();
        string cookie = "Cookie: theme=dark; " + WebSessions.CookieName + "=" + Session + "\r\n";
        string[] requests =
        {
            "GET / HTTP/1.1\r\nHost: 192.0.2.4\r\nUser-Agent: Mozilla/5.0\r\nAccept: text/html\r\n" + cookie + "\r\n",
            "GET /settings?group=forward HTTP/1.1\r\nHost: 192.0.2.4:8080\r\n" + cookie + "\r\n",
            "GET /calls HTTP/1.0\r\n" + cookie + "\r\n",
            "HEAD /restart HTTP/1.1\r\nHost: phone\r\n" + cookie + "\r\n",
            "GET /login HTTP/1.1\r\nHost: phone\r\n\r\n",
            Post("/login", "password=wrong+one", ""),
            Post("/login", "password=letmein99", ""),
            Post("/settings", "csrf=" + Session + "&group=forward&forward.noanswer.seconds=30&forward.always.target=&forward.busy.target=sip%3Avm%40example.com", cookie),
            Post("/settings", "csrf=" + Session + "&group=forward&forward.noanswer.seconds=999", cookie),
            Post("/settings", "csrf=" + Session + "&group=sip&sip.password=n%C3%A9w&unset=sip.password&sip.server=192.0.2.10", cookie),
            Post("/settings", "csrf=" + Session + "&group=management&web.password=&provision.url=http%3A%2F%2Fcfg%2F%7Bmac%7D.cfg&log.syslog=%5B%3A%3A1%5D%3A514", cookie),
            Post("/settings", "csrf=bad&group=phone&dnd=on", cookie),
            Post("/restart", "csrf=" + Session, cookie),
            Post("/logout", "csrf=" + Session, cookie),
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n folded: x\r\n\r\n",
            "POST /settings HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
            "DELETE / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\nCookie: " + WebSessions.CookieName + "=" + Session + "\n\n",
            "POST /settings HTTP/1.1\r\nHost: a\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n\r\n",
        };
        for (int i = 0; i < requests.Length; i++) seeds.Add(new Seed("http-" + i + ".txt", Encoding.UTF8.GetBytes(requests[i])));
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    private static string Post(string path, string body, string cookie)
    {
        return "POST " + path + " HTTP/1.1\r\nHost: 192.0.2.4\r\nOrigin: http://192.0.2.4\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + cookie + "Content-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body;
    }

    private sealed class Zeros : ISecretRandom
    {
        public void Fill(byte[] buffer, int offset, int count) { System.Array.Clear(buffer, offset, count); }
    }

    public override void Run(byte[] data)
    {
        byte[] exact = (byte[])data.Clone();
        HttpParseStatus st = _parser.Parse(exact, 0, exact.Length, _a);
        Check(SameBytes(exact, 0, data, 0, data.Length), "the parser changed its input");
        byte[] guarded = Guarded(data);
        HttpParseStatus shifted = _parser.Parse(guarded, GuardLength, data.Length, _b);
        CheckGuards(guarded, data.Length, "HttpRequestParser.Parse");
        Check(st == shifted && _a.ErrorStatus == _b.ErrorStatus && _a.Reason == _b.Reason, "the verdict depends on the offset");
        if (st == HttpParseStatus.Complete)
        {
            Check(_a.PathOffset + GuardLength == _b.PathOffset && _a.PathLength == _b.PathLength
                && _a.BodyOffset + GuardLength == _b.BodyOffset && _a.BodyLength == _b.BodyLength
                && _a.CookieLength == _b.CookieLength && _a.HostLength == _b.HostLength, "the views depend on the offset");
            Check(_a.HeadLength <= HttpRequestParser.MaxHead && _a.BodyOffset + _a.BodyLength <= data.Length
                && _a.PathOffset + _a.PathLength <= _a.HeadLength && _a.BodyLength <= HttpRequestParser.MaxBody, "a view outside the request");
        }
        else if (st == HttpParseStatus.Error)
        {
            Check(_a.ErrorStatus >= 400 && _a.ErrorStatus < 600 && _a.Reason != null, "an error without a status or reason");
        }

        var clock = new ManualClock(1000);
        var config = new PhoneConfig();
        string ignored;
        config.TrySet(ConfigKeys.WebPassword, "letmein99", out ignored);
        var app = new WebApp(config, new ConfigStore(new MemoryConfigStorage()), clock, new Zeros());
        long wait;
        Check(app.Sessions.Login("letmein99", "letmein99", out wait) == 0, "the fuzz session could not log in");
        bool restart = app.Handle(guarded, GuardLength, data.Length, false, _w);
        CheckGuards(guarded, data.Length, "WebApp.Handle");
        CheckResponse(restart);
    }

    private void CheckResponse(bool restart)
    {
        byte[] b = _w.Buffer;
        int len = _w.Length;
        Check(len > 17 && Ascii("HTTP/1.1 ", b), "the answer does not start with HTTP/1.1");
        int status = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        Check(status >= 200 && status < 600 && b[12] == (byte)' ', "a malformed status line");
        Check(status != 500, "WebApp.Handle threw (it answered 500)");
        int headEnd = -1;
        for (int i = 0; i + 3 < len; i++)
        {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') { headEnd = i + 4; break; }
        }
        Check(headEnd > 0, "the answer's head does not end");
        string head = Encoding.ASCII.GetString(b, 0, headEnd);
        int cl = head.IndexOf("\r\nContent-Length:", System.StringComparison.Ordinal);
        Check(cl > 0, "an answer without Content-Length");
        int eol = head.IndexOf('\r', cl + 2);
        int length = int.Parse(head.Substring(cl + 17, eol - cl - 17).Trim());
        bool headOnly = _a.Status == HttpParseStatus.Complete && _a.Method == HttpMethod.Head;
        Check(headOnly ? len == headEnd : length == len - headEnd, "Content-Length is not the body's length");
        for (int i = 0; i < headEnd; i++) Check(b[i] >= 0x20 && b[i] < 0x7F || b[i] == '\r' || b[i] == '\n', "a control or non-ASCII byte in the answer's head");
        Check(!restart || status == 200, "a restart announced by an answer that is not 200");
    }

    private static bool Ascii(string s, byte[] b)
    {
        for (int i = 0; i < s.Length; i++) if (b[i] != s[i]) return false;
        return true;
    }
}
