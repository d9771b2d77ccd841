using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Provisioning;
using NanoPhone.App.Web;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.App.Tests.Web;

/// <summary>
/// Provisioning: the GET the phone sends (Host, {mac} replaced, If-None-Match / If-Modified-Since
/// after a file was taken) and what it does with the answer: a 200 text file applied through the
/// configuration file's validation (bad lines reported and skipped, the rest applied and saved), a
/// 304 changes nothing, and nothing is applied from an error, a truncated or a binary answer.
/// </summary>
public class ProvisioningClientTests
{
    private readonly PhoneConfig _config = new();
    private readonly MemoryConfigStorage _storage = new();
    private readonly ProvisioningClient _client;
    private readonly HttpUrl _target = new();

    public ProvisioningClientTests()
    {
        _client = new ProvisioningClient(_config, new ConfigStore(_storage), new ManualClock(5000)) { Mac = "24a160c0ffee" };
        Assert.True(_config.TrySet(ConfigKeys.ProvisionUrl, "http://cfg.example.com:8080/phones/{mac}.cfg", out _));
    }

    private string Request() => Encoding.ASCII.GetString(_client.BuildRequest(_target, out string? error)!);

    private string Answer(string response, bool closed = true)
    {
        byte[] b = Encoding.UTF8.GetBytes(response);
        return _client.Received(_client.Url!, b, b.Length, closed);
    }

    [Fact]
    public void The_request_names_the_file_of_this_phone()
    {
        Assert.Equal("GET /phones/24a160c0ffee.cfg HTTP/1.1\r\nHost: cfg.example.com:8080\r\nUser-Agent: NanoPhone/0.1\r\n"
            + "Accept: text/plain, */*\r\nConnection: close\r\n\r\n", Request());
        Assert.Equal("cfg.example.com", _target.Host);
        Assert.Equal(8080, _target.Port);
    }

    [Fact]
    public void A_file_is_applied_line_by_line_bad_lines_skipped_and_saved_and_the_next_request_is_conditional()
    {
        Request();
        const string File = "forward.noanswer.seconds=33\nnot a setting\nsip.port=99999\ndnd=on\n";
        string line = Answer("HTTP/1.1 200 OK\r\nETag: \"5f1-2a\"\r\nLast-Modified: Sun, 06 Dec 2026 14:00:00 GMT\r\nContent-Length: "
            + File.Length + "\r\n\r\n" + File);
        Assert.Equal("PROVISIONED 2 changed, 0 unchanged, 2 lines skipped from http://cfg.example.com:8080/phones/24a160c0ffee.cfg", line);
        Assert.Equal(33, _config.GetInt(ConfigKeys.ForwardNoAnswerSeconds));
        Assert.True(_config.GetBool(ConfigKeys.Dnd));
        Assert.Equal(5060, _config.GetInt(ConfigKeys.SipPort));
        Assert.Equal("line 2: not key=value; ignored", _client.LastReport!.Warning(0));
        Assert.Equal("line 3: sip.port: must be a whole number from 1 to 65535; ignored", _client.LastReport.Warning(1));
        Assert.Contains("forward.noanswer.seconds=33", Encoding.UTF8.GetString(_storage.ReadAll("nanophone.cfg")!));
        string again = Request();
        Assert.Contains("\r\nIf-None-Match: \"5f1-2a\"\r\n", again);
        Assert.Contains("\r\nIf-Modified-Since: Sun, 06 Dec 2026 14:00:00 GMT\r\n", again);
        Assert.Equal("PROVISIONING unchanged http://cfg.example.com:8080/phones/24a160c0ffee.cfg (304 Not Modified)",
            Answer("HTTP/1.1 304 Not Modified\r\nETag: \"5f1-2a\"\r\n\r\n"));
        Assert.StartsWith("unchanged at", _client.Outcome);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", "the server answered 404 Not Found")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ndnd=on\n", "the body ended after 7 of 100 bytes")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\ndnd=on\n\0\0\0\0", "not a text file (NUL bytes)")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\ndnd=on\n\u00ff", "")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.x response")]
    [InlineData("", "the server closed the connection without an answer")]
    public void Nothing_is_applied_from_a_failed_or_broken_answer(string response, string why)
    {
        Request();
        byte[] b = Encoding.UTF8.GetBytes(response);
        if (response.EndsWith("\u00ff")) b[^2] = 0xFF;          // invalid UTF-8
        string line = _client.Received(_client.Url!, b, b.Length, closed: true);
        Assert.StartsWith("PROVISIONING failed http://cfg.example.com:8080/phones/24a160c0ffee.cfg: ", line);
        Assert.Contains(why.Length > 0 ? why : "not a text file (invalid UTF-8)", line);
        Assert.EndsWith("; nothing applied", line);
        Assert.False(_config.GetBool(ConfigKeys.Dnd));
        Assert.Null(_storage.ReadAll("nanophone.cfg"));
    }

    [Fact]
    public void A_chunked_answer_is_put_together()
    {
        Request();
        Answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ndnd=\r\n3;x=y\r\non\n\r\n0\r\n\r\n");
        Assert.True(_config.GetBool(ConfigKeys.Dnd));
    }

    [Fact]
    public void Provisioning_is_off_without_provision_url()
    {
        _config.Unset(ConfigKeys.ProvisionUrl);
        Assert.Null(_client.BuildRequest(_target, out string? error));
        Assert.Null(error);
        Assert.Null(_client.Outcome);
    }
}
