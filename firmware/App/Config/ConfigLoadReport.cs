namespace NanoPhone.App.Config;

/// <summary>What a load found: its source, how many settings it took, and one warning line per problem.</summary>
public sealed class ConfigLoadReport
{
    private string[] _warnings = NanoPhone.Sip.Text.Strings.NewArray(4);

    public ConfigSource Source { get; internal set; }

    /// <summary>How many settings the load took from the file.</summary>
    public int SettingCount { get; internal set; }

    public int WarningCount { get; private set; }

    public string Warning(int index)
    {
        if (index < 0 || index >= WarningCount) throw new System.ArgumentOutOfRangeException("index");
        return _warnings[index];
    }

    internal void Warn(string line)
    {
        if (WarningCount == _warnings.Length)
        {
            string[] bigger = NanoPhone.Sip.Text.Strings.NewArray(_warnings.Length * 2);
            System.Array.Copy(_warnings, bigger, WarningCount);
            _warnings = bigger;
        }
        _warnings[WarningCount++] = line;
    }
}
