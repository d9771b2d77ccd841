using System;
using BenchmarkDotNet.Attributes;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Memory;

/// <summary>
/// Bytes allocated by the phone per whole call, per REGISTER refresh, per retransmission and per
/// keep-alive (issue "Memory": ≤ 4 KB from INVITE to 487 handled; 0 per retransmission and per
/// keep-alive). Each op is a complete scenario through an in-memory peer that allocates nothing,
/// on a manual clock that jumps from timer to timer until the scenario's timers have all run out,
/// so the Allocated column is the phone's alone. Times are for the record only (the clock jumps:
/// no waiting); the machine's load makes them noisy, the bytes are exact.
/// Timer-driven retransmissions (A, E, G, 2xx) and the retained-size projection are printed by
/// MemoryFootprintBenchmarks (its setup prints the whole report).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CallMemoryBenchmarks
{
    private PhoneRig _calls = null!, _registered = null!, _ringing = null!, _keepAlive = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calls = new PhoneRig();
        _registered = new PhoneRig();
        _registered.Register();
        _ringing = new PhoneRig();
        _ringing.Ring();
        // A granted expiry of ~23 days: ~66,000 keep-alives per refresh.
        _keepAlive = new PhoneRig(keepAliveSeconds: 30, expires: 2_000_000);
        _keepAlive.Register();
        for (int i = 0; i < 20; i++)
        {
            _calls.IncomingCancelled();
            _calls.IncomingAnswered();
            _calls.Outgoing();
            _registered.RegisterRefresh();
            _ringing.InviteRetransmission();
            _keepAlive.Step();
        }
    }

    [Benchmark(Description = "incoming INVITE → 180 → CANCEL → 487 → ACK (whole call)")]
    public void IncomingCancelled() => _calls.IncomingCancelled();

    [Benchmark(Description = "incoming INVITE → 200 → ACK → BYE (whole call)")]
    public void IncomingAnswered() => _calls.IncomingAnswered();

    [Benchmark(Description = "outgoing INVITE → 180/200 → ACK → BYE (whole call)")]
    public void Outgoing() => _calls.Outgoing();

    [Benchmark(Description = "REGISTER refresh → 200")]
    public void RegisterRefresh() => _registered.RegisterRefresh();

    [Benchmark(Description = "INVITE retransmission received (180 resent)")]
    public void InviteRetransmission() => _ringing.InviteRetransmission();

    [Benchmark(Description = "CRLF keep-alive")]
    public void KeepAlive() => _keepAlive.Step();
}

/// <summary>
/// What a UserAgent preallocates: the op constructs one (capacity 8: 8 + 8 transactions, 2 call
/// slots, the bench rig's; the firmware's AgentCapacity.Device() has 12 + 8), so Allocated is its
/// retained size on CoreCLR. The setup prints the full memory report (allocations per
/// scenario and per retransmission, retained size, the nanoCLR projection for the ESP32, the
/// biggest preallocations).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MemoryFootprintBenchmarks
{
    private sealed class Null : IDatagramSender, IAgentEvents
    {
        public bool Send(byte[] buf, int off, int len, Endpoint to) => true;
        public void OnRegistration(RegistrationState state, string contact, int expires, string detail) { }
        public void OnCall(CallEvent e) { }
    }

    private readonly Null _null = new();

    [GlobalSetup]
    public void Setup() => MemoryReport.Print(Console.Out);

    [Benchmark(Description = "new UserAgent (capacity 8)")]
    public UserAgent NewUserAgent() => MemoryReport.NewAgent(_null, _null);
}
