using System;
using System.IO;

namespace NanoPhone.Host;

public static class Program
{
    private const string Usage =
        "usage: nanophone COMMAND [ARGS]\n" +
        "  lint FILE...   check SIP messages (one per file, as received in a datagram)\n" +
        "  help           this text\n";

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
            default:
                Console.Error.WriteLine("nanophone: unknown command '" + args[0] + "'");
                Console.Error.Write(Usage);
                return 2;
        }
    }
}
