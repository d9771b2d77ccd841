using System;
using NanoPhone.Fuzz;
using NanoPhone.Sip.Tests;
using Xunit;

namespace NanoPhone.App.Tests.Web;

/// <summary>
/// CI's bounded smoke of the app's fuzz targets (fuzz/WebTargets: http, the request parser and
/// WebApp.Handle logged in; provision, a provisioning response applied): their seeds and 20,000
/// seeded mutations of them, in process, without AFL.
/// The target throws on a finding, so the test passes only if nothing is thrown. The long run is
/// <c>fuzz/run-afl.sh http SECONDS</c>.
/// </summary>
public class HttpFuzzSmokeTests
{
    private const int Mutations = 20000;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("http")]
    [InlineData("provision")]
    public void The_seeds_and_seeded_mutations_of_them_raise_nothing(string name)
    {
        FuzzTarget target = FuzzTarget.Create(name)!;
        var seeds = target.Seeds(RepoPaths.Of("tests/data"));
        Assert.True(seeds.Count >= 5);
        var smoke = new Smoke(target, seeds);
        string? hang = smoke.RunWithin(Mutations, 9112, HangLimit); // a FuzzFindingException names the input
        Assert.True(hang == null, name + " " + hang);
        Assert.Equal(seeds.Count + Mutations, smoke.Executions);
    }
}
