using NanoPhone.Bench.Nano.Ops;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// The operations a desk phone repeats, timed on the runtime it runs on, one output line per
/// figure ("BENCH name median us (...)", "HEAP name bytes B (...)"), between a "NANOBENCH start"
/// and a "NANOBENCH done" line. Program.cs gives it the device's clock and heap; bench/README.md
/// says how to run it on a board and on a PC's nanoCLR.
/// </summary>
public static class NanoBench
{
    /// <summary>~0.5 s batches, median of 5: about 3 s per figure on any board.</summary>
    public const int BatchMs = 500;
    public const int Batches = 5;

    /// <summary>How many timed operations there are (<see cref="Operation"/> 0 to OperationCount - 1).</summary>
    public const int OperationCount = 6;

    /// <summary>
    /// A new instance of timed operation i, in output order. Made one at a time and dropped after
    /// its figure: two device agents at once would not fit an ESP32's heap.
    /// </summary>
    public static IBenchOp Operation(int i)
    {
        switch (i)
        {
            case 0: return new ParseOp("parse-seed-invite", BenchMessages.SeedInvite);
            case 1: return new ParseOp("parse-invite-1k", BenchMessages.Invite1K);
            case 2: return new Build180Op();
            case 3: return new IncomingCallOp();
            case 4: return new RegisterRefreshOp();
            // The media path's 20 ms frame: receive + jitter buffer + decode + encode + send, RTCP amortised.
            case 5: return new MediaFrameOp();
            default: throw new System.ArgumentOutOfRangeException("i");
        }
    }

    public static void Run(IClock clock, IHeapProbe heap)
    {
        BenchRunner runner = new BenchRunner(clock, BatchMs, Batches);
        System.Console.WriteLine("NANOBENCH start: median per run of " + Batches + " batches of ~" + BatchMs + " ms");
        HeapFigures.Tables(heap);
        for (int i = 0; i < OperationCount; i++)
        {
            System.Console.WriteLine(runner.Measure(Operation(i)).Line());
        }
        HeapFigures.Print(heap);
        System.Console.WriteLine("NANOBENCH done");
    }
}
