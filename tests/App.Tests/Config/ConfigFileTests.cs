using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.App.Tests.Config;

/// <summary>The key=value file: writing, reading, escapes, and lines that are wrong.</summary>
public class ConfigFileTests
{
    private static (PhoneConfig config, ConfigLoadReport report) Load(string text)
    {
        var storage = new MemoryConfigStorage();
        storage.Put(ConfigStore.DefaultFileName, Ascii.Utf8Bytes(text));
        var config = new PhoneConfig();
        var report = new ConfigStore(storage).Load(config);
        return (config, report);
    }

    private static string[] Warnings(ConfigLoadReport report) =>
        Enumerable.Range(0, report.WarningCount).Select(report.Warning).ToArray();

    [Fact]
    public void Writes_only_explicit_values_in_table_order_with_a_trailer()
    {
        var config = new PhoneConfig();
        config.TrySet("dnd", "yes", out _);
        config.TrySet("sip.server", "pbx.example.com", out _);
        config.TrySet("sip.password", " a=b\\c\n ", out _);
        byte[] data = ConfigFile.Write(config.Snapshot());
        string text = Ascii.ToString(data, 0, data.Length);
        string[] lines = text.Split('\n');
        Assert.StartsWith("# ", lines[0]);
        Assert.Equal("sip.server=pbx.example.com", lines[2]);
        Assert.Equal("sip.password=\\sa=b\\\\c\\n\\s", lines[3]);
        Assert.Equal("dnd=on", lines[4]);
        Assert.StartsWith("#end ", lines[5]);
        Assert.Equal("", lines[6]);
        Assert.True(ConfigFile.IsComplete(data));
    }

    [Fact]
    public void Every_value_survives_the_round_trip()
    {
        var config = new PhoneConfig();
        config.TrySet("sip.password", "\\ \t=#\r\n\u00e4\u20ac\ud83d\ude00 x ", out _);
        config.TrySet("net.wifi.ssid", " # not a comment", out _);
        config.TrySet("sip.auth.user", "=", out _);
        byte[] data = ConfigFile.Write(config.Snapshot());
        var report = new ConfigLoadReport();
        Assert.Equal(config.Snapshot(), ConfigFile.Read(data, report));
        Assert.Equal(0, report.WarningCount);
        Assert.Equal(3, report.SettingCount);
    }

    [Fact]
    public void Hand_written_files_need_no_trailer_and_may_use_crlf_bom_comments_and_blanks()
    {
        var (config, report) = Load("\ufeff# my phone\r\n\r\n  sip.server = pbx.example.com  \r\n\t# indented comment\r\nsip.user=alice\r\nsip.password=x = y\r\nSIP.Port=5080");
        Assert.Equal(0, report.WarningCount);
        Assert.Equal(ConfigSource.File, report.Source);
        Assert.Equal("pbx.example.com", config.Get("sip.server"));
        Assert.Equal("alice", config.Get("sip.user"));
        Assert.Equal("x = y", config.Get("sip.password"));
        Assert.Equal("5080", config.Get("sip.port"));
        Assert.False(config.IsDirty);
    }

    [Fact]
    public void Malformed_lines_are_reported_and_never_lose_the_other_settings()
    {
        var (config, report) = Load(string.Join("\n",
            "sip.server=pbx.example.com",
            "this line has no equals sign",
            "sip.sever=typo.example.com",
            "=value without key",
            "sip.port=99999",
            "sip.password=bad\\escape",
            "sip.user=alice",
            "dnd=on",
            "dnd=off",
            "\u0000\u0001garbage=\u00ff",
            "forward.busy.target=sip:alice@example.com",
            "sip.domain=example.com",
            "ghost.action=403"));
        Assert.Equal(new[]
        {
            "line 2: not key=value; ignored",
            "line 3: unknown key (did you mean sip.server or sip.user?); dropped",
            "line 4: unknown key; dropped",
            "line 5: sip.port: must be a whole number from 1 to 65535; ignored",
            "line 6: sip.password: bad escape; ignored",
            "line 9: dnd given again (line 8); this one counts",
            "line 10: unknown key; dropped",
            "line 11: forward.busy.target: our own address (calls would loop); dropped",
        }, Warnings(report));
        Assert.Equal("pbx.example.com", config.Get("sip.server"));
        Assert.Equal("5060", config.Get("sip.port"));
        Assert.Null(config.Get("sip.password"));
        Assert.Equal("alice", config.Get("sip.user"));
        Assert.Equal("off", config.Get("dnd"));
        Assert.Null(config.Get("forward.busy.target"));
        Assert.Equal("403", config.Get("ghost.action"));
        Assert.Equal(5, report.SettingCount);
    }

    [Fact]
    public void Bad_values_in_the_file_are_not_repeated_in_warnings()
    {
        var (_, report) = Load("sip.password=" + new string('s', 200) + "\nnet.wifi.password=short\n");
        Assert.Equal(2, report.WarningCount);
        foreach (var w in Warnings(report))
        {
            Assert.DoesNotContain("sss", w);
            Assert.DoesNotContain("short", w);
        }
    }

    [Fact]
    public void Binary_garbage_loads_as_defaults_with_warnings()
    {
        var random = new System.Random(7);
        for (int round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            var storage = new MemoryConfigStorage();
            storage.Put(ConfigStore.DefaultFileName, bytes);
            var config = new PhoneConfig();
            new ConfigStore(storage).Load(config);
            foreach (var key in ConfigKeys.All)
            {
                string? v = config.Get(key.Name);
                if (v != null) Assert.Null(ConfigValidator.Validate(key, v, out _));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("#end 0 12345678\n")]
    [InlineData("sip.user=alice\n")]
    [InlineData("sip.user=alice\n#end 15 00000000\n")]
    public void Incomplete_without_a_matching_trailer(string text)
    {
        Assert.False(ConfigFile.IsComplete(Ascii.Utf8Bytes(text)));
    }

    [Fact]
    public void The_trailer_covers_every_byte()
    {
        var config = new PhoneConfig();
        config.TrySet("sip.user", "alice", out _);
        byte[] data = ConfigFile.Write(config.Snapshot());
        for (int i = 0; i < data.Length; i++)
        {
            byte[] copy = (byte[])data.Clone();
            copy[i] ^= 0x01;
            Assert.False(ConfigFile.IsComplete(copy), "flipped byte " + i);
        }
    }
}
