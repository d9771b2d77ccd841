using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Message;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Message
{
    /// <summary>
    /// A sample of the RFC 4475/5118 torture messages (embedded by tests/data/shared/WireMessages):
    /// the RFCs' verdicts (shared with tests/Sipua.Tests TortureMessageTests through
    /// tests/data/shared/Vectors), the messages that parse survive a rewrite from their views, and
    /// every stateless rejection the phone would send carries the status (and parses back when the
    /// request was well-formed).
    /// </summary>
    [TestClass]
    public class TortureSampleTests
    {
        private static byte[] Datagram(string file)
        {
            for (int i = 0; i < WireMessages.TortureFile.Length; i++)
            {
                if (WireMessages.TortureFile[i] == file)
                {
                    byte[] b = Bytes.Of(WireMessages.TortureText[i]);
                    Assert.AreEqual(WireMessages.TortureLength[i], b.Length, file + ": length of the embedded text");
                    return b;
                }
            }
            throw new System.ArgumentException("not in the torture sample: " + file);
        }

        [TestMethod]
        public void Every_sample_message_has_a_verdict_in_the_shared_table()
        {
            Assert.AreEqual(61, TortureVerdicts.File.Length);
            Assert.AreEqual(61, TortureVerdicts.WellFormed.Length);
            Assert.AreEqual(61, TortureVerdicts.Answer.Length);
            for (int i = 0; i < WireMessages.TortureFile.Length; i++)
            {
                Assert.IsTrue(TortureVerdicts.IndexOf(WireMessages.TortureFile[i]) >= 0, WireMessages.TortureFile[i]);
            }
        }

        [DataRow("rfc4475/wsinv.dat")]
        [DataRow("rfc4475/esc01.dat")]
        [DataRow("rfc4475/esc02.dat")]
        [DataRow("rfc4475/escnull.dat")]
        [DataRow("rfc4475/lwsdisp.dat")]
        [DataRow("rfc4475/unreason.dat")]
        [DataRow("rfc4475/badinv01.dat")]
        [DataRow("rfc4475/clerr.dat")]
        [DataRow("rfc4475/scalarlg.dat")]
        [DataRow("rfc4475/badvers.dat")]
        [DataRow("rfc4475/mismatch01.dat")]
        [DataRow("rfc4475/insuf.dat")]
        [DataRow("rfc4475/unkscm.dat")]
        [DataRow("rfc4475/bext01.dat")]
        [DataRow("rfc4475/invut.dat")]
        [DataRow("rfc4475/sdp01.dat")]
        [DataRow("rfc4475/bcast.dat")]
        [DataRow("rfc4475/inv2543.dat")]
        [DataRow("rfc5118/ipv6-bad.dat")]
        [DataRow("rfc5118/port-ambiguous.dat")]
        [DataRow("rfc5118/via-received-param-with-delim.dat")]
        public void Verdict_is_the_RFCs(string file)
        {
            int v = TortureVerdicts.IndexOf(file);
            Assert.IsTrue(v >= 0, file + " has no verdict");
            byte[] data = Datagram(file);
            SipMessage m = new SipMessage();
            ParseStatus status = new SipParser().Parse(data, 0, data.Length, m);
            Assert.AreEqual(TortureVerdicts.WellFormed[v], status == ParseStatus.Ok, file + ": parse " + m.Error);
            string reason;
            int answer = RequestCheck.Answer(m, out reason);
            Assert.AreEqual(TortureVerdicts.Answer[v], answer, file + ": answered " + answer + " " + reason);
        }

        [TestMethod]
        public void Well_formed_messages_survive_a_rewrite_from_their_views()
        {
            SipParser parser = new SipParser();
            SipWriter w = new SipWriter(2048);
            int rewritten = 0;
            for (int i = 0; i < WireMessages.TortureFile.Length; i++)
            {
                string file = WireMessages.TortureFile[i];
                byte[] data = Datagram(file);
                SipMessage m = new SipMessage();
                if (parser.Parse(data, 0, data.Length, m) != ParseStatus.Ok) continue;
                Views.Write(w, m);
                byte[] copy = Bytes.Copy(w.Buffer, 0, w.Length);
                SipMessage again = new SipMessage();
                Assert.IsTrue(parser.Parse(copy, 0, copy.Length, again) == ParseStatus.Ok, file + " written back: " + again.Error);
                Views.AssertSame(m, again, file);
                rewritten++;
            }
            Assert.IsTrue(rewritten >= 10, "only " + rewritten + " messages of the sample parse");
        }

        [TestMethod]
        public void Every_stateless_rejection_has_its_status_line_and_parses_back()
        {
            SipParser parser = new SipParser();
            SipWriter w = new SipWriter(2048);
            byte[] tag = Bytes.Of("a6c85cf");
            int sent = 0;
            for (int i = 0; i < WireMessages.TortureFile.Length; i++)
            {
                string file = WireMessages.TortureFile[i];
                byte[] data = Datagram(file);
                SipMessage m = new SipMessage();
                parser.Parse(data, 0, data.Length, m);
                string reason;
                int code = RequestCheck.Answer(m, out reason);
                if (code <= 0 || !m.IsRequest) continue;
                bool answered = ResponseBuilder.RejectStatelessly(w, m, code, reason, tag, 0, tag.Length);
                Assert.AreEqual(ResponseBuilder.CanAnswer(m), answered, file + ": RejectStatelessly vs CanAnswer");
                if (!answered) continue;
                byte[] reply = Bytes.Copy(w.Buffer, 0, w.Length);
                Assert.StartsWith("SIP/2.0 " + code + " " + reason + "\r\n", Bytes.Text(reply), file + ": status line");
                if (m.Status == ParseStatus.Ok)
                {
                    SipMessage r = new SipMessage();
                    Assert.IsTrue(parser.Parse(reply, 0, reply.Length, r) == ParseStatus.Ok, file + ": our " + code + " does not parse: " + r.Error);
                    Assert.AreEqual(code, r.StatusCode, file + ": status");
                    Assert.AreEqual(m.CallIdText, r.CallIdText, file + ": Call-ID");
                    Assert.AreEqual(m.CSeq, r.CSeq, file + ": CSeq");
                    Assert.AreEqual(m.ViaCount, r.ViaCount, file + ": Via count");
                }
                sent++;
            }
            Assert.IsTrue(sent >= 8, "only " + sent + " rejections were sent");
        }
    }
}
