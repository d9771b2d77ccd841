using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace NanoPhone.Demo;

/// <summary>
/// <c>./nanophone demo</c> runs this: <c>NanoPhone.Demo [--host nanophone.dll] [--keep]</c>.
/// Exit 0: every scene ended as the story says; 1: one did not, or the demo could not run; 2: usage.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: NanoPhone.Demo [--host PATH/nanophone.dll] [--keep]\n" +
        "  --host FILE  the desktop host to run as the desk phone (default: out/host/nanophone.dll of this repository)\n" +
        "  --keep       keep the logs, SIPp traces and Kamailio's run dir (under $TMPDIR/nanophone-peers/)\n";

    public static int Main(string[] args)
    {
        var options = new DemoOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    options.HostDll = Path.GetFullPath(args[++i]);
                    break;
                case "--keep":
                    options.KeepFiles = true;
                    break;
                case "-h":
                case "--help":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.Write("nanophone demo: unexpected argument '" + args[i] + "'\n" + Usage);
                    return 2;
            }
        }
        if (options.HostDll.Length == 0) options.HostDll = DefaultHost();

        using var stop = new CancellationTokenSource();
        // Ctrl-C or SIGTERM: stop the scene and clean up (a second Ctrl-C exits at once).
        int interrupts = 0;
        Console.CancelKeyPress += (_, e) =>
        {
            if (Interlocked.Increment(ref interrupts) > 1) return;
            e.Cancel = true;
            stop.Cancel();
        };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        var report = new DemoRunner(options, Console.Out).Run(stop.Token);
        return report.ExitCode;
    }

    /// <summary>out/host/nanophone.dll of the repository this program was built in (what ./nanophone builds).</summary>
    private static string DefaultHost()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        for (int i = 0; i < 10 && d != null; i++, d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "out", "host", "nanophone.dll");
            if (File.Exists(Path.Combine(d.FullName, "nanophone")) && File.Exists(candidate)) return candidate;
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "out", "host", "nanophone.dll");
    }
}
