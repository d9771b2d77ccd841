namespace NanoPhone.Bench.Nano;

/// <summary>One timed figure: per-run times in tenths of a microsecond over the batches.</summary>
public sealed class BenchResult
{
    public BenchResult(string name, long medianTenthsUs, long minTenthsUs, long maxTenthsUs, int batches, int runsPerBatch)
    {
        Name = name;
        MedianTenthsUs = medianTenthsUs;
        MinTenthsUs = minTenthsUs;
        MaxTenthsUs = maxTenthsUs;
        Batches = batches;
        RunsPerBatch = runsPerBatch;
    }

    public string Name { get; }
    public long MedianTenthsUs { get; }
    public long MinTenthsUs { get; }
    public long MaxTenthsUs { get; }
    public int Batches { get; }
    public int RunsPerBatch { get; }

    /// <summary>"BENCH parse-seed-invite 1083.2 us (min 1075.0, max 1090.1; 5 batches of 462 runs)".</summary>
    public string Line()
    {
        return "BENCH " + Name + " " + Micros(MedianTenthsUs) + " us (min " + Micros(MinTenthsUs) + ", max "
            + Micros(MaxTenthsUs) + "; " + Batches + " batches of " + RunsPerBatch + " runs)";
    }

    /// <summary>Tenths of a microsecond as "1083.2".</summary>
    public static string Micros(long tenths)
    {
        return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
    }
}
