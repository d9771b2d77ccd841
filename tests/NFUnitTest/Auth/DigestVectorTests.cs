using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Auth
{
    /// <summary>
    /// Digest responses (RFC 7616 §3.9.1, RFC 8760, RFC 2617 §3.5) against the vectors in
    /// tests/data/shared/Vectors, shared with tests/Sipua.Tests DigestResponseTests.
    /// </summary>
    [TestClass]
    public class DigestVectorTests
    {
        private static DigestChallenge Challenge(string value)
        {
            byte[] b = Bytes.Of(value);
            DigestChallenge c = new DigestChallenge();
            Assert.IsTrue(c.Parse(b, 0, b.Length) == ChallengeStatus.Ok, "challenge does not parse: " + c.Reason);
            return c;
        }

        private static string Write(string challenge, string user, string password, string cnonce, uint nc, DigestResponse calc)
        {
            DigestChallenge c = Challenge(challenge);
            SipWriter w = new SipWriter(16);
            byte[] uri = Bytes.Of(DigestVectors.Uri);
            byte[] cn = Bytes.Of(cnonce);
            Assert.IsTrue(calc.Write(w, c, new DigestCredentials(user, password), DigestVectors.Method, uri, 0, uri.Length, cn, 0, cn.Length, nc));
            return Bytes.Text(w.Buffer, 0, w.Length);
        }

        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void Rfc7616_example_response(int row)
        {
            string algorithm = DigestVectors.Rfc7616Algorithm[row];
            DigestResponse calc = new DigestResponse();
            string header = Write(DigestVectors.Rfc7616Challenge(algorithm), DigestVectors.Rfc7616User, DigestVectors.Rfc7616Password,
                DigestVectors.Rfc7616Cnonce, 1, calc);
            Assert.AreEqual(DigestVectors.Rfc7616Response[row], calc.ResponseText, algorithm);
            Assert.Contains("response=\"" + DigestVectors.Rfc7616Response[row] + "\", algorithm=" + algorithm + ",", header);
            Assert.EndsWith(", opaque=\"" + DigestVectors.Rfc7616Opaque + "\", qop=auth, nc=00000001", header);
        }

        [TestMethod]
        public void Rfc2617_example_with_qop_auth()
        {
            DigestResponse calc = new DigestResponse();
            string header = Write(DigestVectors.Rfc2617Challenge, DigestVectors.Rfc2617User, DigestVectors.Rfc2617Password,
                DigestVectors.Rfc2617Cnonce, 1, calc);
            Assert.AreEqual(DigestVectors.Rfc2617Response, calc.ResponseText);
            Assert.StartsWith("Digest username=\"" + DigestVectors.Rfc2617User + "\", realm=\"testrealm@host.com\", ", header);
            Assert.Contains(", uri=\"" + DigestVectors.Uri + "\", response=\"" + DigestVectors.Rfc2617Response + "\", cnonce=\"" + DigestVectors.Rfc2617Cnonce + "\", ", header);
            Assert.EndsWith(", qop=auth, nc=00000001", header);
        }

        [TestMethod]
        public void Rfc2617_example_without_qop_is_the_rfc2069_response_without_nc_or_cnonce()
        {
            DigestResponse calc = new DigestResponse();
            string header = Write(DigestVectors.Rfc2617ChallengeWithoutQop, DigestVectors.Rfc2617User, DigestVectors.Rfc2617Password,
                "unused", 7, calc);
            Assert.AreEqual(DigestVectors.Rfc2617ResponseWithoutQop, calc.ResponseText);
            Assert.DoesNotContains("nc=", header);
            Assert.DoesNotContains("cnonce=", header);
        }

        [TestMethod]
        public void A_session_counts_nonces_and_starts_again_for_a_new_nonce()
        {
            DigestSession session = new DigestSession(new Counter());
            DigestCredentials credentials = new DigestCredentials("alice", "pw");
            DigestChallenge first = Challenge("Digest realm=\"r\", nonce=\"one\", qop=\"auth\"");
            SipWriter w = new SipWriter(64);
            string cnonce = null;
            for (uint expected = 1; expected <= 3; expected++)
            {
                w.Reset();
                Assert.IsTrue(session.Authorize(w, first, credentials, "REGISTER", "sip:r"));
                Assert.AreEqual(expected, session.NonceCount);
                Assert.EndsWith(", nc=0000000" + expected, Bytes.Text(w.Buffer, 0, w.Length));
                if (cnonce == null) cnonce = session.Cnonce;
                Assert.AreEqual(cnonce, session.Cnonce, "the cnonce is kept while the nonce lasts");
            }
            DigestChallenge stale = Challenge("Digest realm=\"r\", nonce=\"two\", qop=\"auth\", stale=true");
            Assert.IsTrue(stale.Stale);
            w.Reset();
            Assert.IsTrue(session.Authorize(w, stale, credentials, "REGISTER", "sip:r"));
            Assert.AreEqual(1u, session.NonceCount);
            Assert.AreNotEqual(cnonce, session.Cnonce);
        }

        /// <summary>1, 2, 3, ...</summary>
        private sealed class Counter : IRandom
        {
            private uint _n;
            public uint Next() { return ++_n; }
        }
    }
}
