using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// sipua.nfproj (Visual Studio's nanoFramework build, which cannot run here) must list exactly the
/// .cs files that the desktop build and the gate compile, so the two builds never drift.
/// </summary>
public class NfprojSyncTests
{
    [Theory]
    [InlineData("sipua/sipua.nfproj")]
    [InlineData("firmware/App/app.nfproj")]
    public void Nfproj_lists_every_source_file_and_nothing_else(string nfproj)
    {
        string path = RepoPaths.Of(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        var listed = XDocument.Load(path).Descendants()
            .Where(e => e.Name.LocalName == "Compile")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
            .OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        var onDisk = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"))
            .OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        var missing = onDisk.Except(listed).ToArray();
        var stale = listed.Except(onDisk).ToArray();
        Assert.True(missing.Length == 0 && stale.Length == 0,
            nfproj + " is out of date (run tools/sync-nfproj.py). Not listed: [" + string.Join(", ", missing)
            + "]; listed but absent: [" + string.Join(", ", stale) + "]");
    }

    [Fact]
    public void Nf_sln_names_the_sipua_nfproj()
    {
        string sln = File.ReadAllText(RepoPaths.Of("nf.sln"));
        Assert.Contains("sipua\\sipua.nfproj", sln);
        Assert.Contains("hal\\hal.nfproj", sln);
        Assert.Contains("boards\\boards.nfproj", sln);
        Assert.Contains("firmware\\App\\app.nfproj", sln);
        Assert.Contains("firmware\\Device\\NanoPhone.Device.nfproj", sln);
    }
}
