using NanoPhone.Sip.Timing;

namespace NanoPhone.Bench.Nano;

/// <summary>
/// Times an operation with the runtime's own millisecond clock: runs it once (a check, and the
/// first-call costs out of the way), doubles the run count until one batch takes a quarter of
/// <see cref="BatchMs"/>, scales it to fill a batch, then times <see cref="Batches"/> batches.
/// A batch of ~500 ms keeps the 1 ms clock step under 0.2 % of the figure on any board, fast or
/// slow; the median of the batches keeps a stray interruption (another process on a PC, Wi-Fi on a
/// board) out of it. Per-run figures are in tenths of a microsecond (integers: no floating point).
/// </summary>
public sealed class BenchRunner
{
    /// <summary>Upper bound of runs per batch (a no-op would otherwise double for ever).</summary>
    public const int MaxRuns = 1 << 20;

    private readonly IClock _clock;

    public BenchRunner(IClock clock, int batchMs, int batches)
    {
        if (batchMs < 4 || batches < 1) throw new System.ArgumentException("batchMs ≥ 4, batches ≥ 1");
        _clock = clock;
        BatchMs = batchMs;
        Batches = batches;
    }

    public int BatchMs { get; }

    public int Batches { get; }

    public BenchResult Measure(IBenchOp op)
    {
        op.Run();
        int runs = 1;
        long ms = Time(op, runs);
        while (ms < BatchMs / 4 && runs < MaxRuns)
        {
            runs *= 2;
            ms = Time(op, runs);
        }
        if (ms > 0)
        {
            long scaled = (long)runs * BatchMs / ms;
            runs = scaled < 1 ? 1 : scaled > MaxRuns ? MaxRuns : (int)scaled;
        }
        long[] tenthsUs = new long[Batches];
        for (int b = 0; b < Batches; b++)
        {
            tenthsUs[b] = Time(op, runs) * 10000 / runs;
        }
        Sort(tenthsUs);
        return new BenchResult(op.Name, tenthsUs[Batches / 2], tenthsUs[0], tenthsUs[Batches - 1], Batches, runs);
    }

    private long Time(IBenchOp op, int runs)
    {
        long start = _clock.NowMs;
        for (int i = 0; i < runs; i++) op.Run();
        return _clock.NowMs - start;
    }

    private static void Sort(long[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            long v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
