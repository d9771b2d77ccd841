using System;
using System.Collections.Generic;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Web;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Tests.Web;

/// <summary>A WebApp with a manual clock, settings in memory and a browser's side: requests as text, answers parsed.</summary>
public sealed class WebRig
{
    public const string Password = "letmein99";
    public readonly ManualClock Clock = new(1_000);
    public readonly PhoneConfig Config = new();
    public readonly MemoryConfigStorage Storage = new();
    public readonly ConfigStore Store;
    public readonly WebApp App;
    public readonly Actions Phone = new();
    private readonly SipWriter _w = new(1024);

    public WebRig(bool password = true)
    {
        Store = new ConfigStore(Storage);
        if (password) Assert(Config.TrySet(ConfigKeys.WebPassword, Password, out _));
        Assert(Store.Save(Config, out _));
        App = new WebApp(Config, Store, Clock, new CountingRandom()) { Actions = Phone, Firmware = "NanoPhone test" };
    }

    private static void Assert(bool ok) { if (!ok) throw new InvalidOperationException("rig setup failed"); }

    /// <summary>Bytes counting up: distinct, predictable session ids and tokens.</summary>
    public sealed class CountingRandom : ISecretRandom
    {
        private byte _next = 1;
        public void Fill(byte[] buffer, int offset, int count) { for (int i = 0; i < count; i++) buffer[offset + i] = _next++; }
    }

    public sealed class Actions : IPhoneActions
    {
        public int Reboots;
        public void SetSipLog(bool on) { }
        public void Register() { }
        public void Reboot() => Reboots++;
    }

    public string? Cookie { get; private set; }
    public bool Encrypted { get; set; }

    /// <summary>Sends raw request text; returns the answer.</summary>
    public Answer Raw(string request)
    {
        byte[] b = Encoding.UTF8.GetBytes(request);
        LastRestart = App.Handle(b, 0, b.Length, Encrypted, _w);
        return new Answer(Encoding.UTF8.GetString(_w.Buffer, 0, _w.Length), _w.Length);
    }

    public bool LastRestart { get; private set; }

    public Answer Get(string path) => Raw("GET " + path + " HTTP/1.1\r\nHost: phone.test\r\n" + CookieLine() + "\r\n");

    public Answer Post(string path, string body, string? origin = "http://phone.test") =>
        Raw("POST " + path + " HTTP/1.1\r\nHost: phone.test\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "Content-Type: application/x-www-form-urlencoded\r\n" + CookieLine()
            + "Content-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body);

    private string CookieLine() => Cookie == null ? "" : "Cookie: " + WebSessions.CookieName + "=" + Cookie + "\r\n";

    /// <summary>Logs in and keeps the cookie.</summary>
    public Answer LogIn(string password = Password)
    {
        Answer a = Post("/login", "password=" + Uri.EscapeDataString(password));
        string? set = a.Header("Set-Cookie");
        if (a.Status == 303 && set != null) Cookie = set.Substring(set.IndexOf('=') + 1, 32);
        return a;
    }

    /// <summary>The CSRF token of a page's form.</summary>
    public static string Csrf(Answer page)
    {
        int at = page.Body.IndexOf("name=\"csrf\" value=\"", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("no csrf field on the page:\n" + page.Body);
        return page.Body.Substring(at + 19, 32);
    }

    public sealed class Answer
    {
        public readonly string Text;
        public readonly int Status;
        public readonly string Head;
        public readonly string Body;
        public readonly int Length;

        public Answer(string text, int length)
        {
            Text = text;
            Length = length;
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Head = text.Substring(0, end);
            Body = text.Substring(end + 4);
            Status = int.Parse(text.Substring(9, 3));
        }

        public string? Header(string name)
        {
            foreach (string line in Head.Split("\r\n"))
            {
                if (line.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase)) return line.Substring(name.Length + 2);
            }
            return null;
        }

        public override string ToString() => Text;
    }
}
