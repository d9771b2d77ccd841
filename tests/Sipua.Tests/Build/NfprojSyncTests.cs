using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// The .nfproj files (Visual Studio's nanoFramework build, which cannot run here) must list exactly
/// the .cs files that the desktop build and the gate compile, so the builds never drift. sipua is two
/// nanoFramework assemblies (protocol.nfproj under sipua.nfproj), each naming its folders in
/// SourceFolders; together they list every file once.
/// </summary>
public class NfprojSyncTests
{
    [Theory]
    [InlineData("sipua/sipua.nfproj")]
    [InlineData("sipua/protocol.nfproj")]
    [InlineData("firmware/App/app.nfproj")]
    public void Nfproj_lists_every_source_file_and_nothing_else(string nfproj)
    {
        string path = RepoPaths.Of(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        var listed = Listed(path);
        var folders = SourceFolders(path);
        var onDisk = SourcesIn(folder)
            .Where(f => folders == null || folders.Contains(f.Split('/')[0]) && f.Contains('/'))
            .ToArray();
        var missing = onDisk.Except(listed).ToArray();
        var stale = listed.Except(onDisk).ToArray();
        Assert.True(missing.Length == 0 && stale.Length == 0,
            nfproj + " is out of date (run tools/sync-nfproj.py). Not listed: [" + string.Join(", ", missing)
            + "]; listed but absent: [" + string.Join(", ", stale) + "]");
    }

    [Fact]
    public void The_two_sipua_assemblies_together_compile_every_sipua_file_once()
    {
        var upper = Listed(RepoPaths.Of("sipua/sipua.nfproj"));
        var lower = Listed(RepoPaths.Of("sipua/protocol.nfproj"));
        var everywhere = SourcesIn(RepoPaths.Of("sipua"));
        Assert.Empty(upper.Intersect(lower));
        var inNeither = everywhere.Except(upper).Except(lower).ToArray();
        Assert.True(inNeither.Length == 0, "in neither sipua nfproj (name the folder in one SourceFolders): "
            + string.Join(", ", inNeither));
    }

    private static string[] Listed(string nfproj) => XDocument.Load(nfproj).Descendants()
        .Where(e => e.Name.LocalName == "Compile")
        .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
        .OrderBy(s => s, System.StringComparer.Ordinal).ToArray();

    private static string[]? SourceFolders(string nfproj) => XDocument.Load(nfproj).Descendants()
        .Where(e => e.Name.LocalName == "SourceFolders")
        .Select(e => e.Value.Split(';', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries))
        .FirstOrDefault();

    private static string[] SourcesIn(string folder) => Directory
        .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
        .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"))
        .OrderBy(s => s, System.StringComparer.Ordinal).ToArray();

    [Fact]
    public void Nf_sln_names_the_sipua_nfproj()
    {
        string sln = File.ReadAllText(RepoPaths.Of("nf.sln"));
        Assert.Contains("sipua\\sipua.nfproj", sln);
        Assert.Contains("sipua\\protocol.nfproj", sln);
        Assert.Contains("hal\\hal.nfproj", sln);
        Assert.Contains("boards\\boards.nfproj", sln);
        Assert.Contains("firmware\\App\\app.nfproj", sln);
        Assert.Contains("firmware\\Device\\NanoPhone.Device.nfproj", sln);
    }
}
