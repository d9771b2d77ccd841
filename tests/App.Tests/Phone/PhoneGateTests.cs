using System.IO;
using System.Linq;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>The phone app and the HAL logic it drives are in the nanoFramework gate build (checked for generics by Build/AppGateTests).</summary>
public class PhoneGateTests
{
    [Fact]
    public void The_app_gate_compiles_the_phone_app_with_the_HAL_logic()
    {
        string bin = RepoPaths.Of("gate/bin");
        string[] candidates = Directory.Exists(bin) ? Directory.GetFiles(bin, "NanoPhone.App.Gate.dll", SearchOption.AllDirectories) : new string[0];
        Assert.True(candidates.Length > 0, "NanoPhone.App.Gate.dll not built: run dotnet build gate/app.gate.csproj");
        string newest = candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
        using var stream = File.OpenRead(newest);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var types = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)).ToArray();
        foreach (string t in new[] { "PhoneApp", "PhoneCommand", "CallLog", "PhoneSettings", "PhoneEventLines", "HalClock", "ConsoleLineWork", "Ringer", "Keypad" })
            Assert.Contains(t, types);
    }
}
