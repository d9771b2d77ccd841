using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.NFUnitTest.Support
{
    /// <summary>
    /// A UserAgent for "linda" on a manual clock with a recording network, as in
    /// tests/Sipua.Tests/Agent/AgentHarness, without generics. The proxy/registrar is 127.0.0.1:5070,
    /// the phone 127.0.0.1:5062. Tests play the caller by feeding datagrams and step time.
    /// </summary>
    public sealed class AgentRig : IDatagramSender, IAgentEvents
    {
        private const int Capacity = 64;

        public readonly ManualClock Clock = new ManualClock(1000000);
        public readonly AgentSettings Settings = new AgentSettings();
        public readonly Endpoint Registrar = new Endpoint("127.0.0.1", 5070);
        public readonly UserAgent Agent;

        private readonly byte[][] _out = new byte[Capacity][];
        private readonly long[] _outAt = new long[Capacity];
        private readonly string[] _callEvents = new string[Capacity];
        private readonly SipParser _parser = new SipParser();

        public int OutCount;
        public int CallEventCount;

        public AgentRig()
        {
            Settings.User = "linda";
            Settings.Password = "linda-secret";
            Settings.Domain = "nanophone.test";
            Settings.Server.CopyFrom(Registrar);
            Settings.Expires = 3600;
            Agent = new UserAgent(Settings, Clock, this, this, new Randomness(42), new Endpoint("127.0.0.1", 5062), 8);
        }

        public string CallEvent(int i) { return _callEvents[i]; }

        /// <summary>The call events joined with "|".</summary>
        public string CallEvents
        {
            get
            {
                string s = "";
                for (int i = 0; i < CallEventCount; i++) s = i == 0 ? _callEvents[i] : s + "|" + _callEvents[i];
                return s;
            }
        }

        /// <summary>How many call events end with suffix.</summary>
        public int CallEventsEndingWith(string suffix)
        {
            int n = 0;
            for (int i = 0; i < CallEventCount; i++) if (_callEvents[i].EndsWith(suffix)) n++;
            return n;
        }

        public string OutText(int i) { return Bytes.Text(_out[i]); }

        public long OutAt(int i) { return _outAt[i]; }

        /// <summary>A sent datagram, parsed (a fresh message each call).</summary>
        public SipMessage Parsed(int i)
        {
            byte[] copy = Bytes.Copy(_out[i], 0, _out[i].Length);
            SipMessage m = new SipMessage();
            if (_parser.Parse(copy, 0, copy.Length, m) != ParseStatus.Ok) throw new System.Exception("the agent sent a malformed message: " + m.Error);
            return m;
        }

        /// <summary>Indexes of the responses sent with this status code, for any CSeq method if method is Unknown.</summary>
        public int[] Responses(int code, SipMethod cseqMethod)
        {
            string prefix = "SIP/2.0 " + code + " ";
            int n = 0;
            int[] found = new int[OutCount];
            for (int i = 0; i < OutCount; i++)
            {
                if (!OutText(i).StartsWith(prefix)) continue;
                if (cseqMethod != SipMethod.Unknown && Parsed(i).CSeqMethod != cseqMethod) continue;
                found[n++] = i;
            }
            int[] result = new int[n];
            System.Array.Copy(found, result, n);
            return result;
        }

        public int[] Responses(int code) { return Responses(code, SipMethod.Unknown); }

        /// <summary>Indexes of the requests sent with this method.</summary>
        public int[] Requests(string method)
        {
            int n = 0;
            int[] found = new int[OutCount];
            for (int i = 0; i < OutCount; i++) if (OutText(i).StartsWith(method + " ")) found[n++] = i;
            int[] result = new int[n];
            System.Array.Copy(found, result, n);
            return result;
        }

        /// <summary>The value of the first header id of a sent message, or "".</summary>
        public string Header(int i, HeaderId id)
        {
            SipMessage m = Parsed(i);
            int h = m.IndexOf(id);
            return h < 0 ? "" : Bytes.Text(m.Buffer, m.ValueOffsetAt(h), m.ValueLengthAt(h));
        }

        /// <summary>The To tag of a sent response.</summary>
        public string ToTag(int i)
        {
            SipMessage m = Parsed(i);
            return Bytes.Text(m.Buffer, m.ToTagOffset, m.ToTagLength);
        }

        /// <summary>Feeds a datagram from the proxy.</summary>
        public void Deliver(string text)
        {
            byte[] b = Bytes.Of(text);
            Agent.Receive(b, 0, b.Length, Registrar);
        }

        /// <summary>Advances time, running timers as the loop thread would.</summary>
        public void Run(long ms)
        {
            long end = Clock.NowMs + ms;
            while (Clock.NowMs < end)
            {
                long next = Agent.NextDueMs;
                long to = next < end ? (next > Clock.NowMs ? next : Clock.NowMs) : end;
                Clock.Set(to);
                Agent.Tick();
                if (to == end) break;
            }
            Agent.Tick();
        }

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            if (OutCount < Capacity)
            {
                _out[OutCount] = Bytes.Copy(buf, off, len);
                _outAt[OutCount] = Clock.NowMs;
                OutCount++;
            }
            return true;
        }

        public void OnCall(CallEvent e)
        {
            if (CallEventCount < Capacity) _callEvents[CallEventCount++] = e.ToString();
        }

        public void OnRegistration(RegistrationState state, string contact, int expires, string detail) { }
    }
}
