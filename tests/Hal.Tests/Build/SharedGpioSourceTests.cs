using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoPhone.Hal.Tests.Build;

/// <summary>
/// hal/Gpio and hal/Gpio.Nano go into the nanoFramework build but cannot be gate-compiled here (the
/// nanoFramework binding assemblies are not on this machine), so their source is held to the portable
/// rules by reading it; and every adapter exists once for dotnet/iot and once for nanoFramework.
/// </summary>
public class SharedGpioSourceTests
{
    private static readonly (string Pattern, string Rule)[] Forbidden =
    {
        (@"\b[A-Z]\w*<\s*[\w.]+(\s*,\s*[\w.]+)*\s*>", "no generics"),
        (@"\bvar\b", "explicit types (no var), as in hal/Core"),
        (@"using System\.Linq", "no LINQ"),
        (@"\bStringBuilder\b", "no StringBuilder"),
        (@"\bEncoding\b", "no Encoding"),
        (@"\bMath\.", "no System.Math"),
        (@"\[\s*,", "no multi-dimensional arrays"),
        (@"\$""", "no string interpolation"),
        (@"Thread\.Sleep|DateTime\.", "no sleeping or wall clock: time comes from IHalClock"),
    };

    public static TheoryData<string> SharedFiles()
    {
        var data = new TheoryData<string>();
        foreach (string folder in new[] { "hal/Gpio", "hal/Gpio.Nano", "hal/Core" })
            foreach (string file in Directory.EnumerateFiles(RepoPaths.Of(folder), "*.cs", SearchOption.AllDirectories).Order())
                data.Add(Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedFiles))]
    public void Source_for_nanoframework_keeps_the_portable_rules(string file)
    {
        string code = Regex.Replace(File.ReadAllText(RepoPaths.Of(file)), @"//.*", "");
        foreach (var (pattern, rule) in Forbidden)
        {
            Match hit = Regex.Match(code, pattern);
            Assert.False(hit.Success, file + ": " + rule + " (found '" + hit.Value + "')");
        }
    }

    [Fact]
    public void Every_adapter_has_a_dotnet_iot_and_a_nanoframework_twin()
    {
        string[] desktop = Adapters("hal/Gpio.Desktop");
        string[] nano = Adapters("hal/Gpio.Nano");

        Assert.NotEmpty(desktop);
        Assert.Equal(desktop, nano);
    }

    private static string[] Adapters(string folder) =>
        Directory.EnumerateFiles(RepoPaths.Of(folder), "*Adapter.cs").Select(Path.GetFileName).Order().ToArray()!;
}
