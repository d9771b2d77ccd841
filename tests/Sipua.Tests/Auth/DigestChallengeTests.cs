using System;
using System.Text;
using NanoPhone.Sip.Auth;
using Xunit;

namespace NanoPhone.Sip.Tests.Auth;

/// <summary>WWW-Authenticate / Proxy-Authenticate values (RFC 3261 §22.4, §25.1; RFC 7616 §3.3).</summary>
public class DigestChallengeTests
{
    internal static DigestChallenge Parse(string value, out ChallengeStatus status)
    {
        var b = Encoding.UTF8.GetBytes("XX" + value + "YY"); // a view in the middle of a buffer
        var c = new DigestChallenge();
        status = c.Parse(b, 2, b.Length - 4);
        Assert.Equal(status, c.Status);
        return c;
    }

    internal static DigestChallenge ParseOk(string value)
    {
        var c = Parse(value, out var status);
        Assert.True(status == ChallengeStatus.Ok, value + " -> " + status + ": " + c.Reason);
        Assert.Null(c.Reason);
        return c;
    }

    [Fact]
    public void Rfc3261_22_4_kamailio_register_challenge()
    {
        var c = ParseOk("Digest realm=\"nanophone.test\", nonce=\"Zk7x0mZO8PaBGrSyM4a2ZUWtRXqZ+nTl\", qop=\"auth\"");
        Assert.Equal("nanophone.test", c.Realm);
        Assert.Equal("Zk7x0mZO8PaBGrSyM4a2ZUWtRXqZ+nTl", c.Nonce);
        Assert.True(c.QopAuth);
        Assert.Equal(DigestAlgorithm.Md5, c.Algorithm);
        Assert.False(c.AlgorithmGiven);
        Assert.False(c.HasOpaque);
        Assert.Null(c.Opaque);
        Assert.False(c.Stale);
    }

    [Fact]
    public void Rfc7616_3_9_1_folded_challenge_with_auth_and_auth_int()
    {
        var c = ParseOk("Digest\r\n    realm=\"http-auth@example.org\",\r\n    qop=\"auth, auth-int\",\r\n    algorithm=SHA-256,\r\n"
            + "    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n    opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        Assert.Equal("http-auth@example.org", c.Realm);
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.True(c.AlgorithmGiven);
        Assert.True(c.QopAuth);
        Assert.Equal("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", c.Opaque);
    }

    [Theory]
    [InlineData("MD5", DigestAlgorithm.Md5)]
    [InlineData("md5", DigestAlgorithm.Md5)]
    [InlineData("MD5-sess", DigestAlgorithm.Md5Sess)]
    [InlineData("md5-SESS", DigestAlgorithm.Md5Sess)]
    [InlineData("SHA-256", DigestAlgorithm.Sha256)]
    [InlineData("sha-256-sess", DigestAlgorithm.Sha256Sess)]
    [InlineData("SHA-512-256", DigestAlgorithm.Sha512t256)]
    [InlineData("SHA-512-256-sess", DigestAlgorithm.Sha512t256Sess)]
    [InlineData("\"SHA-256\"", DigestAlgorithm.Sha256)]
    public void Rfc8760_2_algorithm_names_case_insensitive(string value, DigestAlgorithm expected)
    {
        var c = ParseOk("Digest realm=\"r\", nonce=\"n\", algorithm=" + value);
        Assert.Equal(expected, c.Algorithm);
        Assert.True(c.AlgorithmGiven);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "MD5")]
    [InlineData(DigestAlgorithm.Md5Sess, "MD5-sess")]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256")]
    [InlineData(DigestAlgorithm.Sha256Sess, "SHA-256-sess")]
    [InlineData(DigestAlgorithm.Sha512t256, "SHA-512-256")]
    [InlineData(DigestAlgorithm.Sha512t256Sess, "SHA-512-256-sess")]
    public void Rfc7616_3_3_algorithm_names_round_trip(DigestAlgorithm algorithm, string name)
    {
        Assert.Equal(name, DigestAlgorithms.Name(algorithm));
        var b = Encoding.ASCII.GetBytes(name);
        Assert.Equal(algorithm, DigestAlgorithms.Parse(b, 0, b.Length));
        Assert.Equal(name.StartsWith("MD5") ? 16 : 32, DigestAlgorithms.HashSize(algorithm));
        Assert.Equal(name.EndsWith("-sess"), DigestAlgorithms.IsSession(algorithm));
        Assert.Equal(DigestAlgorithms.HashSize(algorithm), DigestAlgorithms.CreateHash(algorithm).Size);
    }

