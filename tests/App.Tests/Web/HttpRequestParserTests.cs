using System.Text;
using NanoPhone.App.Web;
using Xunit;

namespace NanoPhone.App.Tests.Web;

/// <summary>
/// The request parser against RFC 9112 (HTTP/1.1 message syntax), and its bounds:
/// §3 request line: method SP request-target SP HTTP-version; origin-form only (§3.2.1);
/// §3.2 a Host field exactly once in HTTP/1.1; §5.1 no whitespace between name and colon;
/// §5.2 obs-fold refused; §6.3 Content-Length frames the body, conflicting values are an error;
/// §2.2 a bare LF ends a line too. Bounds: head 2048, target 512, 32 fields, body 2048.
/// </summary>
public class HttpRequestParserTests
{
    private static HttpRequest Parse(string text, out HttpParseStatus status)
    {
        byte[] b = Encoding.UTF8.GetBytes(text);
        var r = new HttpRequest();
        status = new HttpRequestParser().Parse(b, 0, b.Length, r);
        return r;
    }

    [Fact]
    public void A_browser_GET_with_its_fields()
    {
        var r = Parse("GET /settings?group=sip HTTP/1.1\r\nHost: 192.0.2.4:8080\r\nUser-Agent: Mozilla/5.0\r\nCookie: a=1; np_session=x\r\n\r\n", out var st);
        Assert.Equal(HttpParseStatus.Complete, st);
        Assert.Equal(HttpMethod.Get, r.Method);
        Assert.True(r.PathIs("/settings"));
        Assert.Equal("group=sip", Encoding.ASCII.GetString(r.Buffer, r.QueryOffset, r.QueryLength));
        Assert.Equal("192.0.2.4:8080", Encoding.ASCII.GetString(r.Buffer, r.HostOffset, r.HostLength));
        Assert.Equal("a=1; np_session=x", Encoding.ASCII.GetString(r.Buffer, r.CookieOffset, r.CookieLength));
        Assert.Equal(0, r.BodyLength);
    }

    [Fact]
    public void A_form_POST_is_complete_only_with_its_whole_body()
    {
        string head = "POST /login HTTP/1.1\r\nHost: p\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 18\r\n\r\n";
        Parse(head + "password=let", out var partial);
        Assert.Equal(HttpParseStatus.Incomplete, partial);
        var r = Parse(head + "password=letmein99", out var st);
        Assert.Equal(HttpParseStatus.Complete, st);
        Assert.True(r.IsForm);
        Assert.Equal("password=letmein99", Encoding.ASCII.GetString(r.Buffer, r.BodyOffset, r.BodyLength));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: p\r\n", HttpParseStatus.Incomplete, 0)]
    [InlineData("GET / HTTP/1.1\nHost: p\n\n", HttpParseStatus.Complete, 0)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", HttpParseStatus.Complete, 0)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  folded\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET http://p/ HTTP/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 505)]
    [InlineData("GET / HTTX/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("PUT / HTTP/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 501)]
    [InlineData("POST / HTTP/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 411)]
    [InlineData("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", HttpParseStatus.Error, 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: -1\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 2049\r\n\r\n", HttpParseStatus.Error, 413)]
    [InlineData("POST / HTTP/1.1\r\nHost: p\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", HttpParseStatus.Error, 501)]
    [InlineData("GET / HTTP/1.1\r\nHost: p\r\nX: a\u0001b\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("GET /a#b HTTP/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("\r\n\r\n", HttpParseStatus.Error, 400)]
    [InlineData("G\u00c9T / HTTP/1.1\r\nHost: p\r\n\r\n", HttpParseStatus.Error, 400)]
    public void Verdicts(string text, HttpParseStatus status, int code)
    {
        var r = Parse(text, out var st);
        Assert.Equal(status, st);
        Assert.Equal(code, r.ErrorStatus);
        if (st == HttpParseStatus.Error) Assert.False(string.IsNullOrEmpty(r.Reason));
    }

    [Fact]
    public void Bounds_turn_into_414_431_and_a_bad_line_is_refused_before_the_head_ends()
    {
        Parse("GET /" + new string('a', 600) + " HTTP/1.1\r\nHost: p\r\n\r\n", out _);
        Assert.Equal(414, Parse("GET /" + new string('a', 600) + " HTTP/1.1\r\nHost: p\r\n\r\n", out _).ErrorStatus);
        Assert.Equal(414, Parse("GET /" + new string('a', 600), out _).ErrorStatus);
        Assert.Equal(431, Parse("GET / HTTP/1.1\r\nHost: p\r\nX: " + new string('x', 2100), out _).ErrorStatus);
        var many = new StringBuilder("GET / HTTP/1.1\r\nHost: p\r\n");
        for (int i = 0; i < 40; i++) many.Append("X-" + i + ": 1\r\n");
        Assert.Equal(431, Parse(many + "\r\n", out _).ErrorStatus);
        // A slow client sending garbage is refused at its first line, not kept waiting for.
        Assert.Equal(HttpParseStatus.Error, Parse("HELLO THERE\r\nmore", out _).Status);
    }

    [Theory]
    [InlineData("a=1&b=x+y&c=%41%c3%a9", "b", "x y")]
    [InlineData("a=1&b=x+y&c=%41%c3%a9", "c", "A\u00e9")]
    [InlineData("a&b=", "b", "")]
    [InlineData("a&b=", "a", "")]
    [InlineData("a=%4", "a", null)]
    [InlineData("a=%zz", "a", null)]
    public void Form_values(string body, string name, string? value)
    {
        byte[] b = Encoding.UTF8.GetBytes(body);
        var f = new FormReader();
        f.Read(b, 0, b.Length);
        Assert.Equal(value, f.Value(name));
    }
}
