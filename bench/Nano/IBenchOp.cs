namespace NanoPhone.Bench.Nano;

/// <summary>
/// One operation the phone repeats, as the benchmark times it: <see cref="Run"/> does it once and
/// throws if the phone did not do what the operation expects (a benchmark of a broken path would
/// time the wrong thing). The same objects run on nanoCLR (<see cref="BenchRunner"/>) and on .NET
/// (bench/Device/DeviceOpsBenchmarks, BenchmarkDotNet), so both time the same code.
/// </summary>
public interface IBenchOp
{
    /// <summary>The figure's name in the output, e.g. "parse-seed-invite" (lower case, no spaces).</summary>
    string Name { get; }

    void Run();
}
