using System.Linq;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Transport;

/// <summary>
/// Registration over TCP and TLS (RFC 3261 §18, §26; RFC 5630; RFC 5626), the platform played by
/// the test:
///  1. the connection is opened first; its end is the Via sent-by (SIP/2.0/TCP ...;alias) and the
///     Contact (;transport=tcp); the REGISTER goes on it; the 200 binds that Contact.
///  2. over a connection the REGISTER is not retransmitted (no Timer E); Timer F still ends it.
///  3. TLS: the server's name is given for the certificate check; the Contact is a sips: URI.
///  4. a refused connection moves the registration to the backup at once (RFC 3263 §4.3).
///  5. the registration's connection dies: the phone registers again at once over a new one.
///  6. keep-alives (RFC 5626 §4.4.1): a double CRLF; without the pong within 10 s the connection
///     is given up and the phone registers again; with it, nothing happens.
///  7. a server that sends garbage or a huge Content-Length gets its connection closed, with why.
///  8. RFC 5626 outbound: reg-id and +sip.instance, Supported: outbound; a 2xx with Require:
///     outbound and Flow-Timer makes keep-alives go every Flow-Timer seconds.
///  9. RFC 5626 §6: the outbound flow dies; the new flow's REGISTER has one Contact (instance and
///     reg-id replace the old binding at the registrar), no expires=0 for the old one.
/// </summary>
public class StreamRegistrationTests
{
    private static void Register(StreamHarness h, int localPort = 40001)
    {
        h.Agent.Registration.Start();
        int handle = h.Opened.Last().Handle;
        h.Connect(handle, localPort);
        string register = h.Last("REGISTER");
        h.Receive(handle, StreamHarness.Answer(register, 200, "OK"));
        Assert.Equal(RegistrationState.Registered, h.Agent.Registration.State);
    }

    [Fact]
    public void REGISTER_goes_on_the_connection_with_its_end_as_Via_and_Contact()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Agent.Registration.Start();
        Assert.Single(h.Opened);
        Assert.Equal("127.0.0.1:5070/tcp", h.Opened[0].Remote);
        Assert.Empty(h.Written);
        Assert.Contains("registering (connecting to 127.0.0.1:5070/tcp)", h.Registration);

        h.Connect(h.Opened[0].Handle, 40001);
        string register = h.Last("REGISTER");
        Assert.Matches(@"\r\nVia: SIP/2\.0/TCP 127\.0\.0\.1:40001;branch=z9hG4bK[^;\r]+;rport;alias\r\n", register);
        Assert.Contains("\r\nContact: <sip:linda@127.0.0.1:40001;transport=tcp>;expires=600\r\n", register);
        Assert.Empty(h.Datagrams);

