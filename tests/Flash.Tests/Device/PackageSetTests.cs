using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.Device;

/// <summary>
/// The nanoFramework packages are one set. A package's assembly is built against the exact versions
/// its nuspec names, and the firmware's native parts must match them: a binding built against an
/// older CoreLibrary next to packages of the 1.17.11 set fails at deploy (nanoFramework.Iot.Device.Buzzer
/// 1.2.536 was: its nuspec names CoreLibrary 1.15.5, System.Device.Model 1.2.418, System.Device.Pwm
/// 1.1.10, System.Math 1.5.43, UnitsNet.nanoFramework.Frequency 5.50.0).
/// 1. every Iot.Device binding a packages.config pins has its nuspec below, read for exactly that version;
/// 2. every package with a nuspec below is pinned at the version it was read for;
/// 3. every dependency such a nuspec names is pinned in the same packages.config at exactly that version.
/// The nuspecs are not served here: they were read from the nanoframework repositories (the tag
/// of the version, or for the Iot.Device bindings the nanoFramework.IoT.Device commit the version
/// was built from, NBGV height 1.2.N) and are kept here as data.
/// </summary>
public class PackageSetTests
{
    private sealed record Nuspec(string Version, string ReadFrom, (string Id, string Version)[] Dependencies);

    private static readonly Dictionary<string, Nuspec> Nuspecs = new()
    {
        ["nanoFramework.Iot.Device.Button"] = new("1.2.931", "nanoFramework.IoT.Device 2553c572a devices/Button/Button.nuspec", new[]
        {
            ("nanoFramework.CoreLibrary", "1.17.11"), ("nanoFramework.Runtime.Events", "1.11.32"), ("nanoFramework.System.Device.Gpio", "1.1.57"),
        }),
        ["nanoFramework.Iot.Device.Buzzer"] = new("1.2.931", "nanoFramework.IoT.Device 2553c572a devices/Buzzer/Buzzer.nuspec", new[]
        {
            ("nanoFramework.CoreLibrary", "1.17.11"), ("nanoFramework.System.Device.Model", "1.2.862"), ("nanoFramework.System.Device.Pwm", "1.1.23"),
            ("nanoFramework.System.Math", "1.5.116"), ("UnitsNet.nanoFramework.Frequency", "5.75.0"),
        }),
        ["nanoFramework.Iot.Device.KeyMatrix"] = new("1.2.907", "nanoFramework.IoT.Device 44defda32 devices/KeyMatrix/KeyMatrix.nuspec", new[]
        {
            ("nanoFramework.CoreLibrary", "1.17.11"), ("nanoFramework.Runtime.Events", "1.11.32"), ("nanoFramework.System.Device.Gpio", "1.1.57"),
        }),
        ["nanoFramework.System.Device.Gpio"] = new("1.1.57", "System.Device.Gpio v1.1.57", new[]
        {
            ("nanoFramework.CoreLibrary", "1.17.11"), ("nanoFramework.Runtime.Events", "1.11.32"),
        }),
        ["nanoFramework.System.Device.Pwm"] = new("1.1.23", "System.Device.Pwm v1.1.23", new[] { ("nanoFramework.CoreLibrary", "1.17.11") }),
        ["nanoFramework.System.Device.I2s"] = new("1.0.28", "System.Device.I2s v1.0.28 nanoFramework.System.Device.I2s.nuspec", new[] { ("nanoFramework.CoreLibrary", "1.17.11") }),
        ["nanoFramework.System.Math"] = new("1.5.116", "System.Math v1.5.116", new[] { ("nanoFramework.CoreLibrary", "1.17.11") }),
        ["nanoFramework.Runtime.Events"] = new("1.11.32", "nanoFramework.Runtime.Events v1.11.32", new[] { ("nanoFramework.CoreLibrary", "1.17.11") }),
    };

    /// <summary>The packages.config files of the product nfprojs.</summary>
    private static IEnumerable<string> ConfigFiles() =>
        DeviceProjectTests.ProductNfprojs
            .Select(nfproj => Path.Combine(Path.GetDirectoryName(nfproj)!, "packages.config").Replace('\\', '/'))
            .Where(config => File.Exists(RepoPaths.Of(config)));

    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (string config in ConfigFiles()) data.Add(config);
        return data;
    }

    [Fact]
    public void The_binding_packages_configs_are_among_those_checked()
    {
        string[] configs = ConfigFiles().ToArray();
        Assert.Contains("hal/packages.config", configs);
        Assert.Contains("firmware/Device/packages.config", configs);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_binding_and_every_package_with_a_nuspec_here_is_pinned_at_the_version_read(string config)
    {
        Dictionary<string, string> pinned = Packages(config);
        foreach (var (id, version) in pinned)
        {
            if (Nuspecs.TryGetValue(id, out Nuspec nuspec))
                Assert.True(nuspec.Version == version, config + ": " + id + " " + version + " is pinned, but the nuspec read here is " + nuspec.Version
                    + "'s (" + nuspec.ReadFrom + "): read the new version's nuspec and record it");
            else
                Assert.False(id.StartsWith("nanoFramework.Iot.Device."), config + ": " + id + " " + version + " has no nuspec here: read it and record its dependencies");
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_dependency_a_pinned_package_names_is_pinned_at_exactly_that_version(string config)
    {
        Dictionary<string, string> pinned = Packages(config);
        var problems = new List<string>();
        foreach (string id in pinned.Keys.Where(Nuspecs.ContainsKey))
        {
            foreach (var (dependency, version) in Nuspecs[id].Dependencies)
            {
                if (!pinned.TryGetValue(dependency, out string have))
                    problems.Add(id + " needs " + dependency + " " + version + ", which is not pinned");
                else if (have != version)
                    problems.Add(id + " was built against " + dependency + " " + version + ", pinned is " + have);
            }
        }
        Assert.True(problems.Count == 0, config + ":\n  " + string.Join("\n  ", problems));
    }

    private static Dictionary<string, string> Packages(string config) =>
        XDocument.Load(RepoPaths.Of(config)).Descendants("package")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
}
