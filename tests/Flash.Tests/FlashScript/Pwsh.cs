using System.IO;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.FlashScript;

/// <summary>
/// PowerShell 7: tests/run-all.sh installs it as a dotnet tool into the git-ignored .tools/pwsh;
/// one on PATH does too. Without it these tests fail: flash.ps1 would go untested.
/// </summary>
public static class Pwsh
{
    public static string Locate()
    {
        foreach (string name in new[] { "pwsh", "pwsh.exe" })
        {
            string local = RepoPaths.Of(Path.Combine(".tools", "pwsh", name));
            if (File.Exists(local)) return local;
        }
        foreach (string dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            foreach (string name in new[] { "pwsh", "pwsh.exe" })
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        Assert.Fail("PowerShell 7 (pwsh) is neither in .tools/pwsh nor on PATH: run tests/run-all.sh, which installs it "
            + "(dotnet tool install --tool-path .tools/pwsh PowerShell --version 7.6.9)");
        return null;
    }
}
