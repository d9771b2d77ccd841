namespace NanoPhone.App.Config;

/// <summary>
/// Loads and saves a <see cref="PhoneConfig"/> through an <see cref="IConfigStorage"/>, atomically:
/// a save writes the whole new file under <see cref="TempFileName"/>, then replaces the old file
/// with it. Stopped at any byte, a save leaves the old file (the new one is incomplete and ignored)
/// or, if the old file was already removed, a complete new file, which Load recognises by its
/// trailer and takes. Never a broken configuration.
/// </summary>
public sealed class ConfigStore
{
    /// <summary>The file name on the device's internal storage (I:\) and in the desktop's folder.</summary>
    public const string DefaultFileName = "nanophone.cfg";

    private readonly IConfigStorage _storage;

    public ConfigStore(IConfigStorage storage) : this(storage, DefaultFileName) { }

    public ConfigStore(IConfigStorage storage, string fileName)
    {
        if (storage == null) throw new System.ArgumentNullException("storage");
        _storage = storage;
        FileName = fileName;
        TempFileName = fileName + ".new";
    }

    public string FileName { get; }

    /// <summary>Where a save writes before it replaces <see cref="FileName"/>.</summary>
    public string TempFileName { get; }

    /// <summary>
    /// Replaces the configuration's values with the file's (defaults where there is none) and says
    /// what it found. Never throws for storage errors or bad content: they become warnings.
    /// </summary>
    public ConfigLoadReport Load(PhoneConfig config)
    {
        var report = new ConfigLoadReport();
        string[] values = null;
        byte[] data = Read(FileName, report);
        if (data != null)
        {
            report.Source = ConfigSource.File;
            values = ConfigFile.Read(data, report);
            Delete(TempFileName, report);
        }
        else
        {
            byte[] pending = Read(TempFileName, report);
            if (pending != null && ConfigFile.IsComplete(pending))
            {
                report.Source = ConfigSource.Recovered;
                values = ConfigFile.Read(pending, report);
                report.Warn("finished an interrupted save");
                try { _storage.Replace(TempFileName, FileName); }
                catch (System.Exception e) { report.Warn("could not finish the interrupted save: " + e.Message); }
            }
            else if (pending != null)
            {
                report.Warn("ignored an incomplete save");
                Delete(TempFileName, report);
            }
        }
        config.ReplaceAll(values != null ? values : NanoPhone.Sip.Text.Strings.NewArray(ConfigKeys.All.Length));
        return report;
    }

    /// <summary>Saves the explicit values. False, with the reason, when the storage failed; the old file then stays.</summary>
    public bool Save(PhoneConfig config, out string error)
    {
        byte[] data = ConfigFile.Write(config.Snapshot());
        try
        {
            _storage.WriteAll(TempFileName, data);
            _storage.Replace(TempFileName, FileName);
        }
        catch (System.Exception e)
        {
            error = "save failed: " + e.Message;
            return false;
        }
        config.MarkSaved();
        error = null;
        return true;
    }

    private byte[] Read(string name, ConfigLoadReport report)
    {
        try { return _storage.ReadAll(name); }
        catch (System.Exception e)
        {
            report.Warn("could not read " + name + ": " + e.Message);
            return null;
        }
    }

    private void Delete(string name, ConfigLoadReport report)
    {
        try { _storage.Delete(name); }
        catch (System.Exception e) { report.Warn("could not delete " + name + ": " + e.Message); }
    }
}
