using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using NanoPhone.Sip.Tests.Auth;
using NanoPhone.Sip.Tests.Message;
using NanoPhone.Sip.Tests.Registration;
using NanoPhone.Sip.Tests.Transaction;
using NanoPhone.Tests.Shared;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// tests/data/shared holds the expected values that the nanoFramework tests (tests/NFUnitTest) share
/// with the xunit tests. Until every xunit test reads them from there, these tests keep the two in
/// step: the xunit tests' own data (their TheoryData and InlineData, read by reflection) or, where a
/// value is written inside a test method or in tests/App.Tests, its literal in the source must equal
/// the shared value. A change on one side fails here until the other side follows. The embedded
/// wire messages must equal their files under tests/data byte for byte.
/// </summary>
public class SharedVectorsTests
{
    // ---- Torture verdicts ---------------------------------------------------------------------

    [Fact]
    public void Torture_verdicts_are_those_of_TortureMessageTests_in_the_same_order()
    {
        var rows = TortureMessageTests.Rfc4475.Select(r => Row("rfc4475/", r))
            .Concat(TortureMessageTests.Rfc5118.Select(r => Row("rfc5118/", r))).ToArray();
        var shared = Enumerable.Range(0, TortureVerdicts.File.Length)
            .Select(i => TortureVerdicts.File[i] + " " + TortureVerdicts.WellFormed[i] + " " + TortureVerdicts.Answer[i]).ToArray();
        Assert.Equal(61, shared.Length);
        Assert.Equal(TortureVerdicts.File.Length, TortureVerdicts.WellFormed.Length);
        Assert.Equal(TortureVerdicts.File.Length, TortureVerdicts.Answer.Length);
        Assert.Equal(rows, shared);
    }

    private static string Row(string folder, object[] r) => folder + r[0] + ".dat " + r[1] + " " + r[2];

    [Fact]
    public void Every_torture_file_has_a_shared_verdict()
    {
        var files = Directory.GetFiles(Path.Combine(TestData.Dir, "rfc4475"), "*.dat")
            .Concat(Directory.GetFiles(Path.Combine(TestData.Dir, "rfc5118"), "*.dat"))
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(files, TortureVerdicts.File.OrderBy(f => f, StringComparer.Ordinal));
    }

    // ---- Hashes and digests -------------------------------------------------------------------

    [Fact]
    public void Md5_vectors_are_those_of_HashTests()
    {
        var rows = InlineRows(typeof(HashTests), nameof(HashTests.Rfc1321_A5_test_suite));
        Assert.Equal(rows.Select(r => r[0] + " " + r[1]), Zip(HashVectors.Md5Input, HashVectors.Md5Hex));
    }

    [Fact]
    public void Sha256_vectors_are_those_of_HashTests()
    {
        var rows = InlineRows(typeof(HashTests), nameof(HashTests.Fips180_sha256_examples));
        var shared = Enumerable.Range(0, HashVectors.Sha256Input.Length)
            .Select(i => HashVectors.Sha256Input[i] + " " + HashVectors.Sha256Repeat[i] + " " + HashVectors.Sha256Hex[i]);
        Assert.Equal(rows.Select(r => r[0] + " " + r[1] + " " + r[2]), shared);
    }

    [Fact]
    public void Sha512_256_vectors_are_those_of_HashTests()
    {
        var rows = InlineRows(typeof(HashTests), nameof(HashTests.Fips180_4_sha512_256_examples));
        Assert.Equal(rows.Select(r => r[0] + " " + r[1]), Zip(HashVectors.Sha512t256Input, HashVectors.Sha512t256Hex));
    }

