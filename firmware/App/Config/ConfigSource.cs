namespace NanoPhone.App.Config;

/// <summary>Where <see cref="ConfigStore.Load"/> found the settings.</summary>
public enum ConfigSource : byte
{
    /// <summary>No configuration file: every key is at its default.</summary>
    Defaults = 0,
    /// <summary>The configuration file.</summary>
    File,
    /// <summary>A complete new file whose save stopped after the old file was removed; the save was finished.</summary>
    Recovered,
}
