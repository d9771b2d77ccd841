using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Net;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Transports;

/// <summary>
/// One Kamailio for the class (tests/peers/kamailio/registrar.cfg with WITH_TLS): UDP and TCP on
/// one port, TLS on the next with a certificate for 127.0.0.1 from a test CA made by openssl, and a
/// second TLS port with an expired certificate from the same CA.
/// </summary>
public sealed class TlsKamailio : IDisposable
{
    public TlsKamailio()
    {
        Certificates = new TestCertificates("nanophone-test-ca");
        OtherCa = new TestCertificates("unknown-ca");
        Good = Certificates.Issue("server", "nanophone.test", "IP:127.0.0.1", "DNS:nanophone.test");
        Expired = Certificates.Issue("expired", "nanophone.test", new[] { "IP:127.0.0.1" }, DateTime.UtcNow.AddDays(-60), DateTime.UtcNow.AddDays(-30));
        int port = PeerPorts.GetFree(3);
        Kamailio = Kamailio.Start(port, "parallel", new KamailioOptions
        {
            TlsPort = port + 1,
            TlsCertificate = Good.Certificate,
            TlsKey = Good.Key,
            SecondTls = (port + 2, Expired.Certificate, Expired.Key),
        });
    }

    public TestCertificates Certificates { get; }
    public TestCertificates OtherCa { get; }
    public CertificateFiles Good { get; }
    public CertificateFiles Expired { get; }
    public Kamailio Kamailio { get; }
    public int ExpiredTlsPort => Kamailio.TlsPort + 1;

    public void Dispose()
    {
        Kamailio.Dispose();
        Certificates.Dispose();
        OtherCa.Dispose();
    }
}

