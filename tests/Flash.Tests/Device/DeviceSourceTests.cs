using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.Device;

/// <summary>
/// firmware/Device's sources, read as text: nothing here can compile them against nanoFramework.
/// 1. Every file keeps the rules of nanoCLR 1.17 and of the phone: no generics (they compile but
///    crash nanoCLR), no LINQ, no async, no iterators, no multi-dimensional arrays, explicit types, no
///    string interpolation, no wall clock (DateTime) and no sleeping or timers as a way to wait for
///    time: time comes from the loop's IClock.
/// 2. The files that use no nanoFramework-only API (System.Net, System.IO, System.Device,
///    nanoFramework.*) are compiled into this test project and tested here; the others are named in
///    <see cref="DeviceOnly"/>, with the reason, and only those use such APIs.
/// </summary>
public class DeviceSourceTests
{
    /// <summary>The files that need nanoFramework's assemblies, and why.</summary>
    public static readonly Dictionary<string, string> DeviceOnly = new()
    {
        ["Program.cs"] = "wires the device-only parts together",
        ["Properties/AssemblyInfo.cs"] = "the nanoFramework assembly's attributes",
        ["Hardware/BoardHardware.cs"] = "nanoFramework's GpioController",
        ["Audio/I2sAudioFrames.cs"] = "System.Device.I2s, nanoFramework.Hardware.Esp32's pin functions and the GpioController",
        ["Net/AddressWatch.cs"] = "System.Net.NetworkInformation.NetworkChange",
        ["Net/DeviceSeed.cs"] = "System.Net.NetworkInformation.NetworkInterface",
        ["Net/UdpSocketTransport.cs"] = "nanoFramework's System.Net.Sockets",
        ["Net/DeviceMediaSockets.cs"] = "nanoFramework's System.Net.Sockets (its IPAddress.GetHashCode is the IPv4 address; .NET's is a hash); the port range is App's MediaPortRange, tested there",
        ["Net/DeviceStreamSockets.cs"] = "nanoFramework's System.Net.Sockets, SslStream (Authenticate with a CA) and NetworkInterface.IPv4DnsAddresses",
        ["Net/WifiLink.cs"] = "System.Device.Wifi's WifiNetworkHelper",
        ["Platform/DevicePlatform.cs"] = "nanoFramework.Runtime.Native's Power and GC",
        ["Serial/SerialConsolePort.cs"] = "System.IO.Ports and nanoFramework.Hardware.Esp32",
        ["Storage/InternalStorage.cs"] = "nanoFramework's System.IO.FileSystem",
        ["Web/WebServer.cs"] = "System.Net.Sockets (the simulator compiles and tests this same file)",
        ["Web/IWebSecurity.cs"] = "System.Net.Sockets and System.IO streams (in the simulator too)",
        ["Web/DeviceTls.cs"] = "nanoFramework's SslStream and X509Certificate2",
        ["Web/DeviceWeb.cs"] = "System.Net's IPAddress",
        ["Provisioning/ProvisioningFetcher.cs"] = "System.Net.Sockets (the simulator compiles and tests this same file)",
        ["Provisioning/ITlsClient.cs"] = "System.Net.Sockets and System.IO streams (in the simulator too)",
        ["Provisioning/DeviceTlsClient.cs"] = "nanoFramework's SslStream",
        ["Provisioning/DeviceProvisioning.cs"] = "System.Net.NetworkInformation's NetworkInterface",
        ["Time/SntpTime.cs"] = "nanoFramework.Networking's Sntp",
    };

    /// <summary>The one file that reads the wall clock (what SNTP set), and hands it to the loop's WallClock.</summary>
    private const string WallClockReader = "Time/SntpTime.cs";

