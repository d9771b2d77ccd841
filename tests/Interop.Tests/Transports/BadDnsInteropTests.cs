using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using NanoPhone.Fuzz;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Net;
using NanoPhone.Sip.Dns;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Transports;

/// <summary>
/// A DNS server that answers badly (issue: "a DNS answer with bad records or a truncated reply does
/// not crash it"; "malformed DNS replies — a clear event line and recovery"), on loopback, bounded.
/// The phone is given only the domain and net.dns = a DNS server of the test's own (dnsmasq cannot
/// send broken replies), Kamailio is the registrar:
///  1. every reply is malformed (three answers announced, the first named by a pointer past the
///     end): the phone does not crash; it reads no record from them, leaves the name to the
///     platform (which has no DNS for it), and says so in one line that gives what was wrong with
///     the DNS reply; then it waits to try again.
///  2. the server then answers with truncated replies (TC set) holding a NAPTR record with bad data
///     before the good one, and the SRV and A records: a phone that looks the domain up now uses
///     them as far as they go and registers over TCP at Kamailio. (A fresh phone: the first keeps the
///     name it fell back to for 60 s, SipResolver's cache for a name left to the platform, so it
///     would look again only on its first retry after that, 1–3 min later.)
/// </summary>
[Collection("SipPeers")]
public sealed class BadDnsInteropTests : PeerTest
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    public BadDnsInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    [Fact]
    public void Malformed_replies_give_one_line_and_truncated_ones_are_used_as_far_as_they_go()
    {
        var k = Own(Kamailio.Start(PeerPorts.GetFree()));
        var dns = Own(new BadDnsServer(TestUsers.Domain, k.SipPort));
        var phone = Phone(dns);

        // 1. Malformed replies only.
        long asked = phone.StartRegistration();
        var gaveUp = phone.WaitFor(RegistrationState.RetryWait, TimeSpan.FromSeconds(20));
        Out.WriteLine($"REGISTRATION {gaveUp}; {dns.Answered} malformed replies sent");
        Out.WriteLine($"NUMBER malformed DNS replies: line after {gaveUp.AtMs - asked} ms");
        Assert.Matches(@"^could not send REGISTER to nanophone\.test .*\(DNS reply for nanophone\.test: a broken record name\)$", gaveUp.Detail);
        Assert.True(dns.Answered >= 2, "replies sent: " + dns.Answered);
        Assert.Null(phone.Events.LoopFault);
        Assert.Empty(k.Contacts(TestUsers.Linda));

        // 2. Truncated replies with a bad record.
        dns.Truncated = true;
        phone = Phone(dns);
        int mark = phone.Events.Mark;
        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short, mark);
        Out.WriteLine("truncated replies: " + string.Join(" | ", phone.Events.Registration.Skip(mark))
            + "; targets " + phone.OnLoop(() => phone.Agent.Locator.Describe()) + "; resolver note: " + phone.OnLoop(() => phone.Agent.Locator.Resolver.Problem));
        Assert.Contains(k.WaitForContacts(TestUsers.Linda, 1, Short), c => c == registered.Contact + ";transport=tcp");
        Assert.Contains("truncated", phone.OnLoop(() => phone.Agent.Locator.Resolver.Problem) ?? "");
        Assert.Empty(phone.Network.SentRequests("REGISTER")); // NAPTR chose TCP: nothing by UDP
        int unmark = phone.Events.Mark;
        phone.StopRegistration();
        phone.WaitFor(RegistrationState.Unregistered, Short, unmark);
    }

    private PhoneUnderTest Phone(BadDnsServer dns)
    {
        var phone = OwnPhone(new PhoneUnderTest(0, s =>
        {
            s.Server.TrySetHost(TestUsers.Domain, 5060);
            s.ServerPortGiven = false;
            s.TransportFixed = false;
            s.OutboundMode = 0;
        }, "127.0.0.1", streams: new StreamSockets(TlsPolicy.RefuseAll)));
        phone.OnLoop(() => phone.Agent.Locator.Resolver.Server.TrySetHost("127.0.0.1", dns.Port));
        return phone;
    }

    /// <summary>
    /// A UDP DNS server on loopback. Malformed: every reply has the query's id and question, says it
    /// holds three answers and then has a name pointer past its end. Truncated: TC set; the NAPTR
    /// reply has a record with three bytes of data, then "SIP+D2T" → _sip._tcp.DOMAIN; the SRV reply
    /// sip1.DOMAIN:port; sip1's A 127.0.0.1; anything else NXDOMAIN.
    /// </summary>
    private sealed class BadDnsServer : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly string _domain;
        private readonly int _sipPort;
        private readonly Thread _thread;
        private int _answered;

        public BadDnsServer(string domain, int sipPort)
        {
            _domain = domain;
            _sipPort = sipPort;
            Port = ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
            _thread = new Thread(Serve) { IsBackground = true, Name = "bad dns " + Port };
            _thread.Start();
        }

        public int Port { get; }

        public volatile bool Truncated;

        public int Answered => Volatile.Read(ref _answered);

        private void Serve()
        {
            while (true)
            {
                IPEndPoint? from = null;
                byte[] q;
                try { q = _udp.Receive(ref from); }
                catch (Exception) { return; }
                if (q.Length < 17) continue;
                int id = (q[0] << 8) | q[1];
                int at = 12;
                var name = new StringBuilder();
                while (at < q.Length && q[at] != 0)
                {
                    if (name.Length > 0) name.Append('.');
                    name.Append(Encoding.ASCII.GetString(q, at + 1, q[at]));
                    at += q[at] + 1;
                }
                if (at + 4 >= q.Length) continue;
                int type = (q[at + 1] << 8) | q[at + 2];
                byte[] reply = Truncated ? Answer(id, name.ToString(), type) : Malformed(q, at + 5);
                try { _udp.Send(reply, reply.Length, from); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _answered);
            }
        }

        private static byte[] Malformed(byte[] query, int questionEnd)
        {
            var r = new byte[questionEnd + 6];
            Array.Copy(query, r, questionEnd);
            r[2] = 0x81; r[3] = 0x80;   // a response, no error
            r[6] = 0; r[7] = 3;         // three answers...
            r[questionEnd] = 0xC3; r[questionEnd + 1] = 0xFF; // ...the first named by a pointer past the end
            r[questionEnd + 2] = 0; r[questionEnd + 3] = 35;
            r[questionEnd + 4] = 0; r[questionEnd + 5] = 1;
            return r;
        }

        private byte[] Answer(int id, string name, int type)
        {
            const int tc = 0x8380;
            string sip1 = "sip1." + _domain;
            if (type == DnsType.Naptr && name == _domain)
            {
                return new DnsWire(id, name, type, tc)
                    .Record(DnsWire.PointerToQuestion, DnsType.Naptr, 60, new byte[] { 0, 10, 0 })
                    .Naptr(DnsWire.PointerToQuestion, 60, 10, 10, "S", "SIP+D2T", "", "_sip._tcp." + _domain)
                    .ToArray();
            }
            if (type == DnsType.Srv && name == "_sip._tcp." + _domain)
                return new DnsWire(id, name, type, tc).Srv(DnsWire.PointerToQuestion, 60, 10, 100, _sipPort, sip1).ToArray();
            if (type == DnsType.A && name == sip1)
                return new DnsWire(id, name, type, tc).A(DnsWire.PointerToQuestion, 60, 127, 0, 0, 1).ToArray();
            return new DnsWire(id, name, type, 0x8183).ToArray();
        }

        public void Dispose()
        {
            _udp.Dispose();
            _thread.Join(2000);
        }
    }
}