/// <summary>
/// SIP over TCP and TLS against Kamailio (RFC 3261 §18, §26; RFC 5630), on loopback, bounded:
///  1. TCP: the phone connects, registers over the connection (Via SIP/2.0/TCP, Contact
///     ;transport=tcp); Kamailio's location table holds that Contact. NUMBER: start → registered.
///  2. TLS with tls.ca = the test CA: registered (Contact sips:); tshark on the TLS port decodes no
///     SIP and the capture holds no REGISTER in clear. NUMBER: start → registered.
///  3. calls over TCP and over TLS: linda calls graham (both phones on connections to Kamailio,
///     which challenges the INVITE with a 407 and relays it over graham's registration connection);
///     graham rings and answers, linda hangs up: BYE → 200. Over TCP tshark decodes every message
///     and flags none; over TLS it finds no SIP in clear.
///  4. the certificate refused — another name (the phone asks for "localhost"), a CA the phone was
///     not given, expired — each with one clear line; the phone never registers and writes no SIP.
/// </summary>
[Collection("SipPeers")]
public sealed class TransportInteropTests : PeerTest, IClassFixture<TlsKamailio>
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    private readonly TlsKamailio _peers;

    public TransportInteropTests(TlsKamailio peers, ITestOutputHelper output) : base(output)
    {
        _peers = peers;
    }

    private PhoneUnderTest Phone(TransportProtocol protocol, int port, string server = "127.0.0.1", string? ca = null,
        string user = TestUsers.Linda)
    {
        var tls = new TlsPolicy(ca ?? _peers.Certificates.CaCertificate, null);
        return OwnPhone(new PhoneUnderTest(port, s =>
        {
            s.User = user;
            s.Password = TestUsers.PasswordOf(user);
            s.Server.TrySetHost(server, port);
            s.Server.Protocol = protocol;
            s.OutboundMode = 0;
        }, "127.0.0.1", streams: new StreamSockets(tls)));
    }

    [Fact]
    public void Registers_over_TCP_on_one_connection()
    {
        var k = _peers.Kamailio;
        var times = new List<long>();
        for (int run = 0; run < 3; run++)
        {
            var phone = Phone(TransportProtocol.Tcp, k.SipPort);
            long asked = phone.StartRegistration();
            var registered = phone.WaitFor(RegistrationState.Registered, Short);
            times.Add(registered.AtMs - asked);
            Assert.Matches(@"^sip:linda@127\.0\.0\.1:\d+$", registered.Contact);
            var contacts = k.Contacts(TestUsers.Linda);
            Assert.Contains(contacts, c => c == registered.Contact + ";transport=tcp");
            Assert.Empty(phone.Network.SentRequests("REGISTER")); // nothing went by UDP
            int mark = phone.Events.Mark;
            phone.StopRegistration();
            phone.WaitFor(RegistrationState.Unregistered, Short, mark);
        }
        Out.WriteLine($"NUMBER start -> registered over TCP: median {times.OrderBy(t => t).ElementAt(1)} ms of 3 ({string.Join(", ", times)} ms)");
    }

    [Fact]
    public void Registers_over_TLS_and_nothing_is_in_clear_on_the_wire()
    {
        var k = _peers.Kamailio;
        var capture = Own(Tshark.Start(new[] { k.TlsPort }));
        var times = new List<long>();
        for (int run = 0; run < 3; run++)
        {
            var phone = Phone(TransportProtocol.Tls, k.TlsPort);
            long asked = phone.StartRegistration();
            var registered = phone.WaitFor(RegistrationState.Registered, Short);
            times.Add(registered.AtMs - asked);
            Assert.Contains(k.Contacts(TestUsers.Linda), c => c == registered.Contact!.Replace("sip:", "sips:"));
            int mark = phone.Events.Mark;
            phone.StopRegistration();
            phone.WaitFor(RegistrationState.Unregistered, Short, mark);
        }
        Out.WriteLine($"NUMBER start -> registered over TLS: median {times.OrderBy(t => t).ElementAt(1)} ms of 3 ({string.Join(", ", times)} ms)");
        capture.Stop();
        // Read as TLS (the port is not 5061): application data, and no SIP that tshark can find in clear.
        string[] asTls = { $"tcp.port=={k.TlsPort},tls" };
        var sip = Tshark.Read(capture.PcapPath, asTls, "sip");
        Assert.True(sip.Count == 0, "SIP in clear on the TLS port:\n" + string.Join("\n", sip));
        var tls = Tshark.Read(capture.PcapPath, asTls, "tls.app_data");
        Assert.True(tls.Count > 0, "no TLS application data captured");
        // Malformed frames or a TLS alert (TCP's own notes on a loaded machine, a D-SACK say, are not the phone's).
        var malformed = Tshark.Read(capture.PcapPath, asTls, "_ws.malformed or tls.alert_message");
        Assert.True(malformed.Count == 0, "tshark flags frames:\n" + string.Join("\n", malformed));
        byte[] raw = File.ReadAllBytes(capture.PcapPath);
        Assert.False(Contains(raw, "REGISTER sip:"), "a REGISTER in clear in the capture");
        Assert.False(Contains(raw, "SIP/2.0 "), "a SIP status line in clear in the capture");
        Out.WriteLine($"tshark: {tls.Count} TLS application-data frames, 0 SIP frames in clear");
    }

    public static TheoryData<string> Protocols() => new() { "tcp", "tls" };

    [Theory]
    [MemberData(nameof(Protocols))]
    public void A_call_is_made_and_taken_over_the_registration_connections(string transport)
    {
        var k = _peers.Kamailio;
        bool tls = transport == "tls";
        var protocol = tls ? TransportProtocol.Tls : TransportProtocol.Tcp;
        int port = tls ? k.TlsPort : k.SipPort;
        var capture = Own(Tshark.Start(new[] { port }));
        var linda = Phone(protocol, port);
        var graham = Phone(protocol, port, user: TestUsers.Graham);
        linda.StartRegistration();
        graham.StartRegistration();
        linda.WaitFor(RegistrationState.Registered, Short);
        var grahamAt = graham.WaitFor(RegistrationState.Registered, Short);
        k.WaitForContacts(TestUsers.Graham, 1, Short);

        string target = $"sip:graham@{TestUsers.Domain}";
        string? error = null;
        int call = linda.OnLoop(() => linda.Agent.Calls.Dial(target, out error));
        Assert.True(call > 0, $"Dial({target}) refused: {error}");
        var ringing = graham.WaitForCall(CallEventKind.Ringing, Short);
        Assert.True(graham.OnLoop(() => graham.Agent.Calls.Answer(ringing.Number)), "Answer refused");
        linda.WaitForCall(CallEventKind.Answered, Short, call);
        graham.WaitForCall(CallEventKind.Answered, Short, ringing.Number);
        Assert.True(linda.OnLoop(() => linda.Agent.Calls.HangUp(call)), "HangUp refused");
        Assert.Equal("hung up", linda.WaitForCall(CallEventKind.Ended, Short, call).Detail);
        graham.WaitForCall(CallEventKind.Ended, Short, ringing.Number);

        // Nothing of either call went by UDP: every message on the connections.
        Assert.Empty(linda.Network.SentRequests("INVITE"));
        Assert.Empty(graham.Network.SentRequests("BYE"));
        Out.WriteLine($"graham registered as {grahamAt.Contact} over {transport}; call {call} rang, was answered and hung up");

        capture.Stop();
        if (tls)
        {
            string[] asTls = { $"tcp.port=={port},tls" };
            Assert.Empty(Tshark.Read(capture.PcapPath, asTls, "sip"));
            Assert.NotEmpty(Tshark.Read(capture.PcapPath, asTls, "tls.app_data"));
            Assert.False(Contains(File.ReadAllBytes(capture.PcapPath), "INVITE sip:"), "an INVITE in clear in the capture");
        }
        else
        {
            var sip = Tshark.ReadSip(capture.PcapPath, new[] { port }, "sip.Method or sip.Status-Code");
            foreach (string m in new[] { "INVITE", "ACK", "BYE" })
                Assert.Contains(sip, f => f.Info.Contains("Request: " + m));
            var flagged = Tshark.FindMalformedSip(capture.PcapPath, new[] { port });
            Assert.True(flagged.Count == 0, "tshark flags:\n" + string.Join("\n", flagged));
            Out.WriteLine($"tshark: {sip.Count} SIP frames over TCP, none flagged");
        }
    }

    public static TheoryData<string> Refusals() => new() { "another name", "unknown CA", "expired" };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_certificate_that_does_not_prove_the_server_is_refused_with_a_clear_line_and_nothing_sent(string what)
    {
        var k = _peers.Kamailio;
        PhoneUnderTest phone = what switch
        {
            "another name" => Phone(TransportProtocol.Tls, k.TlsPort, server: "localhost"),
            "unknown CA" => Phone(TransportProtocol.Tls, k.TlsPort, ca: _peers.OtherCa.CaCertificate),
            _ => Phone(TransportProtocol.Tls, _peers.ExpiredTlsPort),
        };
        phone.StartRegistration();
        var retry = phone.WaitFor(RegistrationState.RetryWait, Short);
        Out.WriteLine("REGISTRATION retrying " + retry.Detail);
        string expected = what switch
        {
            "another name" => @"certificate of localhost refused: issued for another name than localhost \(CN=nanophone\.test\)",
            "unknown CA" => @"certificate of 127\.0\.0\.1 refused: not signed by the CA of tls\.ca",
            _ => @"certificate of 127\.0\.0\.1 refused: expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC",
        };
        // One line: where, why, and that nothing went out instead.
        Assert.Matches(@"^TLS 127\.0\.0\.1:\d+: " + expected + @".*; nothing sent$", retry.Detail);
        Assert.DoesNotContain(phone.Events.Registration, e => e.State == RegistrationState.Registered);
        Assert.DoesNotContain(k.Contacts(TestUsers.Linda), c => c.StartsWith("sips:"));
    }

    private static bool Contains(byte[] hay, string needle)
    {
        byte[] n = System.Text.Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + n.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < n.Length && hay[i + j] == n[j]) j++;
            if (j == n.Length) return true;
        }
        return false;
    }
}
