using System.IO;
using System.Linq;
using System.Text;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.Flash.Tests.FlashScript;

/// <summary>
/// flash.ps1 -WhatIf, and the script as a file.
/// Scenarios:
/// 1. -WhatIf prints the three planned nanoff command lines and runs no nanoff.
/// 2. -WhatIf with nanoff missing prints the install it would do and installs nothing.
/// 3. -WhatIf before the image is built (and with a config file not written yet) still prints the
///    whole plan, and says on stderr what is missing; exit 0.
/// 4. The default image is the Release build output of firmware/Device.
/// 5. nanoff is pinned to a 2.5 release that has the fixes --filedeployment alone needs, and
///    older than 3.0, whose command line is another.
/// 6. The script has CRLF line ends, as .gitattributes has git check it out.
/// </summary>
public class FlashPlanTests
{
    [Fact]
    public void WhatIf_prints_the_planned_nanoff_commands_and_runs_nothing()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", "ESP32_REV0", "-UpdateFirmware",
            "-ConfigFile", "phone conf.cfg", "-Image", box.Image, "-WhatIf");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(box.NanoffCalls());
        string[] planned = Planned(r);
        Assert.Equal(3, planned.Length);
        string nanoff = Quoted(Path.Combine(box.ToolDir, "nanoff"));
        Assert.Equal("What if: " + nanoff + " --target ESP32_REV0 --serialport COM5 --update", planned[0]);
        Assert.Equal("What if: " + nanoff + " --nanodevice --serialport COM5 --deploy --image " + Quoted(box.Image), planned[1]);
        Assert.StartsWith("What if: " + nanoff + " --filedeployment ", planned[2]);
        Assert.Contains(box.Config, planned[2]);
        Assert.Contains("I:\\nanophone.cfg", planned[2]);
        Assert.DoesNotContain("done", r.Stdout);
    }

    [Fact]
    public void WhatIf_without_nanoff_shows_the_install_and_installs_nothing()
    {
        using var box = new FlashSandbox();
        box.AddDotnet(installWorks: true);

        FlashResult r = box.Run("-SerialPort", "COM5", "-Image", box.Image, "-WhatIf");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("What if: dotnet tool install --tool-path " + Quoted(box.ToolDir) + " nanoff --version " + FlashSandbox.PinnedNanoff, r.Stdout);
        Assert.Empty(box.DotnetInstalls());
        Assert.False(Directory.Exists(box.ToolDir));
    }

    [Fact]
    public void WhatIf_before_the_image_is_built_previews_the_whole_plan_and_says_what_is_missing()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();
        string image = Path.Combine(box.Dir, "bin", "Release", "NanoPhone.Device.bin");
        string config = Path.Combine(box.Dir, "not yet.cfg");

        FlashResult r = box.Run("-SerialPort", "COM5", "-Target", "ESP32_REV0", "-UpdateFirmware", "-ConfigFile", config,
            "-Image", image, "-WhatIf");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(box.NanoffCalls());
        string[] planned = Planned(r);
        Assert.Equal(3, planned.Length);
        string nanoff = Quoted(Path.Combine(box.ToolDir, "nanoff"));
        Assert.Equal("What if: " + nanoff + " --target ESP32_REV0 --serialport COM5 --update", planned[0]);
        Assert.Equal("What if: " + nanoff + " --nanodevice --serialport COM5 --deploy --image " + Quoted(image), planned[1]);
        Assert.Contains(config, planned[2]);
        string[] warnings = r.Stderr.Replace("\r", "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[]
        {
            "flash.ps1: warning: no app image at " + image + ": build nf.sln (Release) in Visual Studio with the nanoFramework extension first (a real run stops here)",
            "flash.ps1: warning: config file " + config + " not found (a real run stops here)",
        }, warnings);
    }

    [Fact]
    public void Nanoff_is_pinned_to_the_last_2_5_release_with_the_file_deployment_fixes()
    {
        var v = System.Version.Parse(FlashSandbox.PinnedNanoff);
        // 2.5.126: --filedeployment alone counts as the operation (2.5.125 answered "No operation was
        // performed"); 2.5.157: a file deployment with --serialport is no longer taken for an ESP32
        // firmware operation. 3.0 replaces the options flash.ps1 passes with verbs.
        Assert.Equal(2, v.Major);
        Assert.Equal(5, v.Minor);
        Assert.True(v.Build >= 157, "nanoff " + v + " lacks the file deployment fixes of 2.5.126 and 2.5.157");
        Assert.Contains("nanoff is pinned to version " + v, File.ReadAllText(RepoPaths.Of("flash.ps1")));
    }

    [Fact]
    public void The_default_image_is_the_Release_output_of_firmware_Device()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();
        string image = RepoPaths.Of(Path.Combine("firmware", "Device", "bin", "Release", "NanoPhone.Device.bin"));

        FlashResult r = box.Run("-SerialPort", "COM5", "-WhatIf");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("--image " + Quoted(image), r.Stdout);
        if (!File.Exists(image)) Assert.Contains("no app image at " + image, FlashRunTests.OneLine(r.Stderr));
    }

    [Fact]
    public void The_script_has_CRLF_line_ends_as_gitattributes_asks()
    {
        Assert.Contains("*.ps1 text eol=crlf", File.ReadAllText(RepoPaths.Of(".gitattributes")));
        string text = File.ReadAllText(RepoPaths.Of("flash.ps1"), Encoding.UTF8);
        int lf = text.Count(c => c == '\n');
        int crlf = text.Split("\r\n").Length - 1;
        Assert.True(lf > 0 && lf == crlf, "flash.ps1 has " + (lf - crlf) + " bare LF line ends");
    }

    private static string Quoted(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;

    private static string[] Planned(FlashResult r) =>
        r.Stdout.Replace("\r", "").Split('\n').Where(l => l.StartsWith("What if: ")).ToArray();
}
