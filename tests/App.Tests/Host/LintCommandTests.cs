using System.IO;
using System.Linq;
using NanoPhone.Host;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.App.Tests.Host;

/// <summary>
/// `nanophone lint` (firmware/Host/LintCommand.cs) says what the phone does: it plays the file to the
/// phone's own receive path (a UserAgent with the configuration's defaults, a recording transport,
/// a manual clock) and prints exactly what that phone sends, or "drops it"; INVALID whenever the
/// phone refuses the message itself (RFC 4475 mismatch01 → 400, mismatch02 → 501, badvers → 505),
/// and the exit status follows: 0 none INVALID, 1 any, 2 a usage error.
/// </summary>
public class LintCommandTests
{
    private static string Data(string relative) => RepoPaths.Of("tests/data/" + relative);

    private static (int Status, string[] Lines, string Err) Lint(params string[] files)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int status = LintCommand.Run(files, stdout, stderr);
        return (status, stdout.ToString().Split('\n')[..^1], stderr.ToString());
    }

    [Fact]
    public void Mismatch01_is_INVALID_and_shows_the_400_the_phone_sends()
    {
        // RFC 4475 §3.1.2.17: "Any element receiving this request will respond with a 400 Bad Request."
        var (status, lines, _) = Lint(Data("rfc4475/mismatch01.dat"));
        Assert.Equal(1, status);
        Assert.Equal("INVALID OPTIONS sip:user@example.com (Call-ID mismatch01.dj0234sxdfl3, CSeq 8 INVITE, 1 Via)"
            + " — phone sends 400 CSeq method does not match the Request-Line", lines[0]);
        Assert.Equal(new[]
        {
            "    SIP/2.0 400 CSeq method does not match the Request-Line",
            "    Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw;received=192.0.2.1",
            "    From: sip:caller@example.net;tag=34525",
            "    To: sip:j.user@example.com;tag=0602d01e",
            "    Call-ID: mismatch01.dj0234sxdfl3",
            "    CSeq: 8 INVITE",
            "    Content-Length: 0",
            "",
        }, lines[1..]);
    }

    [Fact]
    public void Mismatch02_is_INVALID_with_the_501_and_its_Allow()
    {
        // RFC 4475 §3.1.2.18: "should respond with a 501 Not Implemented".
        var (status, lines, _) = Lint(Data("rfc4475/mismatch02.dat"));
        Assert.Equal(1, status);
        Assert.StartsWith("INVALID NEWMETHOD sip:user@example.com ", lines[0]);
        Assert.EndsWith(" — phone sends 501 Not Implemented", lines[0]);
        Assert.Contains("    Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, INFO", lines);
    }

    [Fact]
    public void Badvers_shows_the_505_the_running_phone_really_sends()
    {
        var (status, lines, _) = Lint(Data("rfc4475/badvers.dat"));
        Assert.Equal(1, status);
        Assert.Equal("INVALID SIP version not supported — phone sends 505 Version Not Supported", lines[0]);
        Assert.Equal("    SIP/2.0 505 Version Not Supported", lines[1]);
        Assert.Contains("    Call-ID: badvers.31417@c.example.com", lines);
    }

    [Fact]
    public void A_request_the_phone_cannot_answer_says_drops_it_and_quotes_nothing()
    {
        // RFC 4475 §3.3.1 insuf: no From, To or Call-ID to build a response from.
        var (status, lines, _) = Lint(Data("rfc4475/insuf.dat"));
        Assert.Equal(1, status);
        Assert.Equal(new[] { "INVALID missing From header — phone drops it" }, lines);
    }

    [Fact]
    public void An_INVITE_the_phone_takes_is_OK_with_its_100_and_180_and_rings()
    {
        var (status, lines, _) = Lint(Data("seed/alice-invite.sip"));
        Assert.Equal(0, status);
        Assert.StartsWith("OK INVITE sip:bob@example.com (Call-ID 84@alice.example.com, CSeq 1 INVITE, 1 Via, body 126 bytes)", lines[0]);
        Assert.EndsWith(" — phone sends 100 Trying, 180 Ringing, and rings", lines[0]);
        Assert.Equal(new[] { "    SIP/2.0 100 Trying", "    SIP/2.0 180 Ringing" }, lines.Where(l => l.StartsWith("    SIP/2.0 ")));
        Assert.Contains("    Contact: <sip:bob@192.0.2.2:5060>", lines);
    }

    [Fact]
    public void An_INVITE_with_an_EST_Date_is_OK_since_the_phone_ignores_Date()
    {
        var (status, lines, _) = Lint(Data("rfc4475/baddate.dat"));
        Assert.Equal(0, status);
        Assert.EndsWith(" — phone sends 100 Trying, 180 Ringing, and rings", lines[0]);
    }

    [Fact]
    public void A_refusal_that_is_the_phone_s_state_not_the_message_s_is_OK()
    {
        // wsinv carries a To tag: an in-dialog request, and a fresh phone has no such dialog.
        var (status, lines, _) = Lint(Data("rfc4475/wsinv.dat"));
        Assert.Equal(0, status);
        Assert.EndsWith(" — phone sends 481 Call/Transaction Does Not Exist", lines[0]);
    }

    [Fact]
    public void A_response_is_dropped_unless_it_answers_a_request_of_the_phone_s_own()
    {
        var (status, lines, _) = Lint(Data("seed/bob-180-ringing.sip"), Data("rfc4475/bcast.dat"), Data("rfc4475/bigcode.dat"));
        Assert.Equal(1, status);
        Assert.EndsWith("bob-180-ringing.sip: OK 180 Ringing (Call-ID 84@alice.example.com, CSeq 1 INVITE, 1 Via)"
            + " — phone drops it unless it answers a request of the phone's own", lines[0]);
        Assert.EndsWith(" — phone drops it (more than one Via: meant for someone else, RFC 3261 §8.1.3.3)", lines[1]);
        Assert.EndsWith("bigcode.dat: INVALID status code out of range — phone drops it", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Bytes_that_are_not_printable_ASCII_are_shown_escaped()
    {
        // intmeth's To display name holds BEL, NUL and DEL (quoted pairs); the 501 copies the To.
        var (_, lines, _) = Lint(Data("rfc4475/intmeth.dat"));
        string to = lines.Single(l => l.StartsWith("    To: "));
        Assert.StartsWith("    To: \"BEL:\\\\\\x07 NUL:\\\\\\x00 DEL:\\\\\\x7f\" <sip:", to);
        Assert.All(lines, l => Assert.DoesNotContain(l, c => c < ' ' || c == (char)127));
    }

    [Fact]
    public void Exit_status_is_0_when_every_file_is_OK_1_when_any_is_INVALID_and_2_for_a_missing_file()
    {
        Assert.Equal(0, Lint(Data("seed/alice-invite.sip"), Data("rfc4475/zeromf.dat")).Status);
        Assert.Equal(1, Lint(Data("seed/alice-invite.sip"), Data("rfc4475/mismatch01.dat")).Status);
        var (status, lines, err) = Lint(Data("seed/alice-invite.sip"), Data("no-such-file.sip"));
        Assert.Equal(2, status);
        Assert.StartsWith("nanophone lint: cannot read ", err);
        Assert.Equal(2, Lint().Status);
    }

    [Fact]
    public void Every_torture_message_gets_a_verdict_and_INVALID_goes_with_a_refusal_or_a_drop()
    {
        foreach (string file in Directory.GetFiles(Data("rfc4475"), "*.dat").Concat(Directory.GetFiles(Data("rfc5118"), "*.dat")))
        {
            string report = LintCommand.Check(File.ReadAllBytes(file), out bool valid);
            string first = report.Split('\n')[0];
            Assert.True(first.StartsWith(valid ? "OK " : "INVALID "), file + ": " + first);
            if (!valid)
                Assert.True(first.Contains("— phone drops it") || System.Text.RegularExpressions.Regex.IsMatch(first, "— phone sends (100 Trying, )?[45]\\d\\d "), file + ": " + first);
        }
    }

    [Fact]
    public void The_README_example_is_what_lint_prints()
    {
        string[] readme = File.ReadAllLines(RepoPaths.Of("README.md"));
        int start = System.Array.IndexOf(readme, "$ ./nanophone lint tests/data/rfc4475/badvers.dat");
        Assert.True(start > 0, "README.md has no lint example for badvers.dat");
        int end = System.Array.IndexOf(readme, "```", start);
        var (_, lines, _) = Lint(Data("rfc4475/badvers.dat"));
        Assert.Equal(readme[(start + 1)..end], lines);
    }

    [Fact]
    public void A_keep_alive_is_OK_and_ignored()
    {
        Assert.Equal("OK keep-alive (CRLF only) — phone ignores it\n", LintCommand.Check("\r\n\r\n"u8.ToArray(), out bool valid));
        Assert.True(valid);
    }
}
