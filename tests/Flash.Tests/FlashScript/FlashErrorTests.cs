using System.IO;
using System.Linq;
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
/// 5. no nanoff anywhere: it tries "dotnet tool install --tool-path DIR nanoff --version PINNED"; a
///    failed install is the error.
/// 6. no nanoff, and the install works: the installed nanoff runs the steps.
/// 7. a misspelt parameter or a stray value: the script's own one-line error, exit 2 (not
///    PowerShell's binding error, exit 1), naming the parameter it may mean.
/// 8. -Target close to a name nanoff offers (another digit, other letter case): exit 2 with the
///    names it may mean; a name far from all of them (a community target) goes to nanoff with a warning.
/// 9. nanoff of another version in the tool folder is replaced by the pinned one; a nanoff on PATH is not used.
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
        string pinned = FlashSandbox.PinnedNanoff;
        Assert.Equal(new[] { "tool install --tool-path " + box.ToolDir + " nanoff --version " + pinned }, box.DotnetInstalls());
        string error = FlashRunTests.OneLine(r.Stderr.Replace("stand-in dotnet: install failed", ""));
        Assert.StartsWith("flash.ps1: error: nanoff " + pinned + " is not installed and \"dotnet tool install --tool-path", error);
        Assert.EndsWith("failed (exit 1); install it by hand: dotnet tool install --tool-path \"" + box.ToolDir + "\" nanoff --version " + pinned, error);
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
        Assert.Contains("nanoff " + FlashSandbox.PinnedNanoff + " is not in " + box.ToolDir + ": installing it", r.Stdout);
        var call = Assert.Single(box.NanoffCalls());
        Assert.Equal(new[] { "--nanodevice", "--serialport", "COM5", "--deploy", "--image", box.Image }, call);
    }

    [Theory]
    [InlineData("-ConfgFile|phone.cfg", "flash.ps1: error: unknown parameter -ConfgFile (did you mean -ConfigFile?); Get-Help ./flash.ps1 lists them")]
    [InlineData("-SerialPrt|COM6", "flash.ps1: error: unknown parameter -SerialPrt (did you mean -SerialPort?); Get-Help ./flash.ps1 lists them")]
    [InlineData("-Bogus", "flash.ps1: error: unknown parameter -Bogus; Get-Help ./flash.ps1 lists them")]
    [InlineData("COM6", "flash.ps1: error: unexpected argument 'COM6': each value goes after its parameter, e.g. -SerialPort COM5")]
    public void A_misspelt_parameter_or_a_stray_value_is_the_scripts_own_usage_error(string extra, string message)
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run(new[] { "-SerialPort", "COM5", "-Image", box.Image }.Concat(extra.Split('|')).ToArray());

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Theory]
    [InlineData("ESP32_REV1", "ESP32_REV0 or ESP32_REV3")]
    [InlineData("esp32_rev0", "ESP32_REV0 or ESP32_REV3")]
    [InlineData("ESP32_S3", "ESP32_S3_QUAD, ESP32_S3_OCTAL or ESP32_C3")]
    [InlineData("ESP32_S3_QAUD", "ESP32_S3_QUAD")]
    public void A_target_close_to_one_nanoff_offers_is_refused_with_the_names_it_may_mean(string target, string meant)
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", target, "-UpdateFirmware", "-Image", box.Image);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("flash.ps1: error: -Target " + target + " is not a target nanoff offers; did you mean " + meant
            + "? (nanoff --listtargets --platform esp32 lists them)", FlashRunTests.OneLine(r.Stderr));
        Assert.Empty(box.NanoffCalls());
    }

    [Fact]
    public void A_target_far_from_all_nanoff_offers_goes_to_nanoff_with_a_warning()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", "FEATHER_S2", "-UpdateFirmware", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("flash.ps1: warning: -Target FEATHER_S2 is none of the ESP32 targets nanoff offers "
            + "(nanoff --listtargets --platform esp32 lists them); passed to nanoff as it is", FlashRunTests.OneLine(r.Stderr));
        Assert.Equal(new[] { "--target", "FEATHER_S2", "--serialport", "COM5", "--update" }, box.NanoffCalls()[0]);
    }

    [Fact]
    public void Another_nanoff_version_in_the_tool_folder_is_replaced_by_the_pinned_one()
    {
        using var box = new FlashSandbox();
        box.AddNanoff(version: "2.5.125");                 // the release whose --filedeployment alone said "No operation"
        box.AddDotnet(installWorks: true);

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(new[] { "tool update --tool-path " + box.ToolDir + " nanoff --version " + FlashSandbox.PinnedNanoff + " --allow-downgrade" },
            box.DotnetInstalls());
        Assert.True(Directory.Exists(Path.Combine(box.ToolDir, ".store", "nanoff", FlashSandbox.PinnedNanoff)));
        Assert.Single(box.NanoffCalls());
    }

    [Fact]
    public void A_nanoff_on_PATH_is_not_used_the_pinned_one_is()
    {
        using var box = new FlashSandbox();
        box.AddNanoff(folder: box.Bin, failOn: "--deploy");  // on PATH: would fail the deploy
        box.AddDotnet(installWorks: true);

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Single(box.DotnetInstalls());
        Assert.Single(box.NanoffCalls());                   // the pinned one's, which succeeded
    }
}
