using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoPhone.Hal.Tests.Build;

/// <summary>
/// The desktop build restores without NU1603 ("depends on X (>= v) but X v was not found"): where a
/// package asks for a version the feed does not serve, the project names the version it takes
/// (hal/Gpio.Desktop pins System.Drawing.Common and UnitsNet for Iot.Device.Bindings 4.2.0), and
/// no build setting turns the warning off or keeps it from failing the build.
/// </summary>
public class PackageRestoreTests
{
    [Fact]
    public void No_restored_project_took_another_version_than_a_package_asked_for()
    {
        // This project's own restore result and those of the projects it is built from (always
        // there when this test runs), plus every other project the last build restored.
        string[] assets = Directory.EnumerateFiles(RepoPaths.Root, "project.assets.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "out" + Path.DirectorySeparatorChar))
            .ToArray();
        Assert.Contains(assets, f => f.Replace('\\', '/').EndsWith("hal/Gpio.Desktop/obj/project.assets.json"));
        Assert.Contains(assets, f => f.Replace('\\', '/').EndsWith("tests/Hal.Tests/obj/project.assets.json"));

        var warnings = new List<string>();
        foreach (string file in assets)
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("logs", out JsonElement logs)) continue;
            foreach (JsonElement log in logs.EnumerateArray())
            {
                string code = log.TryGetProperty("code", out JsonElement c) ? c.GetString() : "";
                if (code == "NU1603") warnings.Add(Path.GetRelativePath(RepoPaths.Root, file) + ": " + log.GetProperty("message").GetString());
            }
        }
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    [Fact]
    public void NU1603_is_neither_silenced_nor_kept_from_failing_the_build()
    {
        var files = new List<string> { "Directory.Build.props" };
        files.AddRange(Directory.EnumerateFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)));
        foreach (string file in files)
        {
            string text = File.ReadAllText(RepoPaths.Of(file));
            foreach (Match m in Regex.Matches(text, "<(NoWarn|WarningsNotAsErrors)>([^<]*)</"))
                Assert.False(m.Groups[2].Value.Contains("NU1603"), file + ": " + m.Value);
        }
    }
}
