using NanoPhone.Sip.Registration;
using Xunit;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// The load tests run alone, after the parallel ones: they time themselves and compare the
/// process heap before and after (GC.GetTotalMemory), which other tests' allocations would blur.
/// </summary>
[CollectionDefinition("Load", DisableParallelization = true)]
public sealed class LoadCollection : ICollectionFixture<ProcessWarmUp> { }

/// <summary>
/// Runs a few hundred calls of every kind once per process before the first load test, so that
/// what the runtime sets up once and keeps (type statics, caches, thread-pool threads, the
/// runner's first result messages) is in every test's baseline, not in its "after".
/// </summary>
public sealed class ProcessWarmUp
{
    public ProcessWarmUp()
    {
        var r = new EnduranceTests.Rig();
        r.Phone.Agent.Registration.Start();
        r.Net.Run(10_000, () => r.Phone.Agent.Registration.State == RegistrationState.Registered);
        for (int i = 0; i < 300; i++) r.Call(i);
        Footprint.HeapNear(Footprint.Heap());
    }
}