    private static readonly (string Pattern, string Rule)[] Forbidden =
    {
        (@"\b[A-Z]\w*<\s*[\w.]+(\s*,\s*[\w.]+)*\s*>", "no generics"),
        (@"\bvar\b", "explicit types (no var)"),
        (@"using System\.Linq", "no LINQ"),
        (@"\basync\b|\bawait\b", "no async"),
        (@"\byield\b", "no iterators"),
        (@"\[\s*,", "no multi-dimensional arrays"),
        (@"\bDateTime\.", "no wall clock: time comes from the IClock"),
        (@"\bvolatile\b", "no volatile (nanoFramework's mscorlib has no IsVolatile): use a lock"),
        (@"Thread\.Sleep\(\s*(\d|Timeout)", "no fixed sleeps: wait in the transport's poll"),
        (@"new\s+(System\.Threading\.)?Timer\s*\(", "no timers: the agent's TimerQueue runs on the loop"),
    };

    private const string DeviceNamespaces = @"using\s+(System\.Net|System\.IO|System\.Device|nanoFramework)\b";

    public static IEnumerable<string> SourceFiles()
    {
        string folder = RepoPaths.Of("firmware/Device");
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"));
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string f in SourceFiles().Order()) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Source_keeps_the_nanoFramework_rules(string file)
    {
        string code = WithoutComments(Read(file));
        Match interpolation = Regex.Match(code, "\\$\"|\\$@\"|@\\$\"");
        Assert.False(interpolation.Success, file + ": no string interpolation (found '" + interpolation.Value + "')");

        code = WithoutStrings(code);
        foreach (var (pattern, rule) in Forbidden)
        {
            if (file == WallClockReader && rule.StartsWith("no wall clock")) continue;
            Match hit = Regex.Match(code, pattern);
            Assert.False(hit.Success, file + ": " + rule + " (found '" + hit.Value + "')");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Portable_files_are_compiled_and_tested_here_and_only_device_files_use_nanoFramework_APIs(string file)
    {
        bool usesDeviceApi = Regex.IsMatch(Read(file), DeviceNamespaces);
        if (DeviceOnly.ContainsKey(file))
        {
            Assert.True(usesDeviceApi || file == "Program.cs" || file.StartsWith("Properties/"),
                file + " is listed as device-only but uses no nanoFramework-only namespace: compile and test it here");
            return;
        }

        Assert.False(usesDeviceApi, file + " uses a nanoFramework-only namespace: list it in DeviceOnly");
        string typeName = "NanoPhone.Device." + file.Substring(0, file.Length - 3).Replace('/', '.');
        Assert.True(typeof(DeviceSourceTests).Assembly.GetType(typeName) != null,
            file + " is portable but not compiled by tests/Flash.Tests (add it to Flash.Tests.csproj), or its type is not " + typeName);
    }

    [Fact]
    public void Program_opens_the_console_and_starts_its_reading_only_through_the_guard()
    {
        // A console that cannot be opened must not stop the SIP phone: ConsoleStart catches it.
        string program = WithoutComments(Read("Program.cs"));
        Assert.Matches(@"ConsoleStart\.Open\(new SerialConsolePort\.Opener\(\), ConsolePins\.For\(board\), new DebugConsolePort\(\)\)", program);
        Assert.Matches(@"ConsoleStart\.StartReading\(port, console, loop\)", program);
        Assert.DoesNotMatch(@"SerialConsolePort\.Open\(|port\.StartReading\(|\bSerialConsolePort\s+\w+\s*=", program);
    }

    [Fact]
    public void Every_device_only_file_exists()
    {
        Assert.Empty(DeviceOnly.Keys.Except(SourceFiles()));
    }

    private static string Read(string file) => File.ReadAllText(RepoPaths.Of("firmware/Device/" + file));

    private static string WithoutComments(string code) =>
        Regex.Replace(Regex.Replace(code, @"/\*.*?\*/", "", RegexOptions.Singleline), @"//.*", "");

    private static string WithoutStrings(string code) =>
        Regex.Replace(Regex.Replace(code, "\"(\\\\.|[^\"\\\\])*\"", "\"\""), @"'(\\.|[^'\\])'", "' '");
}
