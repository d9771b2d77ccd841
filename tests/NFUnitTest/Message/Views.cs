using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Message;

namespace NanoPhone.NFUnitTest.Message
{
    /// <summary>Writes a parsed message back from its (offset, length) views and compares two parses.</summary>
    public static class Views
    {
        /// <summary>Start line, every header as "Name: value", the empty line, the body.</summary>
        public static void Write(SipWriter w, SipMessage m)
        {
            w.Reset();
            byte[] b = m.Buffer;
            int end = m.Offset;
            while (!(b[end] == (byte)'\r' && b[end + 1] == (byte)'\n')) end++;
            w.Bytes(b, m.Offset, end - m.Offset).Crlf();
            for (int i = 0; i < m.HeaderCount; i++)
            {
                w.Bytes(b, m.NameOffsetAt(i), m.NameLengthAt(i)).Text(": ").Bytes(b, m.ValueOffsetAt(i), m.ValueLengthAt(i)).Crlf();
            }
            w.Crlf();
            w.Bytes(b, m.BodyOffset, m.BodyLength);
        }

        /// <summary>Everything the upper layers read must be the same in both.</summary>
        public static void AssertSame(SipMessage a, SipMessage b, string what)
        {
            Assert.AreEqual(a.IsRequest, b.IsRequest, what + ": request/response");
            Assert.IsTrue(a.Method == b.Method, what + ": method");
            Assert.AreEqual(a.MethodText, b.MethodText, what + ": method text");
            Assert.AreEqual(a.StatusCode, b.StatusCode, what + ": status");
            Assert.AreEqual(a.ReasonText, b.ReasonText, what + ": reason");
            if (a.IsRequest) Assert.AreEqual(a.RequestUri.ToString(), b.RequestUri.ToString(), what + ": Request-URI");
            Assert.AreEqual(a.CallIdText, b.CallIdText, what + ": Call-ID");
            Assert.AreEqual(a.CSeq, b.CSeq, what + ": CSeq");
            Assert.IsTrue(a.CSeqMethod == b.CSeqMethod, what + ": CSeq method");
            Assert.AreEqual(Tag(a, true), Tag(b, true), what + ": From tag");
            Assert.AreEqual(Tag(a, false), Tag(b, false), what + ": To tag");
            Assert.AreEqual(a.ViaCount, b.ViaCount, what + ": Via count");
            Assert.AreEqual(a.TopVia.HostText, b.TopVia.HostText, what + ": top Via host");
            Assert.AreEqual(a.MaxForwards, b.MaxForwards, what + ": Max-Forwards");
            Assert.AreEqual(a.HeaderCount, b.HeaderCount, what + ": header count");
            for (int i = 0; i < a.HeaderCount; i++)
            {
                Assert.IsTrue(a.HeaderIdAt(i) == b.HeaderIdAt(i), what + ": header " + i);
                Assert.AreEqual(Bytes.Text(a.Buffer, a.ValueOffsetAt(i), a.ValueLengthAt(i)),
                    Bytes.Text(b.Buffer, b.ValueOffsetAt(i), b.ValueLengthAt(i)), what + ": value of header " + i);
            }
            Assert.IsTrue(Bytes.Same(a.Buffer, a.BodyOffset, a.BodyLength, b.Buffer, b.BodyOffset, b.BodyLength), what + ": body");
            string reasonA, reasonB;
            Assert.AreEqual(RequestCheck.Answer(a, out reasonA), RequestCheck.Answer(b, out reasonB), what + ": verdict");
        }

        private static string Tag(SipMessage m, bool from)
        {
            return from ? Bytes.Text(m.Buffer, m.FromTagOffset, m.FromTagLength) : Bytes.Text(m.Buffer, m.ToTagOffset, m.ToTagLength);
        }
    }
}
