using System;
using System.Security.Cryptography;
using System.Text;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Sip.Tests.Auth;

/// <summary>Digest responses and the Authorization value (RFC 7616 §3.4, §3.9; RFC 2617 §3.5; RFC 3261 §22.4).</summary>
public class DigestResponseTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private const string Rfc2617Challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
        + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    /// <summary>Returns the values of Next() in order.</summary>
    private sealed class FixedRandom : IRandom
    {
        private readonly uint[] _values;
        private int _next;
        public FixedRandom(params uint[] values) { _values = values; }
        public uint Next() => _values[_next++ % _values.Length];
    }

    private static string Write(string challenge, string user, string password, string method, string uri,
        string cnonce, uint nc, out DigestResponse calculator)
    {
        var c = DigestChallengeTests.ParseOk(challenge);
        calculator = new DigestResponse();
        var w = new SipWriter(16);
        var u = Encoding.UTF8.GetBytes(uri);
        var cn = Encoding.UTF8.GetBytes(cnonce);
        Assert.True(calculator.Write(w, c, new DigestCredentials(user, password), method, u, 0, u.Length, cn, 0, cn.Length, nc));
        return Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
    }

    private static string Rfc7616Challenge(string algorithm) => "Digest\r\n    realm=\"http-auth@example.org\",\r\n"
        + "    qop=\"auth, auth-int\",\r\n    algorithm=" + algorithm + ",\r\n    nonce=\"" + Rfc7616Nonce + "\",\r\n    opaque=\"" + Rfc7616Opaque + "\"";

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_3_9_1_examples_with_md5_and_sha256(string algorithm, string response)
    {
        string header = Write(Rfc7616Challenge(algorithm), "Mufasa", "Circle of Life", "GET", "/dir/index.html", Rfc7616Cnonce, 1, out var calc);
        Assert.Equal(response, calc.ResponseText);
        Assert.Equal("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"" + Rfc7616Nonce + "\", uri=\"/dir/index.html\", "
            + "response=\"" + response + "\", algorithm=" + algorithm + ", cnonce=\"" + Rfc7616Cnonce + "\", opaque=\"" + Rfc7616Opaque + "\", "
            + "qop=auth, nc=00000001", header);
    }

    // The RFC 7616 §3.9.1 inputs with SHA-512-256; expected values computed independently with
    // Python's hashlib (sha512_256), as the RFC prints none for this combination.
    [Theory]
    [InlineData("SHA-512-256", "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0")]
    [InlineData("SHA-512-256-sess", "3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e")]
    public void Rfc8760_sha512_256_responses(string algorithm, string response)
    {
        Write(Rfc7616Challenge(algorithm), "Mufasa", "Circle of Life", "GET", "/dir/index.html", Rfc7616Cnonce, 1, out var calc);
        Assert.Equal(response, calc.ResponseText);
    }

    [Fact]
    public void Rfc2617_3_5_example_with_qop_auth()
    {
        string header = Write(Rfc2617Challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b", 1, out var calc);
        Assert.Equal("6629fae49393a05397450978507c4ef1", calc.ResponseText);
        Assert.Equal("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            + "uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", "
            + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001", header);
    }

    // RFC 2617 §3.2.2.1 / RFC 2069: without qop, response = H(HA1 ":" nonce ":" HA2) and no nc or cnonce.
    [Fact]
    public void Rfc2617_3_5_example_without_qop_is_rfc2069_response()
    {
        string challenge = "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        string header = Write(challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "unused", 7, out var calc);
        Assert.Equal("670fd8c2df070c60b045671b8b24ff02", calc.ResponseText);
        Assert.Equal(Reference("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, 0), calc.ResponseText);
        Assert.Equal("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            + "uri=\"/dir/index.html\", response=\"670fd8c2df070c60b045671b8b24ff02\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header);
    }

    // RFC 7616 §3.4.2: -sess HA1 = H(H(user:realm:password) ":" nonce ":" cnonce); the cnonce is sent even without qop.
    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256-sess")]
    [InlineData("SHA-512-256-sess")]
    public void Rfc7616_3_4_2_sess_without_qop_still_sends_cnonce(string algorithm)
    {
        string header = Write("Digest realm=\"r\", nonce=\"n\", algorithm=" + algorithm, "u", "p", "INVITE", "sip:bob@b.test", "abcdef0123456789", 1, out var calc);
        Assert.Equal(Reference(algorithm, "u", "r", "p", "INVITE", "sip:bob@b.test", "n", "abcdef0123456789", 0), calc.ResponseText);
        Assert.Equal("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:bob@b.test\", response=\"" + calc.ResponseText
            + "\", algorithm=" + algorithm + ", cnonce=\"abcdef0123456789\"", header);
    }

    [Fact]
    public void Rfc7616_3_4_every_algorithm_matches_the_reference_formula_on_random_inputs()
    {
        var rng = new Random(3261);
        string[] algorithms = { "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess" };
        var calc = new DigestResponse();
        var w = new SipWriter(256);
        for (int round = 0; round < 300; round++)
        {
            string alg = algorithms[round % algorithms.Length];
            bool qop = rng.Next(2) == 0;
            string user = Word(rng), realm = Word(rng), password = Word(rng), nonce = Word(rng), cnonce = Word(rng), uri = "sip:" + Word(rng);
            uint nc = (uint)rng.Next();
            var c = DigestChallengeTests.ParseOk("Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=" + alg + (qop ? ", qop=\"auth\"" : ""));
            var u = Encoding.UTF8.GetBytes(uri);
            var cn = Encoding.UTF8.GetBytes(cnonce);
            Assert.True(calc.Compute(c, new DigestCredentials(user, password), "REGISTER", u, 0, u.Length, cn, 0, cn.Length, nc));
            Assert.Equal(Reference(alg, user, realm, password, "REGISTER", uri, nonce, qop ? cnonce : (alg.EndsWith("-sess") ? cnonce : null), qop ? nc : 0, qop), calc.ResponseText);
        }
    }

    [Fact]
    public void Rfc3261_22_4_kamailio_register_round_trip()
    {
        const string nonce = "Zk7x0mZO8PaBGrSyM4a2ZUWtRXqZ+nTl";
        var challenge = DigestChallengeTests.ParseOk("Digest realm=\"nanophone.test\", nonce=\"" + nonce + "\", qop=\"auth\"");
        var session = new DigestSession(new FixedRandom(0x0123abcd, 0xdeadbeef));
        var credentials = new DigestCredentials("alice", "s3cret");
        var w = new SipWriter(64);
        w.HeaderName("Authorization");
        Assert.True(session.Authorize(w, challenge, credentials, "REGISTER", "sip:nanophone.test"));
        w.Crlf();
        string response = Reference("MD5", "alice", "nanophone.test", "s3cret", "REGISTER", "sip:nanophone.test", nonce, "0123abcddeadbeef", 1, true);
        Assert.Equal("Authorization: Digest username=\"alice\", realm=\"nanophone.test\", nonce=\"" + nonce + "\", uri=\"sip:nanophone.test\", "
            + "response=\"" + response + "\", cnonce=\"0123abcddeadbeef\", qop=auth, nc=00000001\r\n", Encoding.ASCII.GetString(w.ToArray()));
        Assert.Equal(1u, session.NonceCount);
        Assert.Equal("0123abcddeadbeef", session.Cnonce);
    }

    // RFC 7616 §3.4: nc counts the requests sent with one nonce; a new nonce starts again at 1.
    [Fact]
    public void Rfc7616_3_4_nonce_count_increments_per_nonce_and_resets_for_a_new_one()
    {
        var session = new DigestSession(new FixedRandom(1, 2, 3, 4, 5, 6));
        var credentials = new DigestCredentials("alice", "pw");
        var first = DigestChallengeTests.ParseOk("Digest realm=\"r\", nonce=\"one\", qop=\"auth\"");
        var w = new SipWriter(64);
        for (uint expected = 1; expected <= 17; expected++)
        {
            w.Reset();
            Assert.True(session.Authorize(w, first, credentials, "REGISTER", "sip:r"));
            Assert.Equal(expected, session.NonceCount);
            Assert.EndsWith(", nc=" + expected.ToString("x8"), Encoding.ASCII.GetString(w.ToArray()));
            Assert.Equal("0000000100000002", session.Cnonce); // kept while the nonce lasts
        }
        var stale = DigestChallengeTests.ParseOk("Digest realm=\"r\", nonce=\"two\", qop=\"auth\", stale=true");
        Assert.True(stale.Stale);
        w.Reset();
        Assert.True(session.Authorize(w, stale, credentials, "REGISTER", "sip:r"));
        Assert.Equal(1u, session.NonceCount);
        Assert.Equal("0000000300000004", session.Cnonce);
        Assert.True(session.Authorize(w, stale, credentials, "REGISTER", "sip:r"));
        Assert.Equal(2u, session.NonceCount);
        session.Reset();
        Assert.True(session.Authorize(w, stale, credentials, "REGISTER", "sip:r"));
        Assert.Equal(1u, session.NonceCount);
        Assert.Equal("0000000500000006", session.Cnonce);
    }

    [Fact]
    public void Rfc7616_3_4_nc_is_eight_lowercase_hex_digits()
    {
        string header = Write("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"", "u", "p", "BYE", "sip:x", "c", 0x1234ABCD, out var calc);
        Assert.EndsWith("qop=auth, nc=1234abcd", header);
        Assert.Equal(Reference("MD5", "u", "r", "p", "BYE", "sip:x", "n", "c", 0x1234ABCD, true), calc.ResponseText);
    }

    [Fact]
    public void Rfc3261_25_1_quotes_and_backslashes_are_escaped_but_hashed_plain()
    {
        string header = Write("Digest realm=\"a\\\"b\\\\c\", nonce=\"n\\\"1\"", "al\"ice\\", "p", "REGISTER", "sip:r", "c", 1, out var calc);
        Assert.StartsWith("Digest username=\"al\\\"ice\\\\\", realm=\"a\\\"b\\\\c\", nonce=\"n\\\"1\", uri=\"sip:r\", ", header);
        Assert.Equal(Reference("MD5", "al\"ice\\", "a\"b\\c", "p", "REGISTER", "sip:r", "n\"1", null, 0), calc.ResponseText);
    }

    [Fact]
    public void Utf8_user_and_realm_are_hashed_and_written_byte_for_byte()
    {
        string header = Write("Digest realm=\"Jäsøn 🦁\", nonce=\"n\", qop=\"auth\"", "Jäsøn Doe", "Secret, or not?", "GET", "/doe.json", "c", 1, out var calc);
        Assert.StartsWith("Digest username=\"Jäsøn Doe\", realm=\"Jäsøn 🦁\", ", header);
        Assert.Equal(Reference("MD5", "Jäsøn Doe", "Jäsøn 🦁", "Secret, or not?", "GET", "/doe.json", "n", "c", 1, true), calc.ResponseText);
    }

    [Fact]
    public void A_challenge_that_did_not_parse_writes_nothing()
    {
        var c = new DigestChallenge();
        var b = Encoding.ASCII.GetBytes("Digest realm=\"r\"");
        Assert.Equal(ChallengeStatus.NoNonce, c.Parse(b, 0, b.Length));
        var w = new SipWriter(16);
        var session = new DigestSession(new FixedRandom(1));
        Assert.False(session.Authorize(w, c, new DigestCredentials("u", "p"), "REGISTER", "sip:r"));
        Assert.False(new DigestResponse().Write(w, c, new DigestCredentials("u", "p"), "REGISTER", b, 0, 1, b, 0, 1, 1));
        Assert.Equal(0, w.Length);
    }

    [Fact]
    public void Authorize_allocates_nothing_once_warm()
    {
        var session = new DigestSession(new FixedRandom(9, 8));
        var credentials = new DigestCredentials("alice", "pw");
        var uri = Encoding.ASCII.GetBytes("sip:nanophone.test");
        var w = new SipWriter(1024);
        foreach (string alg in new[] { "MD5", "SHA-256", "SHA-512-256-sess" })
        {
            var c = DigestChallengeTests.ParseOk("Digest realm=\"nanophone.test\", nonce=\"abc\", qop=\"auth\", opaque=\"o\", algorithm=" + alg);
            w.Reset();
            Assert.True(session.Authorize(w, c, credentials, "REGISTER", uri, 0, uri.Length));
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                w.Reset();
                session.Authorize(w, c, credentials, "REGISTER", uri, 0, uri.Length);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>RFC 7616 §3.4.1 written out with strings and .NET hashes (our SHA-512/256, checked by HashTests, for that one).</summary>
    private static string Reference(string algorithm, string user, string realm, string password, string method, string uri,
        string nonce, string? cnonce, uint nc, bool qop = false)
    {
        string H(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            if (algorithm.StartsWith("MD5")) return Convert.ToHexStringLower(MD5.HashData(b));
            if (algorithm.StartsWith("SHA-256")) return Convert.ToHexStringLower(SHA256.HashData(b));
            return HashTests.Hex(new Sha512t256(), b);
        }
        string ha1 = H(user + ":" + realm + ":" + password);
        if (algorithm.EndsWith("-sess")) ha1 = H(ha1 + ":" + nonce + ":" + cnonce);
        string ha2 = H(method + ":" + uri);
        return qop ? H(ha1 + ":" + nonce + ":" + nc.ToString("x8") + ":" + cnonce + ":auth:" + ha2) : H(ha1 + ":" + nonce + ":" + ha2);
    }

    private static string Word(Random rng)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=@";
        var c = new char[rng.Next(1, 60)];
        for (int i = 0; i < c.Length; i++) c[i] = chars[rng.Next(chars.Length)];
        return new string(c);
    }
}
