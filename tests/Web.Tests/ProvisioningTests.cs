using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NanoPhone.App.Tests.Simulator;
using NanoPhone.Web.Tests.Peers;
using Xunit;

namespace NanoPhone.Web.Tests;

/// <summary>
/// Provisioning against a real HTTP server (Debian's nginx on loopback), as the issue asks: at start
/// the phone fetches provision.url with {mac} replaced, applies the file through the same validation
/// (bad lines reported and skipped, the rest applied and saved); an unchanged file costs one short
/// exchange (If-None-Match, 304); a binary file, a 404 or a file with only garbage change nothing.
/// </summary>
public class ProvisioningTests
{
    private const string Mac = "000000000000";   // the simulator on loopback has no MAC address

    [Fact]
    public void The_file_is_fetched_applied_saved_then_304_and_broken_files_change_nothing()
    {
        using var nginx = new Nginx();
        string file = Path.Combine(nginx.Root, Mac + ".cfg");
        File.WriteAllText(file, "# provisioning for the desk phones\nforward.noanswer.seconds=33\nno equals sign here\nsip.port=99999\ndnd=on\n");
        string config = SimulatorWeb.ConfigFile();
        using var phone = new SimulatorProcess("run", "--config", config, "--set", "sip.local.port=0",
            "--set", "provision.url=http://127.0.0.1:" + nginx.Port + "/{mac}.cfg");
        string url = "http://127.0.0.1:" + nginx.Port + "/" + Mac + ".cfg";

        Assert.Equal("PROVISIONED 2 changed, 0 unchanged, 2 lines skipped from " + url, phone.WaitFor("^PROVISION"));
        Assert.Equal("PROVISIONING warning line 3: not key=value; ignored", phone.WaitFor("^PROVISIONING warning"));
        Assert.Equal("PROVISIONING warning line 4: sip.port: must be a whole number from 1 to 65535; ignored", phone.WaitFor("^PROVISIONING warning"));
        phone.Type("show forward.noanswer.seconds");
        Assert.Equal("forward.noanswer.seconds=33", phone.WaitFor("^forward\\.noanswer\\.seconds="));
        string saved = File.ReadAllText(config);
        Assert.Contains("forward.noanswer.seconds=33\n", saved);
        Assert.Contains("dnd=on\n", saved);

        // The next fetch (a change of provision.hours fetches at once) is conditional: 304, nothing else.
        phone.Type("set provision.hours 12");
        Assert.Equal("PROVISIONING unchanged " + url + " (304 Not Modified)", phone.WaitFor("^PROVISION"));
        string[] log = nginx.AccessLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("\"GET /" + Mac + "\\.cfg HTTP/1\\.1\" 200 ", log[0]);
        Assert.Matches("\"GET /" + Mac + "\\.cfg HTTP/1\\.1\" 304 0 ", log[1]);

        // A binary file: nothing applied, the settings as they were.
        File.WriteAllBytes(file, new byte[] { (byte)'d', (byte)'n', (byte)'d', (byte)'=', (byte)'o', (byte)'f', (byte)'f', 10, 0, 0x89, 0x50, 0x4E, 0x47 });
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        phone.Type("set provision.hours 13");
        Assert.Equal("PROVISIONING failed " + url + ": not a text file (NUL bytes); nothing applied", phone.WaitFor("^PROVISION"));
        phone.Type("show dnd");
        Assert.Equal("dnd=on", phone.WaitFor("^dnd="));

        // A text file with garbage and a wrong type: every line reported, nothing changed.
        File.WriteAllText(file, "\u00fc\u00df garbage\nforward.noanswer.seconds=thirty\n=\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(2));
        phone.Type("set provision.hours 14");
        Assert.Equal("PROVISIONED 0 changed, 0 unchanged, 3 lines skipped from " + url, phone.WaitFor("^PROVISION"));
        Assert.Equal("PROVISIONING warning line 2: forward.noanswer.seconds: must be a whole number from 0 to 120; ignored",
            phone.WaitFor("^PROVISIONING warning line 2"));
        phone.Type("show forward.noanswer.seconds");
        Assert.Equal("forward.noanswer.seconds=33", phone.WaitFor("^forward\\.noanswer\\.seconds="));

        // A file that is not there.
        phone.Type("set provision.url http://127.0.0.1:" + nginx.Port + "/missing-{mac}.cfg");
        Assert.Equal("PROVISIONING failed http://127.0.0.1:" + nginx.Port + "/missing-" + Mac + ".cfg: the server answered 404 Not Found; nothing applied",
            phone.WaitFor("^PROVISION"));
        Assert.Contains("forward.noanswer.seconds=33\n", File.ReadAllText(config));
    }

    [Fact]
    public void A_server_that_is_not_there_is_reported_and_nothing_changes()
    {
        int port = Nginx.FreePort();
        using var phone = new SimulatorProcess("run", "--set", "sip.local.port=0", "--set", "provision.url=http://127.0.0.1:" + port + "/a.cfg");
        Assert.Matches(@"^PROVISIONING failed http://127\.0\.0\.1:\d+/a\.cfg: cannot connect to 127\.0\.0\.1:\d+ \(\d+\); nothing applied$",
            phone.WaitFor("^PROVISION"));
    }
}