    [Theory]
    [InlineData("SHA-1")]
    [InlineData("SHA-512")]
    [InlineData("MD5-")]
    [InlineData("")]
    [InlineData("AKAv1-MD5")]
    public void Rfc7616_3_3_unknown_algorithm_is_reported(string name)
    {
        var c = Parse("Digest realm=\"r\", nonce=\"n\", algorithm=" + name, out var status);
        Assert.Equal(ChallengeStatus.UnsupportedAlgorithm, status);
        Assert.Equal("unsupported algorithm " + name, c.Reason);
        var b = Encoding.ASCII.GetBytes(name);
        Assert.Equal(DigestAlgorithm.Unknown, DigestAlgorithms.Parse(b, 0, b.Length));
        Assert.Null(DigestAlgorithms.Name(DigestAlgorithm.Unknown));
        Assert.Null(DigestAlgorithms.CreateHash(DigestAlgorithm.Unknown));
    }

    [Theory]
    [InlineData("qop=\"auth\"", true)]
    [InlineData("qop=\"auth-int,auth\"", true)]
    [InlineData("qop=\"  auth-int ,  AUTH \"", true)]
    [InlineData("qop=auth", true)]
    [InlineData("qop=\"auth,auth-int\"", true)]
    public void Rfc7616_3_3_qop_list_offering_auth(string qop, bool auth)
    {
        var c = ParseOk("Digest realm=\"r\", " + qop + ", nonce=\"n\"");
        Assert.Equal(auth, c.QopAuth);
    }

    [Theory]
    [InlineData("qop=\"auth-int\"")]
    [InlineData("qop=\"\"")]
    [InlineData("qop=\"authx, xauth\"")]
    public void Rfc7616_3_3_qop_without_auth_cannot_be_answered(string qop)
    {
        var c = Parse("Digest realm=\"r\", nonce=\"n\", " + qop, out var status);
        Assert.Equal(ChallengeStatus.NoAuthQop, status);
        Assert.Equal("qop offers no auth", c.Reason);
    }

    [Fact]
    public void Rfc2617_3_2_1_no_qop_is_rfc2069_compatibility()
    {
        var c = ParseOk("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        Assert.False(c.QopAuth);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", c.Opaque);
    }

    [Theory]
    [InlineData("stale=true", true)]
    [InlineData("stale=TRUE", true)]
    [InlineData("stale=\"True\"", true)]
    [InlineData("stale=false", false)]
    [InlineData("stale=FALSE", false)]
    [InlineData("stale=maybe", false)]
    public void Rfc7616_3_3_stale_flag_case_insensitive(string param, bool stale)
    {
        Assert.Equal(stale, ParseOk("Digest realm=\"r\", nonce=\"n\", " + param).Stale);
    }

    [Fact]
    public void Rfc3261_25_1_quoted_pair_escapes_are_removed()
    {
        var c = ParseOk("Digest realm=\"a \\\"quoted\\\" \\\\ realm, with comma\", nonce=\"x\\yz\"");
        Assert.Equal("a \"quoted\" \\ realm, with comma", c.Realm);
        Assert.Equal("xyz", c.Nonce);
    }

    [Fact]
    public void Rfc7616_3_3_domain_and_unknown_parameters_are_ignored_in_any_order_and_case()
    {
        var c = ParseOk("dIgEsT  NONCE = \"n1\" ,,, domain=\"sip:a.test sip:b.test\", userhash=true, charset=UTF-8,"
            + " x-vendor=\"v, \\\"w\\\"\", ReAlM=r1, Opaque=o1 ,");
        Assert.Equal("r1", c.Realm);
        Assert.Equal("n1", c.Nonce);
        Assert.Equal("o1", c.Opaque);
    }

    [Fact]
    public void A_following_challenge_in_the_same_value_ends_this_one()
    {
        var c = ParseOk("Digest realm=\"r\", nonce=\"n\", Basic realm=\"other\"");
        Assert.Equal("r", c.Realm);
    }

