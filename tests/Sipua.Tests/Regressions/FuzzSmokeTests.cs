using System;
using System.IO;
using NanoPhone.Fuzz;
using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Regressions;

/// <summary>
/// CI's bounded smoke of the fuzzing harness (fuzz/, compiled in from fuzz/Targets): the seed corpus
/// and 20,000 seeded mutations of it through every target, in process, without AFL; and every input
/// that once broke a target (tests/data/fuzz/TARGET-*.bin) run again. A target throws on a finding
/// (an escaping exception or a broken invariant), so each test passes only if nothing is thrown.
/// </summary>
public class FuzzSmokeTests
{
    private const int Mutations = 20000;
    private const int Seed = 4475;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (FuzzTarget t in FuzzTarget.All()) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_corpus_and_seeded_mutations_of_it_raise_nothing(string name)
    {
        FuzzTarget target = FuzzTarget.Create(name)!;
        // The regression inputs have their own test below; the smoke starts from the RFC and seed data.
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
        string dir = Path.Combine(TestData.Dir, "fuzz");
        if (Directory.Exists(dir))
        {
            string[] files = Directory.GetFiles(dir, "*.bin");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string f in files) data.Add(Path.GetFileName(f));
        }
        if (data.Count == 0) data.Add("(none)");
        return data;
    }

    /// <summary>Each finding's input, run through the target its name starts with ("codec-...bin").</summary>
    [Theory]
    [MemberData(nameof(RegressionInputs))]
    public void A_former_finding_raises_nothing(string file)
    {
        if (file == "(none)") return;
        string name = file.Substring(0, file.IndexOf('-'));
        FuzzTarget? target = FuzzTarget.Create(name);
        Assert.True(target != null, file + " does not start with a target name (codec-, sdp-, digest-)");
        target!.Run(TestData.Read("fuzz/" + file));
    }

    // ---- One test per finding, stating the behaviour that was wrong. ----

    /// <summary>
    /// Finding (codec, AFL and smoke): "To: &lt;sip:bob@example.com&gt;;tag" — a tag parameter without a
    /// value. The request parses as valid, HasToTag is false (NameAddr.Tag reports length 0), so
    /// ResponseBuilder.Begin appends ";tag=OURS" and the 180/200 goes out with "To: ...;tag;tag=OURS",
    /// whose tag reads back empty (the first "tag" wins): the caller can never match our dialog.
    /// Either reject the request (400, tag-param needs a value, RFC 3261 §25.1) or answer with a To tag
    /// that reads back as ours.
    /// </summary>
    [Fact]
    public void A_To_tag_without_a_value_is_rejected_or_answered_with_a_To_tag_that_reads_back()
    {
        byte[] b = TestData.Read("fuzz/codec-to-tag-without-value.bin");
        var m = new SipMessage();
        if (new SipParser().Parse(b, 0, b.Length, m) != ParseStatus.Ok)
        {
            Assert.Equal(400, RequestCheck.Answer(m, out _));
            return;
        }
        Assert.Equal(0, RequestCheck.Answer(m, out _));
        byte[] tag = { (byte)'x', (byte)'1' };
        var w = new SipWriter(64);
        ResponseBuilder.Begin(w, m, 200, "OK", tag, 0, tag.Length);
        ResponseBuilder.End(w);
        byte[] reply = new byte[w.Length];
        Array.Copy(w.Buffer, reply, w.Length);
        var r = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(reply, 0, reply.Length, r));
        Assert.Equal("x1", TestData.Ascii(reply, r.ToTagOffset, r.ToTagLength));
    }
}
