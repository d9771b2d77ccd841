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
/// 3. The default image is the Release build output of firmware/Device.
/// 4. The script has CRLF line ends, as .gitattributes has git check it out.
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
        string[] planned = r.Stdout.Replace("\r", "").Split('\n').Where(l => l.StartsWith("What if: ")).ToArray();
        Assert.Equal(3, planned.Length);
        string nanoff = Quoted(Path.Combine(box.Bin, "nanoff"));
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
        Assert.Contains("What if: dotnet tool install --tool-path " + Quoted(box.ToolDir) + " nanoff", r.Stdout);
        Assert.Empty(box.DotnetInstalls());
        Assert.False(Directory.Exists(box.ToolDir));
    }

    [Fact]
    public void The_default_image_is_the_Release_output_of_firmware_Device()
    {
        using var box = new FlashSandbox();
        box.AddNanoff();
        string image = RepoPaths.Of(Path.Combine("firmware", "Device", "bin", "Release", "NanoPhone.Device.bin"));

        FlashResult r = box.Run("-SerialPort", "COM5", "-WhatIf");

        if (File.Exists(image))
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("--image " + Quoted(image), r.Stdout);
        }
        else
        {
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(image, FlashRunTests.OneLine(r.Stderr));
        }
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
}
