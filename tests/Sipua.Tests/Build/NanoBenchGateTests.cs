using System;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// The nanoFramework benchmark program bench/Nano (NanoBench.nfproj, which only Visual Studio's
/// nanoFramework extension builds) is compiled in the normal build by gate/bench.gate.csproj against
/// nanoFramework's mscorlib, all but Program.cs, the one file that needs nanoFramework.Runtime.Native.
/// Its output must hold nothing nanoCLR 1.17 cannot run, and the .nfproj must list the same files.
/// </summary>
public class NanoBenchGateTests
{
    private const string ProjectDir = "bench/Nano";

    private static string Gate() => NanoFrameworkGateTests.GateAssembly("NanoPhone.Bench.Nano.Gate.dll");

    [Fact]
    public void Gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(Gate());
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void Gate_assembly_references_only_nanoFramework_mscorlib_and_holds_the_benchmark()
    {
        using var stream = File.OpenRead(Gate());
        using var pe = new PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);
        var types = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h)).Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToArray();
        Assert.Contains("NanoPhone.Bench.Nano.NanoBench", types);
        Assert.Contains("NanoPhone.Bench.Nano.Phone.DeviceRig", types);
        Assert.DoesNotContain("NanoPhone.Bench.Nano.Program", types);
    }

    /// <summary>The gate leaves out Program.cs only, and Program.cs is the only file that needs a nanoFramework assembly besides mscorlib.</summary>
    [Fact]
    public void Only_Program_cs_is_left_out_of_the_gate_and_only_it_uses_nanoFramework_namespaces()
    {
        string gate = File.ReadAllText(RepoPaths.Of("gate/bench.gate.csproj"));
        Assert.Contains("<Compile Include=\"../bench/Nano/**/*.cs\" Exclude=\"../bench/Nano/bin/**;../bench/Nano/obj/**;../bench/Nano/Program.cs\" />", gate);
        Assert.Contains("<Compile Include=\"../tests/data/shared/WireMessages.cs\" />", gate);
        var users = Sources().Where(f => File.ReadAllLines(RepoPaths.Of(ProjectDir + "/" + f))
            .Any(line => !line.TrimStart().StartsWith("//") && Regex.IsMatch(line, @"\bnanoFramework\."))).ToArray();
        Assert.Equal(new[] { "Program.cs" }, users);
    }

    [Fact]
    public void Nfproj_lists_every_source_file_the_seed_messages_and_the_references_of_packages_config()
    {
        var doc = XDocument.Load(RepoPaths.Of(ProjectDir + "/NanoBench.nfproj"));
        string Prop(string name) => doc.Descendants().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("Exe", Prop("OutputType"));
        Assert.Equal("10", Prop("LangVersion"));

        var compiles = doc.Descendants().Where(e => e.Name.LocalName == "Compile").ToArray();
        var own = compiles.Where(e => !e.Elements().Any()).Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(own.SequenceEqual(Sources()), "NanoBench.nfproj is out of date: run tools/sync-nfproj.py bench/Nano/NanoBench.nfproj. Not listed: ["
            + string.Join(", ", Sources().Except(own)) + "]; listed but absent: [" + string.Join(", ", own.Except(Sources())) + "]");
        var linked = compiles.Where(e => e.Elements().Any()).Select(e => e.Attribute("Include")!.Value).ToArray();
        Assert.Equal(new[] { "..\\..\\tests\\data\\shared\\WireMessages.cs" }, linked);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "ProjectReference" && (string?)e.Attribute("Include") == "..\\..\\sipua\\sipua.nfproj");

        var packages = XDocument.Load(RepoPaths.Of(ProjectDir + "/packages.config")).Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value);
        var hints = doc.Descendants().Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value).ToArray();
        Assert.Equal(packages.Count, hints.Length);
        foreach (string hint in hints)
        {
            var m = Regex.Match(hint, @"packages\\([A-Za-z.]+)\.(\d+\.\d+\.\d+)\\lib\\");
            Assert.True(m.Success && packages.TryGetValue(m.Groups[1].Value, out string? v) && v == m.Groups[2].Value, hint + " does not match packages.config");
        }
        Assert.Contains("<PackageReference Include=\"nanoFramework.CoreLibrary\" Version=\"" + packages["nanoFramework.CoreLibrary"] + "\" />",
            File.ReadAllText(RepoPaths.Of("gate/bench.gate.csproj")));
    }

    [Fact]
    public void Solutions_name_the_benchmark_and_its_gate()
    {
        Assert.Contains("bench\\Nano\\NanoBench.nfproj", File.ReadAllText(RepoPaths.Of("nf.sln")));
        Assert.Contains("gate/bench.gate.csproj", File.ReadAllText(RepoPaths.Of("nanophone.slnx")));
    }

    /// <summary>The folder's .cs files as tools/sync-nfproj.py lists them.</summary>
    private static string[] Sources() =>
        Directory.EnumerateFiles(RepoPaths.Of(ProjectDir), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Of(ProjectDir), f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"))
            .OrderBy(s => s, StringComparer.Ordinal).ToArray();
}