    [Theory]
    [InlineData("", ChallengeStatus.NotDigest, "not a Digest challenge")]
    [InlineData("   ", ChallengeStatus.NotDigest, "not a Digest challenge")]
    [InlineData("Basic realm=x", ChallengeStatus.NotDigest, "not a Digest challenge")]
    [InlineData("Bearer realm=\"x\"", ChallengeStatus.NotDigest, "not a Digest challenge")]
    [InlineData("Digestion realm=\"r\", nonce=\"n\"", ChallengeStatus.NotDigest, "not a Digest challenge")]
    [InlineData("Digest", ChallengeStatus.NoRealm, "challenge has no realm")]
    [InlineData("Digest nonce=\"n\"", ChallengeStatus.NoRealm, "challenge has no realm")]
    [InlineData("Digest realm=\"r\"", ChallengeStatus.NoNonce, "challenge has no nonce")]
    [InlineData("Digest realm=\"r\", qop=\"auth\"", ChallengeStatus.NoNonce, "challenge has no nonce")]
    [InlineData("Digest realm=\"r, nonce=\"n\"", ChallengeStatus.BadSyntax, "expected ',' between parameters")]
    [InlineData("Digest realm=\"r\", nonce=\"n", ChallengeStatus.BadSyntax, "unterminated quoted string")]
    [InlineData("Digest realm=\"r\", nonce=\"n\\\"", ChallengeStatus.BadSyntax, "unterminated quoted string")]
    [InlineData("Digest realm", ChallengeStatus.BadSyntax, "parameter without a value")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"", ChallengeStatus.BadSyntax, "expected ',' between parameters")]
    [InlineData("Digest =\"r\"", ChallengeStatus.BadSyntax, "unexpected character in challenge")]
    [InlineData("Digest,realm=\"r\"", ChallengeStatus.BadSyntax, "no space after Digest")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", ChallengeStatus.UnsupportedAlgorithm, "unsupported algorithm SHA-1")]
    public void Rfc7616_3_3_bad_challenges_give_a_reason(string value, ChallengeStatus expected, string reason)
    {
        var c = Parse(value, out var status);
        Assert.Equal(expected, status);
        Assert.Equal(reason, c.Reason);
    }

    [Fact]
    public void Very_long_values_are_refused_within_the_store()
    {
        string nonce = new string('n', 5000);
        var c = Parse("Digest realm=\"r\", nonce=\"" + nonce + "\"", out var status);
        Assert.Equal(ChallengeStatus.TooLong, status);
        Assert.Equal("challenge nonce is too long", c.Reason);

        var big = new DigestChallenge(8192);
        var b = Encoding.ASCII.GetBytes("Digest realm=\"r\", nonce=\"" + nonce + "\", opaque=\"" + new string('o', 3000) + "\"");
        Assert.Equal(ChallengeStatus.Ok, big.Parse(b, 0, b.Length));
        Assert.Equal(nonce, big.Nonce);

        var algorithm = Parse("Digest realm=\"r\", nonce=\"n\", algorithm=" + new string('X', 10000), out status);
        Assert.Equal(ChallengeStatus.UnsupportedAlgorithm, status);
        Assert.True(algorithm.Reason!.Length < 80, algorithm.Reason);
    }

    [Fact]
    public void A_reused_challenge_forgets_the_previous_one()
    {
        var c = new DigestChallenge();
        var first = Encoding.ASCII.GetBytes("Digest realm=\"r\", nonce=\"n\", opaque=\"o\", algorithm=SHA-256, qop=\"auth\", stale=true");
        Assert.Equal(ChallengeStatus.Ok, c.Parse(first, 0, first.Length));
        var bad = Encoding.ASCII.GetBytes("Basic realm=x");
        Assert.Equal(ChallengeStatus.NotDigest, c.Parse(bad, 0, bad.Length));
        var second = Encoding.ASCII.GetBytes("Digest realm=\"r2\", nonce=\"n2\"");
        Assert.Equal(ChallengeStatus.Ok, c.Parse(second, 0, second.Length));
        Assert.Null(c.Reason);
        Assert.Equal("r2", c.Realm);
        Assert.Equal("n2", c.Nonce);
        Assert.False(c.HasOpaque);
        Assert.False(c.QopAuth);
        Assert.False(c.Stale);
        Assert.False(c.AlgorithmGiven);
        Assert.Equal(DigestAlgorithm.Md5, c.Algorithm);
    }

    [Fact]
    public void Bad_ranges_give_a_status_not_an_exception()
    {
        var c = new DigestChallenge();
        var b = new byte[10];
        Assert.Equal(ChallengeStatus.BadSyntax, c.Parse(null!, 0, 0));
        Assert.Equal(ChallengeStatus.BadSyntax, c.Parse(b, -1, 5));
        Assert.Equal(ChallengeStatus.BadSyntax, c.Parse(b, 5, 6));
        Assert.Equal(ChallengeStatus.BadSyntax, c.Parse(b, 0, -1));
        Assert.Equal(ChallengeStatus.BadSyntax, c.Parse(b, int.MaxValue, 2));
        Assert.NotNull(c.Reason);
    }

    [Fact]
    public void Garbage_bytes_prefixes_and_mutations_never_throw()
    {
        var rng = new Random(7616);
        var c = new DigestChallenge(256);
        var seed = Encoding.ASCII.GetBytes("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", stale=FALSE");
        for (int len = 0; len <= seed.Length; len++) Check(c, seed, len);
        byte[] alphabet = Encoding.ASCII.GetBytes("Digest \"\\,= \t\r\nrealmnoncqpaut-");
        for (int round = 0; round < 20000; round++)
        {
            var b = round % 2 == 0 ? (byte[])seed.Clone() : new byte[rng.Next(0, 300)];
            int changes = round % 2 == 0 ? rng.Next(1, 6) : b.Length;
            for (int i = 0; i < changes && b.Length > 0; i++)
            {
                b[rng.Next(b.Length)] = rng.Next(3) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
            }
            if (round % 4 == 1 && b.Length > 7) Encoding.ASCII.GetBytes("Digest ").CopyTo(b, 0);
            Check(c, b, b.Length);
        }
    }

    private static void Check(DigestChallenge c, byte[] b, int len)
    {
        var status = c.Parse(b, 0, len);
        if (status == ChallengeStatus.Ok)
        {
            Assert.Null(c.Reason);
            Assert.NotNull(c.Realm);
            Assert.NotNull(c.Nonce);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(c.Reason));
        }
    }
}
