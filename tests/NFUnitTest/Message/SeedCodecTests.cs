using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Message;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Message
{
    /// <summary>
    /// The codec on the seed's messages (tests/data/seed, embedded by tests/data/shared/WireMessages):
    /// each parses, is written back byte for byte from its views and parses back the same; the
    /// phone's 100 and 180 to Alice's INVITE are the seed's, byte for byte.
    /// </summary>
    [TestClass]
    public class SeedCodecTests
    {
        private static byte[][] _seed;
        private static SipParser _parser;

        [Setup]
        public void Convert_the_seed_to_datagrams()
        {
            _parser = new SipParser();
            _seed = new byte[WireMessages.SeedText.Length][];
            for (int i = 0; i < _seed.Length; i++)
            {
                _seed[i] = Bytes.Of(WireMessages.SeedText[i]);
                Assert.AreEqual(WireMessages.SeedLength[i], _seed[i].Length, WireMessages.SeedFile[i]);
            }
        }

        private static byte[] Seed(string file)
        {
            for (int i = 0; i < WireMessages.SeedFile.Length; i++)
            {
                if (WireMessages.SeedFile[i] == file) return Bytes.Copy(_seed[i], 0, _seed[i].Length);
            }
            throw new System.ArgumentException("not in the seed sample: " + file);
        }

        private static SipMessage Parse(byte[] datagram, string what)
        {
            SipMessage m = new SipMessage();
            ParseStatus status = _parser.Parse(datagram, 0, datagram.Length, m);
            Assert.IsTrue(status == ParseStatus.Ok, what + " does not parse: " + m.Error);
            return m;
        }

        [TestMethod]
        public void Every_seed_message_parses_and_the_phone_accepts_it()
        {
            for (int i = 0; i < _seed.Length; i++)
            {
                SipMessage m = Parse(Bytes.Copy(_seed[i], 0, _seed[i].Length), WireMessages.SeedFile[i]);
                string reason;
                Assert.AreEqual(0, RequestCheck.Answer(m, out reason), WireMessages.SeedFile[i] + ": " + reason);
                Assert.AreEqual(_seed[i].Length, m.Length, WireMessages.SeedFile[i]);
            }
        }

        [TestMethod]
        public void Every_seed_message_is_written_back_byte_for_byte_from_its_views()
        {
            SipWriter w = new SipWriter(1024);
            for (int i = 0; i < _seed.Length; i++)
            {
                string file = WireMessages.SeedFile[i];
                SipMessage m = Parse(Bytes.Copy(_seed[i], 0, _seed[i].Length), file);
                Views.Write(w, m);
                int at = Bytes.FirstDifference(_seed[i], _seed[i].Length, w.Buffer, w.Length);
                Assert.AreEqual(-1, at, file + " differs at byte " + at);
                SipMessage again = Parse(Bytes.Copy(w.Buffer, 0, w.Length), file + " written back");
                Views.AssertSame(m, again, file);
            }
        }

        [TestMethod]
        public void Bob_180_Ringing_is_built_from_Alices_INVITE_byte_for_byte()
        {
            SipMessage invite = Parse(Seed("seed/alice-invite.sip"), "alice-invite");
            SipWriter w = new SipWriter(256);
            byte[] tag = Bytes.Of("1234567890");
            ResponseBuilder.Begin(w, invite, 180, "Ringing", tag, 0, tag.Length);
            w.Header("Contact", "<sip:bob@example.com>");
            ResponseBuilder.End(w);
            byte[] expected = Seed("seed/bob-180-ringing.sip");
            Assert.AreEqual(Bytes.Text(expected), Bytes.Text(w.Buffer, 0, w.Length));
        }

        [TestMethod]
        public void Bob_100_Trying_is_built_without_a_To_tag_byte_for_byte()
        {
            SipMessage invite = Parse(Seed("seed/alice-invite.sip"), "alice-invite");
            SipWriter w = new SipWriter(256);
            byte[] tag = Bytes.Of("1234567890");
            ResponseBuilder.Begin(w, invite, 100, "Trying", tag, 0, tag.Length);
            ResponseBuilder.End(w);
            Assert.AreEqual(Bytes.Text(Seed("seed/bob-100-trying.sip")), Bytes.Text(w.Buffer, 0, w.Length));
        }

        [TestMethod]
        public void A_302_keeps_the_requests_To_and_parses_back_with_the_seeds_Contact()
        {
            SipMessage invite = Parse(Seed("seed/alice-invite.sip"), "alice-invite");
            SipMessage seeds = Parse(Seed("seed/bob-302-as-seed.sip"), "bob-302-as-seed");
            SipWriter w = new SipWriter(256);
            byte[] tag = Bytes.Of("1234567890");
            ResponseBuilder.Begin(w, invite, 302, "Moved Temporarily", tag, 0, tag.Length);
            w.Header("Contact", seeds.ValueText(HeaderId.Contact));
            ResponseBuilder.End(w);
            SipMessage ours = Parse(Bytes.Copy(w.Buffer, 0, w.Length), "our 302");
            Assert.AreEqual(302, ours.StatusCode);
            Assert.AreEqual(invite.To.Uri.ToString(), ours.To.Uri.ToString());
            Assert.AreEqual("1234567890", Bytes.Text(ours.Buffer, ours.ToTagOffset, ours.ToTagLength));
            Assert.AreNotEqual(seeds.To.Uri.ToString(), ours.To.Uri.ToString());
            Assert.AreEqual(seeds.ValueText(HeaderId.Contact), ours.ValueText(HeaderId.Contact));
            Assert.AreEqual(invite.CallIdText, ours.CallIdText);
            Assert.AreEqual(invite.CSeq, ours.CSeq);
        }

        [Cleanup]
        public void Release_the_datagrams()
        {
            _seed = null;
            _parser = null;
        }
    }
}