    [Fact]
    public void Digest_vectors_are_those_of_DigestResponseTests()
    {
        var t = typeof(DigestResponseTests);
        Assert.Equal(DigestVectors.Rfc7616Nonce, Const(t, "Rfc7616Nonce"));
        Assert.Equal(DigestVectors.Rfc7616Cnonce, Const(t, "Rfc7616Cnonce"));
        Assert.Equal(DigestVectors.Rfc7616Opaque, Const(t, "Rfc7616Opaque"));
        Assert.Equal(DigestVectors.Rfc2617Challenge, Const(t, "Rfc2617Challenge"));
        var challenge = t.GetMethod("Rfc7616Challenge", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (string algorithm in DigestVectors.Rfc7616Algorithm)
            Assert.Equal((string)challenge.Invoke(null, new object[] { algorithm })!, DigestVectors.Rfc7616Challenge(algorithm));
        var rows = InlineRows(t, nameof(DigestResponseTests.Rfc7616_3_9_1_examples_with_md5_and_sha256))
            .Concat(InlineRows(t, nameof(DigestResponseTests.Rfc8760_sha512_256_responses)));
        Assert.Equal(rows.Select(r => r[0] + " " + r[1]), Zip(DigestVectors.Rfc7616Algorithm, DigestVectors.Rfc7616Response));
        string source = "tests/Sipua.Tests/Auth/DigestResponseTests.cs";
        AssertInSource(source, "\"Mufasa\", \"Circle of Life\", \"GET\", \"/dir/index.html\", Rfc7616Cnonce");
        AssertInSource(source, Quote(DigestVectors.Rfc2617ChallengeWithoutQop));
        AssertInSource(source, Quote(DigestVectors.Rfc2617User) + ", " + Quote(DigestVectors.Rfc2617Password) + ", " + Quote(DigestVectors.Method)
            + ", " + Quote(DigestVectors.Uri) + ", " + Quote(DigestVectors.Rfc2617Cnonce));
        AssertInSource(source, "Assert.Equal(" + Quote(DigestVectors.Rfc2617Response) + ", calc.ResponseText)");
        AssertInSource(source, "Assert.Equal(" + Quote(DigestVectors.Rfc2617ResponseWithoutQop) + ", calc.ResponseText)");
    }

    // ---- Registration, transaction timers, call decisions -------------------------------------

    [Fact]
    public void Refresh_delays_are_those_of_RegistrationClientTests()
    {
        var rows = InlineRows(typeof(RegistrationClientTests), nameof(RegistrationClientTests.Refresh_at_90_percent_never_later_than_5_seconds_before_expiry));
        Assert.Equal(rows.Select(r => r[0] + " " + r[1]), Zip(RegistrationVectors.GrantedSeconds, RegistrationVectors.RefreshDelayMs));
    }

    [Fact]
    public void Timer_schedules_are_those_of_the_transaction_tests()
    {
        var udp = (long[])typeof(NonInviteClientTests).GetField("UdpSchedule", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(udp, TimerSchedules.NonInviteClientSends);
        const string invite = "tests/Sipua.Tests/Transaction/InviteClientTests.cs";
        AssertInSource(invite, "new long[] " + Array(TimerSchedules.InviteClientSends) + ", h.SendTimes(\"INVITE\")");
        AssertInSource(invite, Quote(TimerSchedules.InviteClientTimeoutAt + " timeout Timeout"));
        const string nonInvite = "tests/Sipua.Tests/Transaction/NonInviteClientTests.cs";
        AssertInSource(nonInvite, Quote(TimerSchedules.NonInviteClientTimeoutAt + " timeout Timeout"));
        AssertInSource(nonInvite, "new long[] " + Array(TimerSchedules.NonInviteClientShortSends) + ", h.SendTimes(\"OPTIONS\")");
        AssertInSource(nonInvite, Quote(TimerSchedules.NonInviteClientShortTimeoutAt + " timeout Timeout"));
        AssertInSource(nonInvite, "new long[] " + Array(TimerSchedules.NonInviteClientAnsweredSends) + ", h.SendTimes(\"REGISTER\")");
        AssertInSource(nonInvite, Quote(TimerSchedules.NonInviteClientAnsweredEndAt + " terminated Normal"));
        const string server = "tests/Sipua.Tests/Transaction/InviteServerTests.cs";
        AssertInSource(server, "new long[] " + Array(TimerSchedules.InviteServerNoAckSends) + ", h.SendTimes(\"SIP/2.0 404\")");
        AssertInSource(server, Quote(TimerSchedules.InviteServerNoAckTimeoutAt + " timeout NoAck"));
        AssertInSource(server, "h.Respond(tx, Messages.Reply(\"INVITE\", 486, \"Busy Here\")");
        AssertInSource(server, "h.RunUntil(" + TimerSchedules.InviteServerAckedSends[0] + ");");
        AssertInSource(server, "h.RunUntil(" + TimerSchedules.InviteServerAckedAt + ");");
        AssertInSource(server, "new long[] " + Array(TimerSchedules.InviteServerAckedSends) + ", h.SendTimes(\"SIP/2.0 486\")");
        AssertInSource(server, Quote(TimerSchedules.InviteServerAckedEndAt + " terminated Normal"));
    }

    [Fact]
    public void Call_decisions_are_those_of_IncomingCallTests()
    {
        const string calls = "tests/Sipua.Tests/Call/IncomingCallTests.cs";
        AssertInSource(calls, "_h.Responses(" + CallDecisions.MergedRequest + ")");
        AssertInSource(calls, "_h.Responses(" + CallDecisions.CancelAccepted + ", \"CANCEL\")");
        AssertInSource(calls, "_h.Responses(" + CallDecisions.RequestTerminated + ")");
        AssertInSource(calls, "_h.Responses(" + CallDecisions.NoSuchTransaction + ")");
        AssertInSource(calls, "_h.Responses(" + CallDecisions.Redirect + ")");
        AssertInSource(calls, Quote(CallDecisions.Missed));
        AssertInSource(calls, Quote(CallDecisions.CompletedElsewhereReason));
        AssertInSource(calls, Quote(CallDecisions.AnsweredElsewhere));
        AssertInSource(calls, "ForwardNoAnswerTarget = " + Quote(CallDecisions.NoAnswerTarget));
        AssertInSource(calls, "NoAnswerSeconds = " + CallDecisions.NoAnswerSeconds + ";");
        AssertInSource(calls, Quote(CallDecisions.RedirectContact));
        AssertInSource(calls, Quote(CallDecisions.RedirectDiversion));
        AssertInSource(calls, Quote(CallDecisions.Forwarded));
    }

    // ---- Configuration (tests/App.Tests) ------------------------------------------------------

    [Fact]
    public void Config_cases_are_among_those_of_ConfigValidationTests()
    {
        const string validation = "tests/App.Tests/Config/ConfigValidationTests.cs";
        for (int i = 0; i < ConfigVectors.ValidKey.Length; i++)
            AssertInSource(validation, "{ " + Quote(ConfigVectors.ValidKey[i]) + ", " + Quote(ConfigVectors.ValidInput[i]) + ", " + Quote(ConfigVectors.ValidStored[i]) + " }");
        Assert.Equal(ConfigVectors.ValidKey.Length, ConfigVectors.ValidInput.Length);
        Assert.Equal(ConfigVectors.ValidKey.Length, ConfigVectors.ValidStored.Length);
        for (int i = 0; i < ConfigVectors.InvalidKey.Length; i++)
            AssertInSource(validation, "{ " + Quote(ConfigVectors.InvalidKey[i]) + ", " + Quote(ConfigVectors.InvalidInput[i]) + " }");
        Assert.Equal(ConfigVectors.InvalidKey.Length, ConfigVectors.InvalidInput.Length);
        for (int i = 0; i < ConfigVectors.DefaultKey.Length; i++)
            AssertInSource(validation, "[InlineData(" + Quote(ConfigVectors.DefaultKey[i]) + ", " + Quote(ConfigVectors.DefaultValue[i]) + ")]");
        Assert.Equal(ConfigVectors.DefaultKey.Length, ConfigVectors.DefaultValue.Length);
    }

    [Fact]
    public void Config_file_with_bad_lines_is_that_of_ConfigFileTests()
    {
        const string file = "tests/App.Tests/Config/ConfigFileTests.cs";
        // Line 10 there is binary garbage with a NUL, which nanoCLR strings cannot hold; the shared
        // file has another unknown key in its place, so the warnings are the same.
        AssertInSource(file, Quote("\u0000\u0001garbage=\u00ff"));
        Assert.Equal("garbage=x", ConfigVectors.FileWithBadLines[9]);
        for (int i = 0; i < ConfigVectors.FileWithBadLines.Length; i++)
            if (i != 9) AssertInSource(file, Quote(ConfigVectors.FileWithBadLines[i]));
        foreach (string warning in ConfigVectors.FileWithBadLinesWarnings) AssertInSource(file, Quote(warning) + ",");
        for (int i = 0; i < ConfigVectors.FileWithBadLinesKey.Length; i++)
        {
            string get = "config.Get(" + Quote(ConfigVectors.FileWithBadLinesKey[i]) + ")";
            string value = ConfigVectors.FileWithBadLinesValue[i];
            AssertInSource(file, value == ConfigVectors.Unset ? "Assert.Null(" + get + ")" : "Assert.Equal(" + Quote(value) + ", " + get + ")");
        }
        AssertInSource(file, "Assert.Equal(" + ConfigVectors.FileWithBadLinesSettingCount + ", report.SettingCount)");
    }

    // ---- Wire messages ------------------------------------------------------------------------

    [Fact]
    public void Every_embedded_message_equals_its_file_byte_for_byte()
    {
        CheckMessages(WireMessages.SeedFile, WireMessages.SeedText, WireMessages.SeedLength);
        CheckMessages(WireMessages.TortureFile, WireMessages.TortureText, WireMessages.TortureLength);
        Assert.Equal(Directory.GetFiles(Path.Combine(TestData.Dir, "seed"), "*.sip").Length, WireMessages.SeedFile.Length);
        Assert.All(WireMessages.TortureFile, f => Assert.Contains(f, TortureVerdicts.File));
    }

    private static void CheckMessages(string[] files, string[] texts, int[] lengths)
    {
        Assert.Equal(files.Length, texts.Length);
        Assert.Equal(files.Length, lengths.Length);
        for (int i = 0; i < files.Length; i++)
        {
            byte[] expected = TestData.Read(files[i]);
            byte[] embedded = Encoding.UTF8.GetBytes(texts[i]);
            Assert.True(expected.SequenceEqual(embedded) && lengths[i] == expected.Length,
                files[i] + " and its copy in tests/data/shared/WireMessages.cs differ: regenerate that file (tests/data/shared/README.md)");
            Assert.DoesNotContain('\0', texts[i]);
            Assert.DoesNotContain(texts[i], c => char.IsSurrogate(c));
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------

    /// <summary>The rows of a [Theory]'s [InlineData] attributes, in source order.</summary>
    private static object[][] InlineRows(Type type, string method)
    {
        var m = type.GetMethod(method)!;
        return m.GetCustomAttributes<InlineDataAttribute>().SelectMany(a => a.GetData(m)).ToArray();
    }

    private static string Const(Type type, string name) =>
        (string)type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

    private static IEnumerable<string> Zip<TA, TB>(TA[] a, TB[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => x + " " + y);
    }

    /// <summary>"{ 0, 500, 1500 }", as the xunit sources write arrays.</summary>
    private static string Array(long[] values) => "{ " + string.Join(", ", values) + " }";

    /// <summary>s as a C# string literal the way the sources write them (\uXXXX for non-ASCII).</summary>
    private static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '"': b.Append("\\\""); break;
                case '\r': b.Append("\\r"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7E) b.Append("\\u").Append(((int)c).ToString("x4"));
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    private static readonly Dictionary<string, string> Sources = new();

    /// <summary>The literal must occur in the source file (runs of white space count as one space).</summary>
    private static void AssertInSource(string relativePath, string literal)
    {
        if (!Sources.TryGetValue(relativePath, out var text))
        {
            text = Normalize(File.ReadAllText(RepoPaths.Of(relativePath)));
            Sources[relativePath] = text;
        }
        Assert.True(text.Contains(Normalize(literal), StringComparison.Ordinal),
            relativePath + " no longer contains " + literal + ": tests/data/shared/Vectors.cs and that test disagree; change both");
    }

    private static string Normalize(string s) => Regex.Replace(s, @"\s+", " ");
}
