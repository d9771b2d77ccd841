using NanoPhone.Sip.Timing;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// The benchmark's entry point on nanoCLR (a board, or nanoCLR on a PC): the runtime's clock and
/// heap from nanoFramework.Runtime.Native, the rest portable (NanoBench). It runs once and
/// returns; press the board's reset button to run it again. The only file the nanoFramework gate
/// leaves out (it needs nanoFramework.Runtime.Native, which is not served here).
/// </summary>
public static class Program
{
    public static void Main()
    {
        System.Console.WriteLine("NANOBENCH target " + nanoFramework.Runtime.Native.SystemInfo.TargetName
            + " on " + nanoFramework.Runtime.Native.SystemInfo.Platform);
        NanoBench.Run(new TickCountClock(), new CompactingHeap());
    }

    /// <summary>System.Environment.TickCount64: milliseconds since start, monotonic (DateTime.UtcNow follows SNTP and can jump).</summary>
    private sealed class TickCountClock : IClock
    {
        public long NowMs { get { return System.Environment.TickCount64; } }
    }

    /// <summary>nanoFramework.Runtime.Native.GC.Run(true): a full, compacting collection; returns the free bytes.</summary>
    private sealed class CompactingHeap : IHeapProbe
    {
        public long FreeBytesAfterCollection() { return nanoFramework.Runtime.Native.GC.Run(true); }
    }
}
