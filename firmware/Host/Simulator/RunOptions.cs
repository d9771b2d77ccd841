using System.Collections.Generic;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Host.Simulator;

/// <summary>The command line of <c>nanophone run</c>: <c>[--config FILE] [--set KEY=VALUE]... [--capacity device|desktop]</c>.</summary>
public sealed class RunOptions
{
    public const string Usage =
        "usage: nanophone run [--config FILE] [--set KEY=VALUE]... [--capacity device|desktop]\n" +
        "  --config FILE     settings file (key=value lines; 'save' writes it back)\n" +
        "  --set KEY=VALUE   a setting for this run, after the file (repeatable; sip.local.port=0: any free port)\n" +
        "  --capacity device|desktop\n" +
        "                    table sizes: device (default) as on the ESP32, 12+8 transactions, two live calls;\n" +
        "                    desktop for load tests, 120000+1024 transactions, 63 calls ringing at once\n";

    public string? ConfigPath { get; private set; }

    /// <summary>The --set assignments, in order.</summary>
    public List<string> Sets { get; } = new();

    public bool Help { get; private set; }

    /// <summary>The agent's table sizes: the ESP32's unless --capacity desktop.</summary>
    public AgentCapacity Capacity { get; private set; } = AgentCapacity.Device();

    private bool _capacitySet;

    /// <summary>Parses the arguments after "run". On failure returns null and says why, never repeating a value.</summary>
    public static RunOptions? Parse(string[] args, out string? error)
    {
        var o = new RunOptions();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string name = a;
            string? inline = null;
            int eq = a.IndexOf('=');
            if (a.StartsWith("--") && eq > 0)
            {
                name = a.Substring(0, eq);
                inline = a.Substring(eq + 1);
            }
            switch (name)
            {
                case "-h":
                case "--help":
                    o.Help = true;
                    break;
                case "--config":
                    string? path = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (string.IsNullOrEmpty(path)) { error = "--config needs a file name"; return null; }
                    if (o.ConfigPath != null) { error = "--config given twice"; return null; }
                    o.ConfigPath = path;
                    break;
                case "--set":
                    string? assignment = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (assignment == null || assignment.IndexOf('=') <= 0) { error = "--set needs KEY=VALUE"; return null; }
                    o.Sets.Add(assignment);
                    break;
                case "--capacity":
                    string? size = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (o._capacitySet) { error = "--capacity given twice"; return null; }
                    if (size == "device") o.Capacity = AgentCapacity.Device();
                    else if (size == "desktop") o.Capacity = AgentCapacity.Desktop();
                    else { error = "--capacity is device or desktop"; return null; }
                    o._capacitySet = true;
                    break;
                default:
                    error = name.StartsWith("-") ? "unknown option '" + name + "'" : "unexpected argument (settings go after --set)";
                    return null;
            }
        }
        return o;
    }
}
