using NanoPhone.App.Config;
using NanoPhone.App.Console;

namespace NanoPhone.Device.Boot;

/// <summary>The lines the device prints on its console while it starts.</summary>
public static class BootLog
{
    public const string Product = "NanoPhone 0.1";

    public static void Banner(string boardId, IConsoleOutput output)
    {
        output.WriteLine(Product + " on " + boardId + " (type help)");
    }

    /// <summary>Where the settings came from, and every warning of the load.</summary>
    public static void ConfigLoaded(ConfigLoadReport report, string path, IConsoleOutput output)
    {
        switch (report.Source)
        {
            case ConfigSource.File:
                output.WriteLine("config: " + report.SettingCount.ToString() + " settings from " + path);
                break;
            case ConfigSource.Recovered:
                output.WriteLine("config: " + report.SettingCount.ToString() + " settings from an interrupted save of " + path);
                break;
            default:
                output.WriteLine("config: no " + path + ", defaults in use: set net.wifi.ssid, sip.server and sip.user, then save and reboot");
                break;
        }
        for (int i = 0; i < report.WarningCount; i++)
        {
            output.WriteLine("config: warning: " + report.Warning(i));
        }
    }

    /// <summary>A step that failed but let the phone go on (no Wi-Fi, unknown board): one line, when there is one.</summary>
    public static void Problem(string line, IConsoleOutput output)
    {
        if (line != null) output.WriteLine(line);
    }
}
