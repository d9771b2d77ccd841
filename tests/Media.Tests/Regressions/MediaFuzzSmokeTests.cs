using System;
using System.IO;
using NanoPhone.Fuzz;
using NanoPhone.Media.Jitter;
using Xunit;

namespace NanoPhone.Media.Tests.Regressions;

/// <summary>
/// CI's bounded smoke of the media fuzz targets (fuzz/MediaTargets, compiled in): each target's seed
/// corpus and 20,000 seeded mutations of it, in process, without AFL; and every input that once broke
/// a media target (tests/data/fuzz/media/TARGET-*.bin) again. A target throws on a finding (an
/// escaping exception or a broken invariant), so each test passes only if nothing is thrown.
/// </summary>
public class MediaFuzzSmokeTests
{
    private const int Mutations = 20000;
    private const int Seed = 3550;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (FuzzTarget t in MediaFuzzTargets.All()) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_corpus_and_seeded_mutations_of_it_raise_nothing(string name)
    {
        FuzzTarget target = MediaFuzzTargets.Create(name)!;
        var seeds = target.Seeds(TestData.Dir).FindAll(s => !s.Name.StartsWith("regression-", StringComparison.Ordinal));
        Assert.NotEmpty(seeds);
        var smoke = new Smoke(target, seeds);
        string? hang = smoke.RunWithin(Mutations, Seed, HangLimit); // a FuzzFindingException names the input
        Assert.True(hang == null, name + " " + hang);
        Assert.Equal(seeds.Count + Mutations, smoke.Executions);
    }

    public static TheoryData<string> RegressionInputs()
    {
        var data = new TheoryData<string>();
        string dir = Path.Combine(TestData.Dir, "fuzz", "media");
        if (Directory.Exists(dir))
        {
            string[] files = Directory.GetFiles(dir, "*.bin");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string f in files) data.Add(Path.GetFileName(f));
        }
        if (data.Count == 0) data.Add("(none)");
        return data;
    }

    [Theory]
    [MemberData(nameof(RegressionInputs))]
    public void A_former_finding_raises_nothing(string file)
    {
        if (file == "(none)") return;
        FuzzTarget? target = MediaFuzzTargets.Create(file.Substring(0, file.IndexOf('-')));
        Assert.True(target != null, file + " does not start with a media target name (rtp-, rtcp-, jitter-)");
        target!.Run(TestData.Read("fuzz/media/" + file));
    }

    // ---- One test per finding, stating the behaviour that was wrong. ----

    /// <summary>
    /// Finding (jitter, smoke): after late stragglers had pushed the target delay to its 200 ms
    /// maximum, a 110 ms packet that re-anchored the timeline was placed 200 ms ahead of the playout
    /// point: its end lay past the 320 ms ring, over the unit being played. Payloads are now at most
    /// 60 ms and the maximum delay leaves room for one, and for the frames being read.
    /// </summary>
    [Fact]
    public void A_packet_that_re_anchors_at_the_largest_delay_fits_the_ring()
    {
        var jb = new JitterBuffer(20, 200, 200);
        var frame = new short[160];
        jb.Read(frame, 0);
        // Anchored 200 ms ahead, 20 ms before the next read: the longest packet still ends inside the ring.
        Assert.Equal(JitterResult.Resynced, jb.Insert(1000, new byte[480], 0, 480, 0, false, 40));
        Assert.InRange(jb.BufferedSamples, 1600 + 480, jb.CapacitySamples - JitterBuffer.UnitSamples);
        Assert.Equal(JitterResult.Oversize, jb.Insert(2000, new byte[880], 0, 880, 0, true, 40));
        target.Run(TestData.Read("fuzz/media/jitter-anchor-past-the-ring.bin"));
    }

    private readonly FuzzTarget target = MediaFuzzTargets.Create("jitter")!;

    /// <summary>
    /// Finding (jitter, AFL, 33 crashes): a timestamp about 2^31 samples from the playout point made
    /// "position − playout point" overflow int, so a late packet recorded a lead of +2^31, the delay
    /// control jumped the playout point by that much, and the next read indexed the fill counts with
    /// a negative unit. The distance is now a wrapping 32-bit difference of timestamps.
    /// </summary>
    [Fact]
    public void A_timestamp_half_the_clock_away_is_dropped_or_a_new_anchor_never_an_overflow()
    {
        var jb = new JitterBuffer(20, 200, 40);
        var frame = new short[160];
        var p = new byte[160];
        uint ts = 0x7FFFFF00;
        for (int i = 0; i < 20; i++, ts += 160)
        {
            jb.Insert(ts, p, 0, 160, 0, false, 20 * i);
            jb.Read(frame, 20 * i + 1);
        }
        // Anchored at the first packet: position 0 is its timestamp − 2560. This one is 2^31 + 100 past that.
        uint farOff = 0x7FFFFF00u - 2560 + 0x80000000u + 100;
        // Half the clock away is as far behind as ahead: dropped (too early, buffer not empty) either way.
        Assert.Equal(JitterResult.TooEarly, jb.Insert(farOff, p, 0, 160, 0, false, 400));
        Assert.Equal(JitterResult.TooEarly, jb.Insert(farOff + 160, p, 0, 160, 0, false, 400));
        for (int i = 0; i < 50; i++) jb.Read(frame, 420 + 20 * i);
        Assert.InRange(jb.Delay.Delay, -1600, jb.CapacitySamples);
        Assert.True(jb.SkippedSamples >= 0 && jb.SkippedSamples < 10 * jb.CapacitySamples);
        target.Run(TestData.Read("fuzz/media/jitter-timestamp-half-the-clock-away.bin"));
    }

    [Fact]
    public void The_harness_knows_the_media_targets_and_the_sip_ones()
    {
        Assert.NotNull(MediaFuzzTargets.Create("rtp"));
        Assert.NotNull(MediaFuzzTargets.Create("rtcp"));
        Assert.NotNull(MediaFuzzTargets.Create("jitter"));
        Assert.NotNull(MediaFuzzTargets.Create("codec"));
        Assert.Null(MediaFuzzTargets.Create("nope"));
    }
}
