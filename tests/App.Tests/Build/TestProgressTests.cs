using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.App.Tests.Build;

/// <summary>
/// <c>./nanophone test</c> shows progress while the tests run (the interop and demo tests take
/// minutes) and ends with one line over every test assembly, <c>tests: N passed, N failed</c>.
/// tests/run-all.sh asks dotnet test for a result line per test and pipes it through
/// tests/test-progress.sh, which shows the tests that took a second or more as they end.
/// Scenarios:
/// 1. run-all.sh runs the tests through the filter with the per-test console logger.
/// 2. A transcript of two assemblies: slow passes, failures (with their messages) and skips are
///    shown, quick passes are not, the closing line adds up both summaries.
/// 3. A real dotnet test run through the filter: nothing but quick passes is lost and the closing
///    line agrees with dotnet test's own summary.
/// </summary>
public class TestProgressTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public void Run_all_runs_every_test_through_the_progress_filter_with_a_line_per_test()
    {
        string script = File.ReadAllText(RepoPaths.Of("tests/run-all.sh"));
        Assert.Matches(@"dotnet test nanophone\.slnx [^\n]*--logger ""console;verbosity=normal"" ""\$@"" 2>&1 \\\n\s+\| ""\$root/tests/test-progress\.sh""", script);
    }

    [Fact]
    public void Slow_tests_failures_and_skips_are_shown_as_they_end_and_the_last_line_adds_up_every_assembly()
    {
        string transcript = string.Join("\n",
            "Test run for /repo/tests/Interop.Tests/bin/Debug/net10.0/Interop.Tests.dll (.NETCoreApp,Version=v10.0)",
            "[xUnit.net 00:00:01.00]   Starting:    Interop.Tests",
            "  Passed NanoPhone.Interop.Tests.Registration.RegistrationInteropTests.Registers_at_Kamailio [12 s]",
            "  Passed NanoPhone.Interop.Tests.Calls.IncomingCallInteropTests.Forked_call_rings [1 m 4 s]",
            "  Passed NanoPhone.Interop.Tests.Support.Quick [250 ms]",
            "  Failed NanoPhone.Interop.Tests.Calls.OutgoingCallInteropTests.Follows_a_302 [3 s]",
            "  Error Message:",
            "   no ACK within 2 s",
            "  Skipped NanoPhone.Interop.Tests.Calls.Later [< 1 ms]",
            "Test Run Failed.",
            "Total tests: 5",
            "     Passed: 3",
            "     Failed: 1",
            "    Skipped: 1",
            " Total time: 1.2 Minutes",
            "  Passed NanoPhone.Sip.Tests.Message.SipParserTests.Parses [< 1 ms]",
            "  Passed NanoPhone.Sip.Tests.Load.EnduranceTests.Ten_thousand_calls [41 s]",
            "Test Run Successful.",
            "Total tests: 2",
            "     Passed: 2",
            " Total time: 45 Seconds");

        string[] shown = Filter(transcript);

        Assert.Equal(new[]
        {
            "Test run for /repo/tests/Interop.Tests/bin/Debug/net10.0/Interop.Tests.dll (.NETCoreApp,Version=v10.0)",
            "[xUnit.net 00:00:01.00]   Starting:    Interop.Tests",
            "  Passed NanoPhone.Interop.Tests.Registration.RegistrationInteropTests.Registers_at_Kamailio [12 s]",
            "  Passed NanoPhone.Interop.Tests.Calls.IncomingCallInteropTests.Forked_call_rings [1 m 4 s]",
            "  Failed NanoPhone.Interop.Tests.Calls.OutgoingCallInteropTests.Follows_a_302 [3 s]",
            "  Error Message:",
            "   no ACK within 2 s",
            "  Skipped NanoPhone.Interop.Tests.Calls.Later [< 1 ms]",
            "Test Run Failed.",
            "Total tests: 5",
            "     Passed: 3",
            "     Failed: 1",
            "    Skipped: 1",
            " Total time: 1.2 Minutes",
            "  Passed NanoPhone.Sip.Tests.Load.EnduranceTests.Ten_thousand_calls [41 s]",
            "Test Run Successful.",
            "Total tests: 2",
            "     Passed: 2",
            " Total time: 45 Seconds",
            "tests: 5 passed, 1 failed",
        }, shown);
    }

    [Fact]
    public void A_real_dotnet_test_run_keeps_all_but_quick_passes_and_the_closing_line_agrees_with_its_summary()
    {
        string assembly = typeof(TestProgressTests).Assembly.Location;
        string raw = Run("dotnet", null, "test", assembly, "--nologo", "--logger", "console;verbosity=normal",
            "--filter", "FullyQualifiedName~NanoPhone.App.Tests.Console.PrintableTextTests");
        string[] rawLines = Lines(raw);
        int passed = int.Parse(Regex.Match(raw, @"(?m)^ +Passed: +(\d+) *$").Groups[1].Value);
        Assert.True(passed >= 3, raw);
        Assert.Equal(passed, rawLines.Count(l => l.StartsWith("  Passed NanoPhone.")));

        string[] shown = Filter(raw);

        Assert.Equal("tests: " + passed + " passed, 0 failed", shown[^1]);
        Assert.Equal(rawLines.Where(l => l.Length > 0 && !Regex.IsMatch(l, @"^  Passed .* ms\]$")), shown[..^1].Where(l => l.Length > 0));
    }

    private static string[] Filter(string transcript) =>
        Lines(Run("bash", transcript + "\n", RepoPaths.Of("tests/test-progress.sh")));

    private static string[] Lines(string text) => text.Replace("\r", "").TrimEnd('\n').Split('\n');

    private static string Run(string program, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(Bound))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail(program + " did not finish within " + Bound.TotalSeconds + " s");
        }
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, program + " exit " + p.ExitCode + "\n" + stdout.Result + stderr.Result);
        return stdout.Result + stderr.Result;
    }
}
