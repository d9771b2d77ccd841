using System;
using System.IO;
using System.Linq;
using System.Threading;

namespace NanoPhone.Demo.Tests;

/// <summary>
/// One run of the whole demo, shared by the tests of <see cref="DemoTests"/> (about 30 s on an idle
/// machine): the same <see cref="DemoRunner"/> that <c>./nanophone demo</c> runs, with the desk phone
/// built next to this test assembly, the printed output kept in <see cref="Output"/>.
/// </summary>
public sealed class DemoRun
{
    public DemoRun()
    {
        var options = new DemoOptions
        {
            HostDll = HostDll,
            // Wider than the demo's own: the tests may share 2 cores with other test assemblies.
            Wait = TimeSpan.FromSeconds(30),
            Budget = TimeSpan.FromSeconds(300),
        };
        var output = new StringWriter { NewLine = "\n" };
        Report = new DemoRunner(options, TextWriter.Synchronized(output)).Run(CancellationToken.None);
        Output = output.ToString();
    }

    public DemoReport Report { get; }

    /// <summary>Everything the demo printed.</summary>
    public string Output { get; }

    /// <summary>firmware/Host/bin/CONFIGURATION/net10.0/nanophone.dll, CONFIGURATION as this test assembly's.</summary>
    public static string HostDll
    {
        get
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "nanophone.slnx"))) d = d.Parent;
            if (d == null) throw new DirectoryNotFoundException("repository root (nanophone.slnx) not found above " + AppContext.BaseDirectory);
            string dll = Path.Combine(d.FullName, "firmware", "Host", "bin", configuration, "net10.0", "nanophone.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException("the desktop host is not built: dotnet build firmware/Host", dll);
            return dll;
        }
    }
}
