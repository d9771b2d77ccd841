using System.IO;
using System.Linq;
using NanoPhone.Sip.Tests;
using NanoPhone.Sip.Tests.Build;
using Xunit;

namespace NanoPhone.App.Tests.Build;

/// <summary>
/// gate/app.gate.csproj compiles sipua and firmware/App against nanoFramework's mscorlib; its output
/// must hold nothing nanoCLR 1.17 cannot run (generics, multi-dimensional arrays) and reference
/// nothing but mscorlib.
/// </summary>
public class AppGateTests
{
    private static string GateAssembly()
    {
        string bin = RepoPaths.Of("gate/bin");
        var candidates = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "NanoPhone.App.Gate.dll", SearchOption.AllDirectories)
            : System.Array.Empty<string>();
        Assert.True(candidates.Length > 0, "NanoPhone.App.Gate.dll not built: run dotnet build gate/app.gate.csproj");
        return candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Fact]
    public void App_gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(GateAssembly());
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void App_gate_assembly_references_only_nanoFramework_mscorlib()
    {
        using var stream = File.OpenRead(GateAssembly());
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);
    }

    [Fact]
    public void App_gate_compiles_the_app_sources()
    {
        using var stream = File.OpenRead(GateAssembly());
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var types = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)).ToArray();
        Assert.Contains("PhoneConfig", types);
        Assert.Contains("SerialConsole", types);
        Assert.Contains("SipUri", types);
    }
}
