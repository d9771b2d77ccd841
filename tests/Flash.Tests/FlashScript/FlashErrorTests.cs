using Xunit;

namespace NanoPhone.Flash.Tests.FlashScript;

/// <summary>
/// flash.ps1's refusals: one line on stderr starting "flash.ps1: error:", a non-zero exit status
/// (2 for usage errors, 1 for missing files and tools), and no nanoff call.
/// Scenarios:
/// 1. no -SerialPort (the parameter is required on every system; only Windows checks the port exists).
/// 2. -UpdateFirmware without -Target; -MassErase without -UpdateFirmware.
/// 3. no build output: says to build nf.sln in Visual Studio first.
/// 4. a config file that is not there.
/// 5. no nanoff anywhere: it tries "dotnet tool install --tool-path DIR nanoff"; a failed install is the error.
/// 6. no nanoff, and the install works: the installed nanoff runs the steps.
/// </summary>
public class FlashErrorTests
{
    [Fact]
    public void Missing_SerialPort_is_a_usage_error()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-Target", "ESP32_REV0", "-Image", box.Image);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("flash.ps1: error: -SerialPort is required, e.g. -SerialPort COM5 (the port of the board's USB connection)",
            FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Theory]
    [InlineData("-UpdateFirmware", "-UpdateFirmware needs -Target")]
    [InlineData("-MassErase", "-MassErase goes with -UpdateFirmware")]
    public void Options_that_need_another_are_usage_errors(string option, string message)
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", option, "-Image", box.Image);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("flash.ps1: error: " + message, FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Fact]
    public void Missing_build_output_says_to_build_nf_sln_first()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();
        string missing = System.IO.Path.Combine(box.Dir, "bin", "Release", "NanoPhone.Device.bin");

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", missing);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("flash.ps1: error: no app image at " + missing
            + ": build nf.sln (Release) in Visual Studio with the nanoFramework extension first", FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Fact]
    public void Missing_config_file_is_an_error_before_anything_is_flashed()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", "ESP32_REV0", "-UpdateFirmware",
            "-ConfigFile", "no such.cfg", "-Image", box.Image);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("flash.ps1: error: config file no such.cfg not found", FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Fact]
    public void Without_nanoff_it_tries_to_install_it_and_reports_the_failed_install()
    {
        using var box = new FlashSandbox();
        box.AddDotnet(installWorks: false);

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", box.Image);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(new[] { "tool install --tool-path " + box.ToolDir + " nanoff" }, box.DotnetInstalls());
        string error = FlashRunTests.OneLine(r.Stderr.Replace("stand-in dotnet: install failed", ""));
        Assert.StartsWith("flash.ps1: error: nanoff is not installed and \"dotnet tool install --tool-path", error);
        Assert.EndsWith("failed (exit 1); install it by hand: dotnet tool install -g nanoff", error);
        Assert.Empty(box.NanoffCalls());
    }

    [Fact]
    public void Without_nanoff_an_installed_nanoff_runs_the_steps()
    {
        using var box = new FlashSandbox();
        box.AddDotnet(installWorks: true);

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Single(box.DotnetInstalls());
        Assert.Contains("nanoff not found: installing it into " + box.ToolDir, r.Stdout);
        var call = Assert.Single(box.NanoffCalls());
        Assert.Equal(new[] { "--nanodevice", "--serialport", "COM5", "--deploy", "--image", box.Image }, call);
    }
}
