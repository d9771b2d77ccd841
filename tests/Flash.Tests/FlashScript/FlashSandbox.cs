using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.FlashScript;

/// <summary>What one run of flash.ps1 did.</summary>
public sealed record FlashResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => "exit " + ExitCode + "\nstdout:\n" + Stdout + "\nstderr:\n" + Stderr;
}

/// <summary>
/// A temporary folder (its name holds a blank, to test quoting) where flash.ps1 runs under
/// PowerShell 7 with a PATH of: the folder's bin/ (stand-ins), the real dotnet's folder (the pwsh
/// tool's launcher needs dotnet), /usr/bin and /bin. It holds an app image, a config file, and a
/// tool folder for nanoff (NANOPHONE_NANOFF_DIR) that starts empty.
/// The stand-in nanoff appends each call to calls.log ("CALL", then one argument a line), keeps a
/// copy of the --filedeployment JSON as deploy-N.json (N = the call's number from 1), and exits 7
/// when its arguments hold the one named by FailOn. Put into the tool folder it comes with the
/// tool store's folder of a version (.store/nanoff/VERSION), the pinned one unless told otherwise,
/// as "dotnet tool install --tool-path" leaves it.
/// </summary>
public sealed class FlashSandbox : IDisposable
{
    public FlashSandbox()
    {
        Dir = Path.Combine(Path.GetTempPath(), "flash test " + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Bin);
        File.WriteAllBytes(Image, new byte[] { 0x4e, 0x46, 0x4d, 0x52 });
        File.WriteAllText(Config, "sip.server=192.0.2.10\nsip.user=alice\n");
    }

    public string Dir { get; }

    public string Bin => Path.Combine(Dir, "bin");

    /// <summary>The folder flash.ps1 installs nanoff into (NANOPHONE_NANOFF_DIR).</summary>
    public string ToolDir => Path.Combine(Dir, "tools");

    public string Image => Path.Combine(Dir, "app image.bin");

    public string Config => Path.Combine(Dir, "phone conf.cfg");

    private string CallsLog => Path.Combine(Dir, "calls.log");

    private string DotnetLog => Path.Combine(Dir, "dotnet.log");

    /// <summary>The nanoff version flash.ps1 pins ($NanoffVersion).</summary>
    public static string PinnedNanoff =>
        System.Text.RegularExpressions.Regex.Match(File.ReadAllText(RepoPaths.Of("flash.ps1")), @"(?m)^\$NanoffVersion = '([^']+)'").Groups[1].Value;

    /// <summary>
    /// Puts the stand-in nanoff into <paramref name="folder"/> (default: the tool folder, as
    /// <paramref name="version"/>, default the pinned one).
    /// </summary>
    public void AddNanoff(string failOn = null, string folder = null, string version = null)
    {
        string dir = folder ?? ToolDir;
        Directory.CreateDirectory(dir);
        if (folder == null) Directory.CreateDirectory(Path.Combine(ToolDir, ".store", "nanoff", version ?? PinnedNanoff));
        string script =
            "#!/bin/bash\n" +
            "log=" + Quote(CallsLog) + "\n" +
            "{ echo CALL; for a in \"$@\"; do echo \"$a\"; done; } >> \"$log\"\n" +
            "n=$(grep -c '^CALL$' \"$log\")\n" +
            "prev=\"\"\n" +
            "for a in \"$@\"; do\n" +
            "  if [[ \"$prev\" == \"--filedeployment\" ]]; then cp \"$a\" " + Quote(Dir) + "/deploy-$n.json; fi\n" +
            "  prev=\"$a\"\n" +
            "done\n" +
            (failOn == null ? "" :
                "for a in \"$@\"; do if [[ \"$a\" == " + Quote(failOn) + " ]]; then echo 'stand-in nanoff: failing' >&2; exit 7; fi; done\n") +
            "echo 'stand-in nanoff: ok'\n";
        WriteExecutable(Path.Combine(dir, "nanoff"), script);
    }

    /// <summary>
    /// A dotnet on PATH that records "tool install" and "tool update" calls in dotnet.log and fails
    /// them (or, with <paramref name="installWorks"/>, puts the stand-in nanoff into the --tool-path
    /// folder with the tool store's folder of the --version asked for, in place of any other), and
    /// hands every other call to the real dotnet (the pwsh launcher itself runs through dotnet).
    /// </summary>
    public void AddDotnet(bool installWorks)
    {
        string script =
            "#!/bin/bash\n" +
            "if [[ \"$1\" == tool && ( \"$2\" == install || \"$2\" == update ) ]]; then\n" +
            "  echo \"$*\" >> " + Quote(DotnetLog) + "\n" +
            (installWorks
                ? "  rm -rf \"$4/.store/nanoff\" && mkdir -p \"$4/.store/nanoff/$7\" && cp " + Quote(Path.Combine(Dir, "nanoff-to-install"))
                  + " \"$4/nanoff\" && echo 'stand-in dotnet: installed'\n  exit 0\n"
                : "  echo 'stand-in dotnet: install failed' >&2\n  exit 1\n") +
            "fi\n" +
            "exec " + Quote(RealDotnet()) + " \"$@\"\n";
        if (installWorks)
        {
            AddNanoff(folder: Path.Combine(Dir, "staging"));
            File.Move(Path.Combine(Dir, "staging", "nanoff"), Path.Combine(Dir, "nanoff-to-install"));
        }
        WriteExecutable(Path.Combine(Bin, "dotnet"), script);
    }

    /// <summary>Runs flash.ps1 with these arguments in the sandbox folder.</summary>
    public FlashResult Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Pwsh.Locate())
        {
            WorkingDirectory = Dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-File", RepoPaths.Of("flash.ps1") }.Concat(args))
            psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = Bin + ":" + Path.GetDirectoryName(RealDotnet()) + ":/usr/bin:/bin";
        psi.Environment["NANOPHONE_NANOFF_DIR"] = ToolDir;
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("flash.ps1 did not finish within 180 s");
        }
        process.WaitForExit();
        return new FlashResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The stand-in nanoff's calls, each as its argument list, in order.</summary>
    public List<string[]> NanoffCalls()
    {
        var calls = new List<string[]>();
        if (!File.Exists(CallsLog)) return calls;
        List<string> current = null;
        foreach (string line in File.ReadAllLines(CallsLog))
        {
            if (line == "CALL")
            {
                if (current != null) calls.Add(current.ToArray());
                current = new List<string>();
            }
            else
            {
                current.Add(line);
            }
        }
        if (current != null) calls.Add(current.ToArray());
        return calls;
    }

    /// <summary>The --filedeployment JSON the stand-in saw in its call number <paramref name="call"/> (from 1).</summary>
    public string DeployJson(int call) => File.ReadAllText(Path.Combine(Dir, "deploy-" + call + ".json"));

    /// <summary>The "tool install" calls the stand-in dotnet saw, one line each.</summary>
    public string[] DotnetInstalls() => File.Exists(DotnetLog) ? File.ReadAllLines(DotnetLog) : Array.Empty<string>();

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>The dotnet running the tests (through a symlink such as /usr/bin/dotnet to its real place).</summary>
    private static string RealDotnet()
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (!File.Exists(candidate)) continue;
            FileSystemInfo target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? candidate;
        }
        Assert.Fail("dotnet not found on PATH");
        return null;
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
