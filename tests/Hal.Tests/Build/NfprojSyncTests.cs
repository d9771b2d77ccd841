using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace NanoPhone.Hal.Tests.Build;

/// <summary>
/// hal.nfproj and boards.nfproj (Visual Studio's nanoFramework build, which cannot run here) must list
/// exactly the .cs files of their folder, leaving out bin/, obj/ and any subfolder that is a project of
/// its own (FOLDER/FOLDER.csproj, i.e. hal/Gpio.Desktop) — the rule tools/sync-nfproj.py applies.
/// </summary>
public class NfprojSyncTests
{
    [Theory]
    [InlineData("hal/hal.nfproj")]
    [InlineData("boards/boards.nfproj")]
    public void Nfproj_lists_every_portable_source_file_and_nothing_else(string nfproj)
    {
        string path = RepoPaths.Of(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        string[] listed = XDocument.Load(path).Descendants()
            .Where(e => e.Name.LocalName == "Compile")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
            .OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        string[] onDisk = SourcesOf(folder).OrderBy(s => s, System.StringComparer.Ordinal).ToArray();

        string[] missing = onDisk.Except(listed).ToArray();
        string[] stale = listed.Except(onDisk).ToArray();
        Assert.True(missing.Length == 0 && stale.Length == 0,
            nfproj + " is out of date (run tools/sync-nfproj.py). Not listed: [" + string.Join(", ", missing)
            + "]; listed but absent: [" + string.Join(", ", stale) + "]");
    }

    [Fact]
    public void Hal_nfproj_leaves_out_the_desktop_adapters_and_takes_the_nanoframework_ones()
    {
        string text = File.ReadAllText(RepoPaths.Of("hal/hal.nfproj"));

        Assert.DoesNotContain("Gpio.Desktop", text.Split("-->").Last());
        Assert.Contains(@"Gpio.Nano\KeyMatrixAdapter.cs", text);
        Assert.Contains(@"..\boards\boards.nfproj", text);
        Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", text);
    }

    private static System.Collections.Generic.IEnumerable<string> SourcesOf(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*.cs"))
            yield return Path.GetFileName(file);
        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(sub);
            if (name is "bin" or "obj" || name.StartsWith('.') || File.Exists(Path.Combine(sub, name + ".csproj")))
                continue;
            foreach (string file in SourcesOf(sub))
                yield return name + "/" + file;
        }
    }
}
