using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NanoPhone.Sip.Tests;
using NanoPhone.Sip.Tests.Build;
using Xunit;

namespace NanoPhone.Media.Tests.Build;

/// <summary>
/// The media core's two other builds: gate/media.gate.csproj compiles media (with sipua, for
/// Endpoint) against nanoFramework's mscorlib, and its output must hold nothing nanoCLR 1.17 cannot
/// run; media/media.nfproj (Visual Studio's nanoFramework build) must list exactly media's sources.
/// </summary>
public class MediaBuildTests
{
    private static string GateAssembly()
    {
        string bin = RepoPaths.Of("gate/bin");
        var candidates = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "NanoPhone.Media.Gate.dll", SearchOption.AllDirectories)
            : System.Array.Empty<string>();
        Assert.True(candidates.Length > 0, "NanoPhone.Media.Gate.dll not built: run dotnet build gate/media.gate.csproj");
        return candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Fact]
    public void Media_gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(GateAssembly());
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void Media_gate_assembly_references_only_nanoFramework_mscorlib_and_compiles_the_media_core()
    {
        using var stream = File.OpenRead(GateAssembly());
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);
        var types = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)).ToArray();
        Assert.Contains("MediaSession", types);
        Assert.Contains("JitterBuffer", types);
        Assert.Contains("MuLaw", types);
        Assert.Contains("Endpoint", types);
    }

    [Fact]
    public void Media_nfproj_lists_every_source_file_and_nothing_else()
    {
        string path = RepoPaths.Of("media/media.nfproj");
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
            "media/media.nfproj is out of date (run tools/sync-nfproj.py). Not listed: [" + string.Join(", ", missing)
            + "]; listed but absent: [" + string.Join(", ", stale) + "]");
        string text = File.ReadAllText(path);
        Assert.Contains(@"..\sipua\protocol.nfproj", text);
    }

    [Fact]
    public void Nf_sln_and_the_desktop_solution_name_the_media_projects()
    {
        Assert.Contains("media\\media.nfproj", File.ReadAllText(RepoPaths.Of("nf.sln")));
        string slnx = File.ReadAllText(RepoPaths.Of("nanophone.slnx"));
        Assert.Contains("media/media.csproj", slnx);
        Assert.Contains("gate/media.gate.csproj", slnx);
        Assert.Contains("tests/Media.Tests/Media.Tests.csproj", slnx);
    }

    /// <summary>
    /// The media core is pure: no sockets, threads, clock reads or allocation-heavy helpers, and it
    /// reaches into sipua only for Transport.Endpoint (the compiler checks the rest of the layering).
    /// </summary>
    [Fact]
    public void Media_sources_use_no_io_no_clock_and_only_the_transport_layer_of_sipua()
    {
        var rules = new (string Pattern, string Rule)[]
        {
            (@"System\.Net|Socket", "no sockets: datagrams go through IMediaTransport"),
            (@"System\.Threading|Thread\.", "no threads"),
            (@"DateTime\.|Environment\.TickCount|Stopwatch", "no clock reads: time is passed in"),
            (@"using NanoPhone\.Sip\.(?!Transport;)", "only NanoPhone.Sip.Transport from sipua"),
            (@"new string\[", "no new string[n] (Strings.NewArray in portable code)"),
        };
        var offenders = Directory.EnumerateFiles(RepoPaths.Of("media"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .SelectMany(f => rules.Select(r => (f, r, m: Regex.Match(Regex.Replace(File.ReadAllText(f), @"//.*", ""), r.Pattern))))
            .Where(x => x.m.Success)
            .Select(x => Path.GetRelativePath(RepoPaths.Root, x.f) + ": " + x.r.Rule + " ('" + x.m.Value + "')")
            .ToArray();
        Assert.True(offenders.Length == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Media_source_files_stay_under_400_lines()
    {
        var long_ = Directory.EnumerateFiles(RepoPaths.Of("media"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Select(f => (f, n: File.ReadAllLines(f).Length))
            .Where(x => x.n > 400)
            .Select(x => Path.GetRelativePath(RepoPaths.Root, x.f) + ": " + x.n + " lines")
            .ToArray();
        Assert.True(long_.Length == 0, string.Join("\n", long_));
    }
}
