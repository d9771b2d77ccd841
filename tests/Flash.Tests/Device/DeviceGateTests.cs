using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NanoPhone.Sip.Tests;
using NanoPhone.Sip.Tests.Build;
using Xunit;

namespace NanoPhone.Flash.Tests.Device;

/// <summary>
/// Gate/device.gate.csproj compiles firmware/Device's portable files (with sipua, boards, hal/Core
/// and firmware/App) against nanoFramework's mscorlib: its output must hold nothing nanoCLR 1.17
/// cannot run and reference nothing but mscorlib.
/// </summary>
public class DeviceGateTests
{
    private static string GateAssembly()
    {
        string bin = RepoPaths.Of("tests/Flash.Tests/Gate/bin");
        string[] candidates = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "NanoPhone.Device.Gate.dll", SearchOption.AllDirectories)
            : System.Array.Empty<string>();
        Assert.True(candidates.Length > 0, "NanoPhone.Device.Gate.dll not built: dotnet build tests/Flash.Tests");
        return candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Fact]
    public void Device_gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(GateAssembly());
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void Device_gate_holds_the_portable_device_types_and_references_only_mscorlib()
    {
        using var stream = File.OpenRead(GateAssembly());
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        string[] refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);

        string[] types = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToArray();
        Assert.Contains("NanoPhone.Device.Net.SipLogTransport", types);
        Assert.Contains("NanoPhone.Device.Hardware.BoardChoice", types);
        Assert.Contains("NanoPhone.Device.Serial.ConsolePins", types);
    }
}
