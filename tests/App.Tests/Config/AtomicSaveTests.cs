using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.App.Tests.Config;

/// <summary>
/// A save stopped at any byte leaves the old or the new configuration, never a broken one: the new
/// file's write is cut at every offset, and the stop between delete and rename is simulated too.
/// </summary>
public class AtomicSaveTests
{
    private static PhoneConfig OldConfig()
    {
        var c = new PhoneConfig();
        c.TrySet("sip.server", "old.example.com", out _);
        c.TrySet("sip.user", "alice", out _);
        c.TrySet("sip.password", "old-secret", out _);
        c.TrySet("forward.noanswer.target", "sip:voicemail@old.example.com", out _);
        c.TrySet("dnd", "on", out _);
        return c;
    }

    private static PhoneConfig NewConfig()
    {
        var c = new PhoneConfig();
        c.TrySet("sip.server", "new.example.com", out _);
        c.TrySet("sip.user", "bob", out _);
        c.TrySet("sip.password", "new secret with = and \\", out _);
        c.TrySet("sip.expires", "600", out _);
        c.TrySet("ghost.trust", "192.0.2.1,192.0.2.2", out _);
        c.TrySet("net.wifi.ssid", "Caf\u00e9 \u00fcber", out _);
        return c;
    }

    private static MemoryConfigStorage StorageWith(PhoneConfig saved, bool twoStep)
    {
        var storage = new MemoryConfigStorage { TwoStepReplace = twoStep };
        Assert.True(new ConfigStore(storage).Save(saved, out string error), error);
        return storage;
    }

    private static string[] LoadFrom(MemoryConfigStorage storage, out ConfigLoadReport report)
    {
        var loaded = new PhoneConfig();
        report = new ConfigStore(storage).Load(loaded);
        return loaded.Snapshot();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_write_cut_at_any_byte_leaves_the_old_config(bool twoStep)
    {
        string[] oldValues = OldConfig().Snapshot();
        var next = NewConfig();
        int length = ConfigFile.Write(next.Snapshot()).Length;
        for (int cut = 0; cut <= length; cut++)
        {
            var storage = StorageWith(OldConfig(), twoStep);
            storage.CutWriteAt = cut;
            bool saved = new ConfigStore(storage).Save(next, out string error);
            Assert.Equal(cut == length, saved);
            string[] loaded = LoadFrom(storage, out var report);
            Assert.Equal(saved ? next.Snapshot() : oldValues, loaded);
            Assert.Equal(0, report.WarningCount);
            Assert.Equal(ConfigSource.File, report.Source);
            if (!saved) Assert.StartsWith("save failed: power lost after " + cut, error);
        }
    }

    [Fact]
    public void A_stop_between_delete_and_rename_recovers_the_complete_new_file()
    {
        var next = NewConfig();
        var storage = StorageWith(OldConfig(), twoStep: true);
        storage.CutInReplace = true;
        Assert.False(new ConfigStore(storage).Save(next, out _));
        Assert.False(storage.Exists(ConfigStore.DefaultFileName));

        string[] loaded = LoadFrom(storage, out var report);
        Assert.Equal(next.Snapshot(), loaded);
        Assert.Equal(ConfigSource.Recovered, report.Source);
        Assert.Equal("finished an interrupted save", report.Warning(0));
        Assert.True(storage.Exists(ConfigStore.DefaultFileName));
        Assert.False(storage.Exists(ConfigStore.DefaultFileName + ".new"));

        Assert.Equal(next.Snapshot(), LoadFrom(storage, out report));
        Assert.Equal(ConfigSource.File, report.Source);
    }

    [Fact]
    public void A_first_save_cut_at_any_byte_leaves_the_defaults()
    {
        var next = NewConfig();
        int length = ConfigFile.Write(next.Snapshot()).Length;
        for (int cut = 0; cut < length; cut++)
        {
            var storage = new MemoryConfigStorage { CutWriteAt = cut };
            Assert.False(new ConfigStore(storage).Save(next, out _));
            string[] loaded = LoadFrom(storage, out var report);
            Assert.Equal(new PhoneConfig().Snapshot(), loaded);
            Assert.Equal(ConfigSource.Defaults, report.Source);
            Assert.Equal("ignored an incomplete save", report.Warning(0));
            Assert.False(storage.Exists(ConfigStore.DefaultFileName + ".new"));
        }
    }

    [Fact]
    public void A_save_marks_the_config_clean_and_a_failed_one_does_not()
    {
        var storage = new MemoryConfigStorage();
        var store = new ConfigStore(storage);
        var config = NewConfig();
        Assert.True(config.IsDirty);
        storage.CutWriteAt = 5;
        Assert.False(store.Save(config, out _));
        Assert.True(config.IsDirty);
        Assert.True(store.Save(config, out _));
        Assert.False(config.IsDirty);
    }

    [Fact]
    public void Saving_again_after_a_cut_save_works()
    {
        var storage = StorageWith(OldConfig(), twoStep: false);
        var store = new ConfigStore(storage);
        storage.CutWriteAt = 40;
        var next = NewConfig();
        Assert.False(store.Save(next, out _));
        Assert.True(store.Save(next, out _));
        Assert.Equal(next.Snapshot(), LoadFrom(storage, out _));
    }
}
