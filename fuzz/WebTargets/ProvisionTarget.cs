#nullable disable
using System.Collections.Generic;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Provisioning;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Fuzz;

/// <summary>
/// One provisioning response, as the fetcher reads it off the connection: ProvisioningClient.Received
/// (HttpResponseReader, then the file through ConfigFile's validation and PhoneConfig.TrySet).
/// Invariants: nothing thrown; the outcome is one line naming the URL; a response that was not applied
/// leaves the settings as they were; every setting taken passes the validator on its own.
/// </summary>
public sealed class ProvisionTarget : FuzzTarget
{
    private const string Url = "http://cfg.example.com/24a160c0ffee.cfg";

    public override string Name { get { return "provision"; } }

    public override string Description { get { return "one provisioning response: ProvisioningClient.Received"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        string file = "forward.noanswer.seconds=33\nbogus\nsip.port=99999\ndnd=on\nsip.server=192.0.2.10\nghost.trust=192.0.2.1, 192.0.2.2\n";
        string[] responses =
        {
            "HTTP/1.1 200 OK\r\nETag: \"a\"\r\nContent-Length: " + file.Length + "\r\n\r\n" + file,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ndnd=on\r\n1;x\r\n\n\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + file,
            "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n",
            "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nd\0d=o",
            "HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\nforward.always.target=sip:x@y\n",
        };
        var seeds = new List<Seed>();
        for (int i = 0; i < responses.Length; i++) seeds.Add(new Seed("provision-" + i + ".txt", Encoding.UTF8.GetBytes(responses[i])));
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    public override void Run(byte[] data)
    {
        var config = new PhoneConfig();
        string ignored;
        config.TrySet(ConfigKeys.SipUser, "linda", out ignored);
        config.TrySet(ConfigKeys.SipDomain, "example.com", out ignored);
        string[] before = config.Snapshot();
        var client = new ProvisioningClient(config, new ConfigStore(new MemoryConfigStorage()), new ManualClock(1000)) { Mac = "24a160c0ffee" };
        byte[] copy = (byte[])data.Clone();
        string line = client.Received(Url, copy, copy.Length, closed: true);
        Check(line != null && line.IndexOf('\n') < 0 && line.Contains(Url), "the outcome is not one line naming the URL");
        string[] after = config.Snapshot();
        if (!line.StartsWith("PROVISIONED "))
        {
            for (int i = 0; i < after.Length; i++) Check(after[i] == before[i], "a response that was not applied changed " + ConfigKeys.All[i].Name);
            return;
        }
        for (int i = 0; i < after.Length; i++)
        {
            if (after[i] == null) continue;
            string normalized;
            Check(ConfigValidator.Validate(ConfigKeys.All[i], after[i], out normalized) == null && normalized == after[i],
                "provisioning took a value the validator refuses for " + ConfigKeys.All[i].Name);
        }
    }
}
