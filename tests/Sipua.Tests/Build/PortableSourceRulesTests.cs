using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// Rules for code that runs on nanoCLR 1.17 which no compiler checks. Measured on the runtime: an
/// element of new string[n] that was never assigned is not equal to null there, and comparing it
/// with a string crashes the runtime — so portable code makes string arrays with Strings.NewArray.
/// </summary>
public class PortableSourceRulesTests
{
    private static readonly string[] PortableFolders = { "sipua", "media", "firmware/App", "hal/Core", "boards", "bench/Nano" };

    [Fact]
    public void Portable_code_makes_string_arrays_with_every_element_assigned()
    {
        var sized = new Regex(@"new string\[\s*(?!0\s*\])[^\]\s][^\]]*\]\s*(?!\{)");
        var offenders = PortableFolders
            .SelectMany(f => Directory.EnumerateFiles(RepoPaths.Of(f), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
            .Where(x => !x.line.TrimStart().StartsWith("//") && sized.IsMatch(x.line) && !IsTheHelper(x.f, x.line))
            .Select(x => Path.GetRelativePath(RepoPaths.Root, x.f) + ":" + (x.i + 1) + ": " + x.line.Trim())
            .ToArray();
        Assert.True(offenders.Length == 0, "use Strings.NewArray(n) instead of new string[n]:\n" + string.Join("\n", offenders));
    }

    // The helpers themselves allocate the array, then assign null to each element.
    private static bool IsTheHelper(string file, string line) =>
        line.Contains("string[] a = new string[length];") && (file.EndsWith("Strings.cs") || file.EndsWith("TextList.cs"));
}
