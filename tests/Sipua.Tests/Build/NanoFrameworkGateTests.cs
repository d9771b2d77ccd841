using System.IO;
using System.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// The gate build (gate/sipua.gate.csproj) compiles sipua against nanoFramework's mscorlib; these
/// tests check its output for what compiles but crashes nanoCLR 1.17: generics and
/// multi-dimensional arrays.
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

    [Fact]
    public void Gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(GateAssembly("NanoPhone.Sip.Gate.dll"));
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void Gate_assembly_references_only_nanoFramework_mscorlib()
    {
        using var stream = File.OpenRead(GateAssembly("NanoPhone.Sip.Gate.dll"));
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);
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
