using System;
using System.IO;
using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>Bad input never throws out of the codec: every prefix of every test message, and noise.</summary>
public class ParserRobustnessTests
{
    public static TheoryData<string> AllMessages()
    {
        var data = new TheoryData<string>();
        foreach (string dir in new[] { "rfc4475", "rfc5118", "seed" })
            foreach (string f in Directory.GetFiles(Path.Combine(TestData.Dir, dir)))
                if (!f.EndsWith(".md")) data.Add(dir + "/" + Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Every_prefix_parses_to_a_status_without_throwing(string file)
    {
        byte[] original = TestData.Read(file);
        var parser = new SipParser();
        var m = new SipMessage();
        var w = new SipWriter(64);
        for (int len = 0; len <= original.Length; len++)
        {
            byte[] copy = (byte[])original.Clone();
            var status = parser.Parse(copy, 0, len, m);
            if (status != ParseStatus.Ok && status != ParseStatus.KeepAlive) Assert.False(string.IsNullOrEmpty(m.Error), file + " at " + len);
            int code = RequestCheck.Answer(m, out string? reason);
            if (code > 0) ResponseBuilder.RejectStatelessly(w, m, code, reason!, null!, 0, 0);
        }
    }

    [Fact]
    public void Random_bytes_and_mutations_never_throw()
    {
        var rng = new Random(4475);
        var parser = new SipParser();
        var m = new SipMessage();
        var w = new SipWriter(64);
        var seeds = AllMessages();
        var files = new System.Collections.Generic.List<byte[]>();
        foreach (string row in seeds) files.Add(TestData.Read(row));
        for (int i = 0; i < 20000; i++)
        {
            byte[] b = (byte[])files[rng.Next(files.Count)].Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++)
            {
                int pos = rng.Next(b.Length);
                b[pos] = (byte)(rng.Next(4) switch { 0 => ':', 1 => ';', 2 => '\n', _ => rng.Next(256) });
            }
            parser.Parse(b, 0, b.Length, m);
            int code = RequestCheck.Answer(m, out string? reason);
            if (code > 0) ResponseBuilder.RejectStatelessly(w, m, code, reason!, null!, 0, 0);
        }
    }

    [Fact]
    public void Only_CRLFs_is_a_keep_alive_not_an_error()
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes("\r\n\r\n");
        var m = new SipMessage();
        Assert.Equal(ParseStatus.KeepAlive, new SipParser().Parse(b, 0, b.Length, m));
        Assert.Equal(-1, RequestCheck.Answer(m, out _));
    }

    [Fact]
    public void A_malformed_request_gets_a_400_whose_reason_names_the_problem()
    {
        byte[] b = TestData.Read("rfc4475/insuf.dat");
        var m = new SipMessage();
        new SipParser().Parse(b, 0, b.Length, m);
        Assert.Equal(400, RequestCheck.Answer(m, out string? reason));
        Assert.Contains("missing", reason);
        // insuf has no Call-ID, From or To: there is nothing to build a response from.
        Assert.False(ResponseBuilder.RejectStatelessly(new SipWriter(64), m, 400, reason!, null!, 0, 0));
    }

    [Fact]
    public void A_420_lists_the_unsupported_extensions()
    {
        byte[] b = TestData.Read("rfc4475/bext01.dat");
        var m = new SipMessage();
        new SipParser().Parse(b, 0, b.Length, m);
        int code = RequestCheck.Answer(m, out string? reason);
        var w = new SipWriter(64);
        byte[] tag = { (byte)'x' };
        Assert.True(ResponseBuilder.RejectStatelessly(w, m, code, reason!, tag, 0, 1));
        string text = TestData.Ascii(w.Buffer, 0, w.Length);
        Assert.StartsWith("SIP/2.0 420 Bad Extension\r\n", text);
        Assert.Contains("\r\nUnsupported: nothingSupportsThis, nothingSupportsThisEither\r\n", text);
        Assert.DoesNotContain("noProxiesSupportThis", text);
    }

    [Fact]
    public void A_501_and_a_405_carry_Allow()
    {
        foreach (var (file, code) in new[] { ("rfc4475/mismatch02.dat", 501), ("rfc4475/regaut01.dat", 405) })
        {
            byte[] b = TestData.Read(file);
            var m = new SipMessage();
            new SipParser().Parse(b, 0, b.Length, m);
            Assert.Equal(code, RequestCheck.Answer(m, out string? reason));
            var w = new SipWriter(64);
            Assert.True(ResponseBuilder.RejectStatelessly(w, m, code, reason!, new byte[] { (byte)'t' }, 0, 1));
            Assert.Contains("\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, INFO\r\n", TestData.Ascii(w.Buffer, 0, w.Length));
        }
    }

    [Fact]
    public void Compact_forms_and_any_case_name_the_same_headers()
    {
        string msg = "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:x@y>;tag=1\r\nT: sip:a@b\r\n"
            + "I: c1\r\ncSeQ: 1 OPTIONS\r\nm: <sip:x@h>\r\nk: timer\r\nL: 0\r\n\r\n";
        byte[] b = System.Text.Encoding.ASCII.GetBytes(msg);
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(b, 0, b.Length, m));
        Assert.Equal("c1", m.CallIdText);
        Assert.Equal(1, m.Count(HeaderId.Contact));
        Assert.Equal(1, m.Count(HeaderId.Supported));
        Assert.Equal(0, m.ContentLength);
    }
}
