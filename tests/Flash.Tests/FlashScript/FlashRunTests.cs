using System.IO;
using System.Linq;
using System.Text.Json;
using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.Flash.Tests.FlashScript;

/// <summary>
/// flash.ps1 with a stand-in nanoff on PATH: the nanoff calls, their arguments and their order.
/// Scenarios:
/// 1. -UpdateFirmware -ConfigFile: update, deploy, file deployment, in that order, exact arguments.
/// 2. neither: only the deploy.
/// 3. -MassErase: --masserase on the update.
/// 4. the file deployment's JSON puts the config file where the device reads it (I:\nanophone.cfg).
/// 5. a failing nanoff step stops the run, names the step, and runs nothing after it.
/// </summary>
public class FlashRunTests
{
    [Fact]
    public void Update_deploy_and_config_run_in_that_order_with_the_expected_arguments()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", "ESP32_REV0", "-UpdateFirmware",
            "-ConfigFile", "phone conf.cfg", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        var calls = box.NanoffCalls();
        Assert.Equal(3, calls.Count);
        Assert.Equal(new[] { "--target", "ESP32_REV0", "--serialport", "COM5", "--update" }, calls[0]);
        Assert.Equal(new[] { "--nanodevice", "--serialport", "COM5", "--deploy", "--image", box.Image }, calls[1]);
        Assert.Equal(2, calls[2].Length);
        Assert.Equal("--filedeployment", calls[2][0]);
        Assert.EndsWith(".json", calls[2][1]);
        Assert.False(File.Exists(calls[2][1]), "the temporary deploy.json is removed after the run");
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Without_UpdateFirmware_and_ConfigFile_only_the_app_is_deployed()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "/dev/ttyUSB0", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        var call = Assert.Single(box.NanoffCalls());
        Assert.Equal(new[] { "--nanodevice", "--serialport", "/dev/ttyUSB0", "--deploy", "--image", box.Image }, call);
    }

    [Fact]
    public void MassErase_goes_onto_the_firmware_update()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM7", "-Target", "ESP32_S3_QUAD", "-UpdateFirmware", "-MassErase", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        var calls = box.NanoffCalls();
        Assert.Equal(2, calls.Count);
        Assert.Equal(new[] { "--target", "ESP32_S3_QUAD", "--serialport", "COM7", "--update", "--masserase" }, calls[0]);
        Assert.Equal("--deploy", calls[1][3]);
    }

    [Fact]
    public void The_file_deployment_puts_the_config_file_where_the_device_reads_it()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-ConfigFile", "phone conf.cfg", "-Image", box.Image);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(2, box.NanoffCalls().Count);
        using JsonDocument json = JsonDocument.Parse(box.DeployJson(2));
        Assert.Equal("COM5", json.RootElement.GetProperty("serialport").GetString());
        JsonElement file = Assert.Single(json.RootElement.GetProperty("files").EnumerateArray().ToArray());
        Assert.Equal("I:\\" + ConfigStore.DefaultFileName, file.GetProperty("DestinationFilePath").GetString());
        Assert.Equal(box.Config, file.GetProperty("SourceFilePath").GetString());
    }

    [Fact]
    public void A_failing_nanoff_step_stops_the_run_and_names_the_step()
    {
        using var box = new FlashSandbox();
        box.AddNanoff(failOn: "--deploy");

        FlashResult r = box.Run("-SerialPort", "COM5", "-ConfigFile", box.Config, "-Image", box.Image);

        Assert.Equal(1, r.ExitCode);
        var call = Assert.Single(box.NanoffCalls());
        Assert.Contains("--deploy", call);
        string error = OneLine(r.Stderr.Replace("stand-in nanoff: failing", ""));
        Assert.StartsWith("flash.ps1: error: deploying the app", error);
        Assert.Contains("nanoff exit 7", error);
    }

    internal static string OneLine(string stderr)
    {
        string[] lines = stderr.Replace("\r", "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one error line, got:\n" + stderr);
        return lines[0];
    }
}
