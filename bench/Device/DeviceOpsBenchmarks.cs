using BenchmarkDotNet.Attributes;
using NanoPhone.Bench.Nano;

namespace NanoPhone.Bench.Device;

/// <summary>
/// The nanoFramework benchmark's operations (bench/Nano, NanoBench.Operation) on .NET: the same
/// objects, messages and scenarios, so a figure here and the same-named BENCH line of the program
/// on nanoCLR time the same code. Parse and build also appear in Codec/CodecBenchmarks (the same
/// steps, called directly).
/// </summary>
[MemoryDiagnoser]
public class DeviceOpsBenchmarks
{
    private readonly IBenchOp[] _ops = new IBenchOp[NanoBench.OperationCount];

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _ops.Length; i++)
        {
            _ops[i] = NanoBench.Operation(i);
            _ops[i].Run();
        }
    }

    [Benchmark(Description = "parse-seed-invite")]
    public void ParseSeedInvite() => _ops[0].Run();

    [Benchmark(Description = "parse-invite-1k")]
    public void ParseInvite1K() => _ops[1].Run();

    [Benchmark(Description = "build-180")]
    public void Build180() => _ops[2].Run();

    [Benchmark(Description = "incoming-call (device agent)")]
    public void IncomingCall() => _ops[3].Run();

    [Benchmark(Description = "register-refresh (digest, device agent)")]
    public void RegisterRefresh() => _ops[4].Run();

    [Benchmark(Description = "media-frame (20 ms of a call)")]
    public void MediaFrame() => _ops[5].Run();
}