        h.Receive(h.Opened[0].Handle, StreamHarness.Answer(register, 200, "OK"));
        Assert.Equal("registered sip:linda@127.0.0.1:40001", h.Registration.Last());
        Assert.Equal(TransportProtocol.Tcp, h.Agent.LocalContact.Protocol);
        Assert.Equal(40001, h.Agent.LocalContact.Port);
    }

    [Fact]
    public void Over_a_connection_the_REGISTER_is_not_retransmitted_and_Timer_F_still_ends_it()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Agent.Registration.Start();
        h.Connect(h.Opened[0].Handle);
        for (int i = 0; i < 31; i++) h.Advance(1000);
        Assert.Single(h.Written);
        h.Advance(1000);
        Assert.Equal(RegistrationState.RetryWait, h.Agent.Registration.State);
        Assert.Equal("no response from registrar", h.Agent.Registration.Detail);
    }

    [Fact]
    public void TLS_names_the_server_for_the_certificate_and_registers_a_sips_Contact()
    {
        var h = new StreamHarness(TransportProtocol.Tls, 5061);
        h.Agent.Registration.Start();
        Assert.Equal(("127.0.0.1:5061/tls", "127.0.0.1"), (h.Opened[0].Remote, h.Opened[0].ServerName));
        h.Connect(h.Opened[0].Handle, 40002);
        string register = h.Last("REGISTER");
        Assert.Contains("\r\nVia: SIP/2.0/TLS 127.0.0.1:40002;", register);
        Assert.Contains("\r\nContact: <sips:linda@127.0.0.1:40002>;expires=600\r\n", register);
    }

    [Fact]
    public void A_refused_connection_moves_the_registration_to_the_backup_at_once()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Settings.Backup.TrySetHost("127.0.0.1", 5080);
        h.Settings.Backup.Protocol = TransportProtocol.Udp;
        h.Settings.BackupPortGiven = true;
        h.Agent.Registration.Start();
        h.Agent.Flows.OnClosed(h.Opened[0].Handle, "TCP 127.0.0.1:5070: connection refused");
        Assert.Contains(h.Registration, r => r.Contains("connection refused") && r.Contains("trying 127.0.0.1:5080/udp"));
        Assert.Single(h.Datagrams);
        Assert.StartsWith("127.0.0.1:5080 REGISTER sip:nanophone.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;", h.Datagrams[0]);
    }

    [Fact]
    public void When_the_registration_s_connection_dies_the_phone_registers_again_at_once()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        Register(h, 40001);
        h.Agent.Flows.OnClosed(h.Opened[0].Handle, "TCP 127.0.0.1:5070: closed by the server");
        Assert.Equal(2, h.Opened.Count);
        h.Connect(h.Opened[1].Handle, 40007);
        string again = h.Last("REGISTER");
        // The new connection's end is the new Contact; the old one is removed in the same request.
        Assert.Contains("Contact: <sip:linda@127.0.0.1:40001;transport=tcp>;expires=0\r\n", again);
        Assert.Contains("Contact: <sip:linda@127.0.0.1:40007;transport=tcp>;expires=600\r\n", again);
        h.Receive(h.Opened[1].Handle, StreamHarness.Answer(again, 200, "OK"));
        Assert.Equal("registered sip:linda@127.0.0.1:40007", h.Registration.Last());
    }

    [Fact]
    public void A_keep_alive_without_its_pong_in_10_s_gives_the_connection_up_and_the_phone_registers_again()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Settings.KeepAliveSeconds = 5;
        Register(h);
        int handle = h.Opened[0].Handle;
        h.Advance(5000);
        Assert.Equal("\r\n\r\n", h.Written.Last().Text);
        h.Receive(handle, "\r\n");
        h.Advance(5000);
        Assert.Equal("\r\n\r\n", h.Written.Last().Text);
        Assert.Empty(h.Closed);
        Assert.Equal(1, h.Agent.Flows.PongsOf(h.Agent.Registration.Target));

        // The next pong never comes.
        for (int i = 0; i < 10; i++) h.Advance(1000);
        Assert.Contains(handle, h.Closed);
        Assert.Equal(2, h.Opened.Count);
        Assert.StartsWith("no answer to the keep-alive from 127.0.0.1:5070 within 10 s", h.Agent.Flows.LastFailure);
        // One event line says so; the new connection's REGISTER replaces the old binding.
        Assert.StartsWith("registering (no answer to the keep-alive from 127.0.0.1:5070 within 10 s", h.Registration.Last());
        h.Connect(h.Opened[1].Handle, 40007);
        string again = h.Last("REGISTER");
        Assert.Contains(";expires=0\r\n", again);
        h.Receive(h.Opened[1].Handle, StreamHarness.Answer(again, 200, "OK"));
        Assert.Equal("registered sip:linda@127.0.0.1:40007", h.Registration.Last());
    }

    [Theory]
    [InlineData("SIP/2.0 200 OK\r\nContent-Length: 99999999\r\n\r\n", "Content-Length larger than")]
    [InlineData("\u0000\u0001garbage", "bytes that cannot start a SIP message")]
    public void A_server_sending_garbage_or_a_huge_body_gets_its_connection_closed(string stream, string why)
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        Register(h);
        int handle = h.Opened[0].Handle;
        h.Receive(handle, stream);
        Assert.Contains(handle, h.Closed);
        Assert.Contains(why, h.Agent.Flows.LastFailure);
        // ... and registers again over a new connection.
        Assert.Equal(2, h.Opened.Count);
    }

    [Fact]
    public void RFC_5626_registration_carries_reg_id_and_instance_and_keeps_alive_at_the_Flow_Timer()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Settings.Instance = "urn:uuid:00000000-0000-4000-8000-000000000001";
        h.Settings.OutboundMode = 1;
        h.Settings.KeepAliveSeconds = -1;
        h.Agent.Registration.Start();
        h.Connect(h.Opened[0].Handle);
        string register = h.Last("REGISTER");
        Assert.Contains(";expires=600;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-4000-8000-000000000001>\"\r\n", register);
        Assert.Contains("\r\nSupported: outbound, path\r\n", register);
        h.Receive(h.Opened[0].Handle, StreamHarness.Answer(register, 200, "OK", "Require: outbound\r\nFlow-Timer: 20\r\n"));
        Assert.True(h.Agent.Registration.Outbound);
        Assert.Equal(20, h.Agent.Registration.KeepAliveSeconds);
        int before = h.Written.Count;
        h.Advance(20000);
        Assert.Equal("\r\n\r\n", h.Written.Last().Text);
        Assert.Equal(before + 1, h.Written.Count);
    }

    [Fact]
    public void RFC_5626_a_new_flow_replaces_the_old_binding_by_instance_and_reg_id_with_one_Contact()
    {
        var h = new StreamHarness(TransportProtocol.Tcp);
        h.Settings.Instance = "urn:uuid:00000000-0000-4000-8000-000000000001";
        h.Settings.OutboundMode = 1;
        h.Agent.Registration.Start();
        h.Connect(h.Opened[0].Handle, 40001);
        string first = h.Last("REGISTER");
        h.Receive(h.Opened[0].Handle, StreamHarness.Answer(first, 200, "OK", "Require: outbound\r\nFlow-Timer: 20\r\n"));
        Assert.True(h.Agent.Registration.Outbound);

        h.Agent.Flows.OnClosed(h.Opened[0].Handle, "TCP 127.0.0.1:5070: connection reset");
        h.Connect(h.Opened[1].Handle, 40007);
        string again = h.Last("REGISTER");
        Assert.Single(again.Split("\r\n"), l => l.StartsWith("Contact:"));
        Assert.Contains("Contact: <sip:linda@127.0.0.1:40007;transport=tcp>;expires=600;reg-id=1;+sip.instance=", again);
        Assert.DoesNotContain(";expires=0", again);
        h.Receive(h.Opened[1].Handle, StreamHarness.Answer(again, 200, "OK", "Require: outbound\r\nFlow-Timer: 20\r\n"));
        Assert.Equal("registered sip:linda@127.0.0.1:40007", h.Registration.Last());
    }
}
