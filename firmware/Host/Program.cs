using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using NanoPhone.Host.Simulator;

namespace NanoPhone.Host;

public static class Program
{
    private const string Usage =
        "usage: nanophone COMMAND [ARGS]\n" +
        "  lint FILE...                              check SIP messages (one per file, as received in a datagram)\n" +
        "  run [--config FILE] [--set KEY=VALUE]...  the phone, simulated: console on stdin, events on stdout\n" +
        "  help                                      this text\n";

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h")
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        switch (args[0])
        {
            case "lint":
                return LintCommand.Run(args.AsSpan(1).ToArray(), Console.Out, Console.Error);
            case "run":
                return Run(args.AsSpan(1).ToArray());
            default:
                Console.Error.WriteLine("nanophone: unknown command '" + args[0] + "'");
                Console.Error.Write(Usage);
                return 2;
        }
    }

    private static int Run(string[] args)
    {
        // Room for a loop turn's event lines (EventOutput holds them back and writes them at once).
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 8192) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true, NewLine = "\n" };
        bool terminal = !Console.IsErrorRedirected && !Console.IsOutputRedirected;
        var command = new RunCommand(Console.In, stdout, TextWriter.Synchronized(stderr), terminal, !Console.IsInputRedirected);
        int interrupts = 0;
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C unregisters and exits; a second one exits at once.
            if (++interrupts > 1) Environment.Exit(130);
            e.Cancel = true;
            command.Interrupt();
        };
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            command.Interrupt();
        });
        int status = command.Run(args);
        stdout.Flush();
        return status;
    }
}
