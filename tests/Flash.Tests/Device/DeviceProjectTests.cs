using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.Device;

/// <summary>
/// firmware/Device/NanoPhone.Device.nfproj and the other .nfproj files, read as text (only Visual
/// Studio's nanoFramework extension builds them):
/// 1. the Device project lists exactly its folder's .cs files (tools/sync-nfproj.py keeps it so);
/// 2. it is an Exe that references the two sipua projects, boards, hal and app;
/// 3. each product nfproj references exactly the packages of its packages.config, at their versions;
/// 4. a package used by several nfprojs of nf.sln has one version in all of them;
/// 5. nf.sln names the product nfprojs and builds and deploys them; every nfproj it names has the GUID nf.sln gives it.
/// </summary>
public class DeviceProjectTests
{
    private const string DeviceProject = "firmware/Device/NanoPhone.Device.nfproj";

    /// <summary>The nanoFramework build of the phone: the libraries and the program.</summary>
    public static readonly string[] ProductNfprojs =
    {
        "sipua/protocol.nfproj", "sipua/sipua.nfproj", "media/media.nfproj", "boards/boards.nfproj", "hal/hal.nfproj", "firmware/App/app.nfproj", DeviceProject,
    };

    public static TheoryData<string> Nfprojs()
    {
        var data = new TheoryData<string>();
        foreach (string p in ProductNfprojs) data.Add(p);
        return data;
    }

    [Fact]
    public void Device_nfproj_lists_every_source_file_and_nothing_else()
    {
        string folder = RepoPaths.Of("firmware/Device");
        string[] listed = Items(DeviceProject, "Compile").Select(s => s.Replace('\\', '/')).Order().ToArray();
        string[] onDisk = DeviceSourceTests.SourceFiles().Order().ToArray();

        string[] missing = onDisk.Except(listed).ToArray();
        string[] stale = listed.Except(onDisk).ToArray();
        Assert.True(missing.Length == 0 && stale.Length == 0,
            DeviceProject + " is out of date (run tools/sync-nfproj.py). Not listed: [" + string.Join(", ", missing)
            + "]; listed but absent: [" + string.Join(", ", stale) + "]");
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void Device_nfproj_is_an_exe_over_sipua_media_boards_hal_and_app()
    {
        XDocument doc = XDocument.Load(RepoPaths.Of(DeviceProject));
        Assert.Equal("Exe", Property(doc, "OutputType"));
        Assert.Equal("NanoPhone.Device", Property(doc, "AssemblyName"));
        Assert.Equal(
            // media: the app's audio path (firmware/App/Audio) plays the calls through it.
            new[] { @"..\..\boards\boards.nfproj", @"..\..\hal\hal.nfproj", @"..\..\media\media.nfproj", @"..\..\sipua\protocol.nfproj", @"..\..\sipua\sipua.nfproj", @"..\App\app.nfproj" },
            Items(DeviceProject, "ProjectReference").Order().ToArray());
        foreach (string reference in Items(DeviceProject, "ProjectReference"))
        {
            string target = Path.GetFullPath(Path.Combine(RepoPaths.Of("firmware/Device"), reference.Replace('\\', '/')));
            Assert.True(File.Exists(target), reference + " does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void Nfproj_references_exactly_the_packages_of_its_packages_config(string nfproj)
    {
        string folder = Path.GetDirectoryName(RepoPaths.Of(nfproj))!;
        Dictionary<string, string> packages = Packages(Path.Combine(folder, "packages.config"));
        var referenced = new Dictionary<string, string>();
        foreach (string hint in HintPaths(nfproj))
        {
            // ..\..\packages\ID.VERSION\lib\NAME.dll, relative to the nfproj, into the packages folder beside nf.sln.
            string full = Path.GetFullPath(Path.Combine(folder, hint.Replace('\\', '/')));
            Assert.True(full.StartsWith(RepoPaths.Of("packages") + Path.DirectorySeparatorChar),
                nfproj + ": " + hint + " is not in the packages folder beside nf.sln");
            string package = full.Substring(RepoPaths.Of("packages").Length + 1).Split(Path.DirectorySeparatorChar)[0];
            Match m = Regex.Match(package, @"^(?<id>.+?)\.(?<version>\d+\.\d+\.\d+)$");
            Assert.True(m.Success, nfproj + ": cannot read a package and version from " + hint);
            referenced[m.Groups["id"].Value] = m.Groups["version"].Value;
        }

        Assert.Equal(packages.OrderBy(p => p.Key), referenced.OrderBy(p => p.Key));
    }

    [Fact]
    public void Packages_shared_by_several_nfprojs_have_one_version()
    {
        var seen = new Dictionary<string, (string Version, string Where)>();
        var clashes = new List<string>();
        foreach (string nfproj in SolutionProjects().Keys)
        {
            string config = Path.Combine(Path.GetDirectoryName(RepoPaths.Of(nfproj))!, "packages.config");
            foreach (var (id, version) in Packages(config))
            {
                if (seen.TryGetValue(id, out var first) && first.Version != version)
                    clashes.Add(id + " " + first.Version + " (" + first.Where + ") vs " + version + " (" + nfproj + ")");
                else if (!seen.ContainsKey(id))
                    seen[id] = (version, nfproj);
            }
        }
        Assert.True(clashes.Count == 0, "one version per package in nf.sln:\n  " + string.Join("\n  ", clashes));
    }

    [Fact]
    public void Nf_sln_names_the_nfprojs_with_their_guids_and_builds_and_deploys_them()
    {
        string sln = File.ReadAllText(RepoPaths.Of("nf.sln"));
        Dictionary<string, string> projects = SolutionProjects();

        Assert.Empty(ProductNfprojs.Except(projects.Keys));
        foreach (var (path, guid) in projects)
        {
            Assert.Equal(guid, Property(XDocument.Load(RepoPaths.Of(path)), "ProjectGuid"));
            if (!ProductNfprojs.Contains(path)) continue;
            foreach (string cfg in new[] { "Debug", "Release" })
                foreach (string what in new[] { "ActiveCfg", "Build.0", "Deploy.0" })
                    Assert.Contains(guid + "." + cfg + "|Any CPU." + what + " = " + cfg + "|Any CPU", sln);
        }
        Assert.Equal(projects.Count, projects.Values.Distinct().Count());
    }

    /// <summary>The nanoFramework projects nf.sln names: "folder/name.nfproj" to "{GUID}".</summary>
    private static Dictionary<string, string> SolutionProjects()
    {
        string sln = File.ReadAllText(RepoPaths.Of("nf.sln"));
        return Regex.Matches(sln, "Project\\(\"\\{11A8DD76-328B-46DF-9F39-F559912D0360\\}\"\\) = \"[^\"]+\", \"(?<path>[^\"]+)\", \"(?<guid>\\{[^\"]+\\})\"")
            .ToDictionary(m => m.Groups["path"].Value.Replace('\\', '/'), m => m.Groups["guid"].Value);
    }

    private static IEnumerable<string> Items(string nfproj, string kind) =>
        XDocument.Load(RepoPaths.Of(nfproj)).Descendants()
            .Where(e => e.Name.LocalName == kind)
            .Select(e => e.Attribute("Include")!.Value);

    private static IEnumerable<string> HintPaths(string nfproj) =>
        XDocument.Load(RepoPaths.Of(nfproj)).Descendants().Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value);

    private static string Property(XDocument doc, string name) =>
        doc.Descendants().Single(e => e.Name.LocalName == name).Value;

    private static Dictionary<string, string> Packages(string config) =>
        XDocument.Load(config).Descendants("package")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
}
