using Xunit;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// The load tests run alone, after the parallel ones: they time themselves and compare the
/// process heap before and after (GC.GetTotalMemory), which other tests' allocations would blur.
/// </summary>
[CollectionDefinition("Load", DisableParallelization = true)]
public sealed class LoadCollection { }
