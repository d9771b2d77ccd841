using System.IO;
using NanoPhone.App.Config;
using NanoPhone.Host.Storage;
using Xunit;

namespace NanoPhone.App.Tests.Host;

/// <summary>The desktop storage (firmware/Host/Storage/FileConfigStorage.cs) on a temporary folder.</summary>
public sealed class FileConfigStorageTests : System.IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nanophone-cfg-" + System.Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Reads_writes_replaces_and_deletes_files()
    {
        var storage = new FileConfigStorage(_folder);
        Assert.Null(storage.ReadAll("a.cfg"));
        storage.WriteAll("a.cfg.new", new byte[] { 1, 2, 3 });
        storage.WriteAll("a.cfg", new byte[] { 9 });
        storage.Replace("a.cfg.new", "a.cfg");
        Assert.Equal(new byte[] { 1, 2, 3 }, storage.ReadAll("a.cfg"));
        Assert.Null(storage.ReadAll("a.cfg.new"));
        storage.Delete("a.cfg");
        storage.Delete("a.cfg");
        Assert.Null(storage.ReadAll("a.cfg"));
    }

    [Theory]
    [InlineData("../escape.cfg")]
    [InlineData("sub/file.cfg")]
    [InlineData("..")]
    [InlineData("")]
    public void Refuses_names_with_folders(string name)
    {
        var storage = new FileConfigStorage(_folder);
        Assert.Throws<System.ArgumentException>(() => storage.WriteAll(name, new byte[1]));
    }

    [Fact]
    public void Config_saves_and_loads_through_files()
    {
        var config = new PhoneConfig();
        config.TrySet("sip.server", "pbx.example.com", out _);
        config.TrySet("sip.password", "s3cret with spaces", out _);
        var store = new ConfigStore(new FileConfigStorage(_folder));
        Assert.True(store.Save(config, out string error), error);
        Assert.False(File.Exists(Path.Combine(_folder, "nanophone.cfg.new")));

        var loaded = new PhoneConfig();
        var report = new ConfigStore(new FileConfigStorage(_folder)).Load(loaded);
        Assert.Equal(ConfigSource.File, report.Source);
        Assert.Equal(config.Snapshot(), loaded.Snapshot());
    }
}
