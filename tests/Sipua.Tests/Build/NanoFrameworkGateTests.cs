using System.IO;
using System.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// The gate builds (gate/sip-protocol.gate.csproj and gate/sipua.gate.csproj, the two assemblies
/// sipua is on nanoFramework) compile sipua against nanoFramework's mscorlib; these tests check their
/// output for what compiles but crashes nanoCLR 1.17 (generics and multi-dimensional arrays) and for
/// what MetadataProcessor refuses to convert: more than 64 KB of byte code in one assembly.
/// </summary>
public class NanoFrameworkGateTests
{
    public static string GateAssembly(string name)
    {
        string bin = RepoPaths.Of("gate/bin");
        var candidates = Directory.Exists(bin)
            ? Directory.GetFiles(bin, name, SearchOption.AllDirectories)
            : System.Array.Empty<string>();
        Assert.True(candidates.Length > 0, name + " not built: run dotnet build nanophone.slnx");
        return candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Theory]
    [InlineData("NanoPhone.Sip.Protocol.Gate.dll")]
    [InlineData("NanoPhone.Sip.Gate.dll")]
    public void Gate_assembly_has_no_generics_and_no_multidimensional_arrays(string gate)
    {
        var findings = NanoFrameworkGateInspector.Inspect(GateAssembly(gate));
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Theory]
    [InlineData("NanoPhone.Sip.Protocol.Gate.dll", new[] { "mscorlib" })]
    [InlineData("NanoPhone.Sip.Gate.dll", new[] { "mscorlib", "NanoPhone.Sip.Protocol.Gate" })]
    public void Gate_assembly_references_only_nanoFramework_mscorlib_and_the_protocol_half(string gate, string[] expected)
    {
        Assert.Equal(expected, References(GateAssembly(gate)));
    }

    /// <summary>MetadataProcessor keeps an assembly's byte code in one table addressed by 16-bit
    /// offsets and stops with "Byte code table overflow" past 65,535 bytes (sipua as one assembly
    /// reached that). Its byte code is the IL with shorter tokens, so IL within the limit always
    /// converts.</summary>
    [Theory]
    [InlineData("NanoPhone.Sip.Protocol.Gate.dll")]
    [InlineData("NanoPhone.Sip.Gate.dll")]
    public void Each_sipua_assembly_fits_the_64_KB_byte_code_table_of_a_nanoFramework_assembly(string gate)
    {
        long il = IlBytes(GateAssembly(gate));
        Assert.True(il <= 65535, gate + " holds " + il + " bytes of IL: move a folder to the other half (SourceFolders in sipua/*.nfproj and the gates' Compile items)");
    }

    /// <summary>The app and media gates compile sipua's sources beside their own; only their own
    /// namespaces become NanoPhone.App.pe and NanoPhone.Media.pe.</summary>
    [Theory]
    [InlineData("NanoPhone.App.Gate.dll", "NanoPhone.App")]
    [InlineData("NanoPhone.Media.Gate.dll", "NanoPhone.Media")]
    public void The_app_and_media_assemblies_fit_the_64_KB_byte_code_table_too(string gate, string ns)
    {
        long il = IlBytes(GateAssembly(gate), ns);
        Assert.True(il <= 65535, ns + " holds " + il + " bytes of IL, more than a nanoFramework assembly converts");
    }

    [Fact]
    public void Each_gate_compiles_the_folders_its_nfproj_names()
    {
        foreach (var (gate, nfproj) in new[] { ("gate/sip-protocol.gate.csproj", "sipua/protocol.nfproj"), ("gate/sipua.gate.csproj", "sipua/sipua.nfproj") })
        {
            var compiled = System.Xml.Linq.XDocument.Load(RepoPaths.Of(gate)).Descendants()
                .Where(e => e.Name.LocalName == "Compile")
                .Select(e => e.Attribute("Include")!.Value.Replace("../sipua/", "").Replace("/**/*.cs", ""))
                .OrderBy(x => x, System.StringComparer.Ordinal);
            var named = System.Xml.Linq.XDocument.Load(RepoPaths.Of(nfproj)).Descendants()
                .Single(e => e.Name.LocalName == "SourceFolders").Value.Split(';')
                .OrderBy(x => x, System.StringComparer.Ordinal);
            Assert.Equal(named, compiled);
        }
    }

    internal static string[] References(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
    }

    internal static long IlBytes(string assembly, string? namespacePrefix = null)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        long il = 0;
        foreach (var th in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(th);
            var outer = type;
            while (!outer.GetDeclaringType().IsNil) outer = md.GetTypeDefinition(outer.GetDeclaringType());
            string ns = md.GetString(outer.Namespace);
            if (namespacePrefix != null && ns != namespacePrefix && !ns.StartsWith(namespacePrefix + ".")) continue;
            foreach (var h in type.GetMethods())
            {
                int rva = md.GetMethodDefinition(h).RelativeVirtualAddress;
                if (rva != 0) il += System.Reflection.Metadata.PEReaderExtensions.GetMethodBody(pe, rva).GetILBytes()!.Length;
            }
        }
        return il;
    }

    // The inspector must be able to fail: this test assembly is full of generics, and the two
    // members below hold one of each forbidden construct.
    private static int[,] _grid = new int[2, 2];
    private static System.Action<int>? _callback;
    private static T Same<T>(T x) => x;

    [Fact]
    public void Inspector_reports_generics_and_multidimensional_arrays_by_member()
    {
        _callback = x => _grid[0, 1] = x;
        _callback(2);
        _grid[0, 0] = 1;
        var findings = NanoFrameworkGateInspector.Inspect(typeof(NanoFrameworkGateTests).Assembly.Location);
        Assert.Contains(findings, f => f.StartsWith("multi-dimensional array") && f.Contains("NanoFrameworkGateTests._grid"));
        Assert.Contains(findings, f => f.StartsWith("generic instantiation Action`1<Int32>") && f.Contains("NanoFrameworkGateTests._callback"));
        Assert.Contains(findings, f => f == "generic method definition method NanoPhone.Sip.Tests.Build.NanoFrameworkGateTests.Same");
        Assert.Equal(3, Same(3));
    }
}
