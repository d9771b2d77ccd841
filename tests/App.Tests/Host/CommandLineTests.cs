using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.App.Tests.Host;

/// <summary>
/// <c>./nanophone</c>, the command line the README teaches, run as a person runs it.
/// Scenarios:
/// 1. <c>help</c> lists every command the README names, each with what it does.
/// 2. <c>bench --help</c> and <c>help bench</c> print the bench's usage and start no benchmark
///    (BenchmarkDotNet would take <c>--help</c> as a filter and fail).
/// 3. <c>test --help</c> prints the test command's usage and runs no test.
/// 4. An unknown command names itself and prints the usage on stderr, exit 2; no command at all: usage, exit 2.
/// </summary>
public class CommandLineTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Help_lists_every_command_the_README_names_with_what_it_does()
    {
        string[] named = Regex.Matches(File.ReadAllText(RepoPaths.Of("README.md")), @"\./nanophone ([a-z]+)")
            .Select(m => m.Groups[1].Value).Distinct().Order().ToArray();
        Assert.Superset(new HashSet<string> { "bench", "demo", "lint", "run", "test" }, named.ToHashSet());

        var r = Nanophone("help");

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        string[] lines = r.Stdout.Split('\n');
        Assert.StartsWith("usage: ./nanophone COMMAND", lines[0]);
        foreach (string command in named)
        {
            string? line = lines.SingleOrDefault(l => Regex.IsMatch(l, "^  " + command + @"\b"));
            Assert.True(line != null, "help does not list '" + command + "':\n" + r.Stdout);
            Assert.Matches(@"^  " + command + @".*\S\s{2,}\S", line!);
        }
    }

    [Theory]
    [InlineData("bench", "--help")]
    [InlineData("bench", "-h")]
    [InlineData("help", "bench")]
    public void Bench_help_prints_its_usage_and_runs_no_benchmark(string first, string second)
    {
        var r = Nanophone(first, second);

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        Assert.StartsWith("usage: ./nanophone bench [FILTER] [OPTIONS]\n", r.Stdout);
        Assert.Contains("'*Codec*'", r.Stdout);
        Assert.DoesNotContain("// ", r.Stdout);
    }

    [Fact]
    public void Test_help_prints_its_usage_and_runs_no_test()
    {
        var r = Nanophone("test", "--help");

        Assert.True(r.Exit == 0, r.ToString());
        Assert.StartsWith("usage: ./nanophone test", r.Stdout);
        Assert.Contains("tests: N passed, N failed", r.Stdout);
        Assert.DoesNotContain("run-all", r.Stdout + r.Stderr);
    }

    [Fact]
    public void An_unknown_command_is_named_and_the_usage_follows_on_stderr()
    {
        var r = Nanophone("benhc");

        Assert.Equal(2, r.Exit);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("nanophone: unknown command 'benhc'\nusage: ./nanophone COMMAND", r.Stderr);

        var none = Nanophone();
        Assert.Equal(2, none.Exit);
        Assert.StartsWith("usage: ./nanophone COMMAND", none.Stderr);
    }

    private sealed record Result(int Exit, string Stdout, string Stderr)
    {
        public override string ToString() => "exit " + Exit + "\nstdout:\n" + Stdout + "\nstderr:\n" + Stderr;
    }

    private static Result Nanophone(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(RepoPaths.Of("nanophone"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Bound))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("./nanophone " + string.Join(" ", args) + " did not finish within " + Bound.TotalSeconds + " s");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
