// Self-tests of the SIP peer helpers, with no NanoPhone code involved: they prove that the
// real Kamailio, SIPp, baresip and tshark on this machine do what NanoPhone's tests rely on.
// They fail (not skip) when a tool is missing: CI runs tests/peers/install.sh first.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Tests.Peers;

/// <summary>Tests that start SIP peers run one at a time (2 cores, shared loopback).</summary>
[CollectionDefinition("SipPeers", DisableParallelization = true)]
public sealed class SipPeersCollection
{
}

[Collection("SipPeers")]
public sealed class PeersSelfTest : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _out;
    private readonly Stack<IDisposable> _cleanup = new Stack<IDisposable>();

    public PeersSelfTest(ITestOutputHelper output)
    {
        _out = output;
    }

    public void Dispose()
    {
        while (_cleanup.Count > 0)
        {
            try { _cleanup.Pop().Dispose(); }
            catch (Exception e) { _out.WriteLine("cleanup: " + e.Message); }
        }
    }

    private T Own<T>(T peer) where T : IDisposable
    {
        _cleanup.Push(peer);
        return peer;
    }

    private Kamailio StartKamailio(string mode = "parallel", KamailioOptions? options = null)
    {
        var k = Own(Kamailio.Start(PeerPorts.GetFree(), mode, options));
        _out.WriteLine($"kamailio pid {k.Pid} on {k.HostPort} ({mode}), log {k.LogPath}");
        return k;
    }

    private Baresip StartBaresip(Kamailio k, string user = TestUsers.Linda, double? q = null)
    {
        var o = new BaresipOptions
        {
            User = user,
            SipPort = PeerPorts.GetFree(2), // SIP (UDP+TCP) and SIP+1 (TLS)
            CtrlPort = PeerPorts.GetFree(),
            ProxyPort = k.SipPort,
            RegisterQ = q,
        };
        var b = Own(Baresip.Start(o));
        _out.WriteLine($"baresip pid {b.Pid} sip {b.SipPort} ctrl {b.CtrlPort}, config {b.ConfigDir}");
        return b;
    }

    private void Show(string what, SippResult r) => _out.WriteLine($"== {what}\n{r.Describe()}");

    [Fact]
    public void Kamailio_starts_answers_options_and_stops_by_pid()
    {
        var k = StartKamailio();
        Assert.False(k.HasExited);
        Assert.True(k.Ping(TimeSpan.FromSeconds(1)), "OPTIONS not answered");
        Assert.Contains("kamailio 5.", k.Rpc("core.version"));
        Assert.Empty(k.Contacts(TestUsers.Linda));

        int pid = k.Pid;
        k.Stop();
        Assert.True(k.HasExited);
        Assert.False(PeerProcess.IsAlive(pid));
        Assert.True(PeerPorts.IsFree(k.SipPort), "SIP port still bound after Stop");
    }

    [Fact]
    public void Sipp_registers_linda_with_digest_auth()
    {
        var k = StartKamailio();
        int port = PeerPorts.GetFree();

        var reg = Sipp.Register(k.HostPort, port, TestUsers.Linda);
        Show("register", reg);
        Assert.True(reg.Succeeded, reg.Describe());
        Assert.Contains("401 Unauthorized", reg.MessageTrace);
        Assert.Contains("Authorization: Digest username=\"linda\"", reg.MessageTrace);

        var contacts = k.Contacts(TestUsers.Linda);
        Assert.Equal(new[] { $"sip:linda@127.0.0.1:{port};transport=UDP" }, contacts);
        Assert.Contains("AoR: linda", k.Dump());
    }

    [Fact]
    public void Sipp_register_with_a_wrong_password_is_refused()
    {
        var k = StartKamailio();
        var reg = Sipp.Register(k.HostPort, PeerPorts.GetFree(), TestUsers.Linda, "not-the-password",
            timeout: TimeSpan.FromSeconds(8));
        Show("register (bad password)", reg);
        Assert.False(reg.Succeeded);
        Assert.Empty(k.Contacts(TestUsers.Linda));
    }

    [Fact]
    public void Baresip_registers_as_a_second_contact_of_linda()
    {
        var k = StartKamailio();
        int sippPort = PeerPorts.GetFree();
        Assert.True(Sipp.Register(k.HostPort, sippPort, TestUsers.Linda).Succeeded);

        var b = StartBaresip(k);
        var contacts = k.WaitForContacts(TestUsers.Linda, 2, Short);
        _out.WriteLine(string.Join("\n", contacts));
        Assert.Contains(contacts, c => c.StartsWith($"sip:{b.ContactUserPrefix}", StringComparison.Ordinal)
                                       && c.Contains($"@127.0.0.1:{b.SipPort}"));
        Assert.Contains(contacts, c => c.StartsWith($"sip:linda@127.0.0.1:{sippPort}", StringComparison.Ordinal));
        Assert.True(b.IsRegistered());
    }

    [Fact]
    public void Invite_to_linda_forks_to_both_contacts_and_baresip_answers()
    {
        var k = StartKamailio();
        int uasPort = PeerPorts.GetFree();
        int uacPort = PeerPorts.GetFree();
        Assert.True(Sipp.Register(k.HostPort, uasPort, TestUsers.Linda).Succeeded);
        var b = StartBaresip(k);
        k.WaitForContacts(TestUsers.Linda, 2, Short);

        var capture = Own(Tshark.Start(new[] { k.SipPort, b.SipPort, uasPort, uacPort }));

        // The SIPp contact rings and must be CANCELled when baresip answers.
        var uas = Own(Sipp.Start(new SippOptions { Scenario = "uas_ring_cancel.xml", LocalPort = uasPort, Timeout = TimeSpan.FromSeconds(25) }));
        Thread.Sleep(200);
        var uacOptions = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = uacPort,
            Remote = k.HostPort,
            Service = TestUsers.Linda,
            PauseMs = 500,
            Timeout = TimeSpan.FromSeconds(25),
        };
        uacOptions.Keys["domain"] = TestUsers.Domain;
        var uac = Own(Sipp.Start(uacOptions));

        var incoming = b.WaitForEvent("CALL_INCOMING", Short);
        Assert.Contains("sipp@127.0.0.1", incoming.PeerUri);
        b.Accept();
        b.WaitForEvent("CALL_ESTABLISHED", Short);

        var uacResult = uac.Wait();
        Show("uac", uacResult);
        Assert.True(uacResult.Succeeded, uacResult.Describe());
        var uasResult = uas.Wait(TimeSpan.FromSeconds(10));
        Show("uas", uasResult);
        Assert.True(uasResult.Succeeded, uasResult.Describe());
        Assert.Contains("CANCEL sip:linda@127.0.0.1", uasResult.MessageTrace);
        b.WaitForEvent("CALL_CLOSED", Short);

        capture.Stop();
        var sip = capture.SipFrames();
        _out.WriteLine(string.Join("\n", sip));
        Assert.Contains(sip, f => f.Info.StartsWith($"Request: INVITE sip:{b.ContactUserPrefix}", StringComparison.Ordinal));
        Assert.Contains(sip, f => f.Info.StartsWith($"Request: INVITE sip:linda@127.0.0.1:{uasPort}", StringComparison.Ordinal));
        Assert.Contains(sip, f => f.Info.StartsWith("Request: BYE", StringComparison.Ordinal));
        var bad = capture.MalformedSip();
        Assert.True(bad.Count == 0, "malformed SIP:\n" + string.Join("\n", bad));
    }

    [Fact]
    public void Invite_from_a_local_user_is_challenged_with_407_and_then_routed()
    {
        var k = StartKamailio();
        int grahamPort = PeerPorts.GetFree();
        Assert.True(Sipp.Register(k.HostPort, grahamPort, TestUsers.Graham).Succeeded);
        var linda = StartBaresip(k);
        var capture = Own(Tshark.Start(new[] { k.SipPort, linda.SipPort, grahamPort }));

        var graham = Own(Sipp.Start(new SippOptions
        {
            Scenario = "uas_answer.xml",
            LocalPort = grahamPort,
            Service = TestUsers.Graham,
            Timeout = TimeSpan.FromSeconds(25),
        }));
        Thread.Sleep(200);
        linda.Dial($"sip:graham@{TestUsers.Domain}");
        linda.WaitForEvent("CALL_ESTABLISHED", Short);
        Thread.Sleep(300);
        linda.Hangup();
        linda.WaitForEvent("CALL_CLOSED", Short);

        var r = graham.Wait(TimeSpan.FromSeconds(10));
        Show("graham uas", r);
        Assert.True(r.Succeeded, r.Describe());
        // the proxy checked the credentials and consumed them (consume_credentials) before
        // forwarding the INVITE (baresip still sends them on in-dialog ACK/BYE)
        string invite = r.MessageTrace.Split("-----------").Single(m => m.Contains("INVITE sip:graham@127.0.0.1"));
        Assert.DoesNotContain("Proxy-Authorization", invite, StringComparison.OrdinalIgnoreCase);

        var sip = capture.SipFrames();
        _out.WriteLine(string.Join("\n", sip));
        Assert.Contains(sip, f => f.Info.StartsWith("Status: 407", StringComparison.Ordinal));
        Assert.Empty(capture.MalformedSip());
    }

    [Fact]
    public void Invite_to_an_unregistered_user_gets_404()
    {
        var k = StartKamailio();
        var o = new SippOptions
        {
            Scenario = "uac_invite_404.xml",
            LocalPort = PeerPorts.GetFree(),
            Remote = k.HostPort,
            Service = TestUsers.Alice,
            Timeout = TimeSpan.FromSeconds(10),
        };
        o.Keys["domain"] = TestUsers.Domain;
        var r = Sipp.Run(o);
        Show("uac to alice", r);
        Assert.True(r.Succeeded, r.Describe());
        Assert.Contains("SIP/2.0 404", r.MessageTrace);
    }

    [Fact]
    public void Invite_to_a_foreign_host_port_is_relayed_as_is()
    {
        var k = StartKamailio();
        int bobPort = PeerPorts.GetFree();
        var bob = Own(Sipp.Start(new SippOptions { Scenario = "uas_answer.xml", LocalPort = bobPort, Service = "bob", Timeout = TimeSpan.FromSeconds(15) }));
        Thread.Sleep(200);
        var o = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = PeerPorts.GetFree(),
            Remote = k.HostPort,
            Service = "bob",
            PauseMs = 200,
            Timeout = TimeSpan.FromSeconds(15),
        };
        o.Keys["domain"] = $"127.0.0.1:{bobPort}";
        var r = Sipp.Run(o);
        Show("uac to bob", r);
        Assert.True(r.Succeeded, r.Describe());
        var b = bob.Wait(TimeSpan.FromSeconds(5));
        Assert.True(b.Succeeded, b.Describe());
        Assert.Contains($"Record-Route: <sip:127.0.0.1:{k.SipPort};", b.MessageTrace);
    }

    /// <summary>
    /// Kamailio forwards with several UDP workers, so a phone's 180 and 200 sent together may reach
    /// the caller in the other order. The caller scenarios tie their INVITE's responses to its
    /// transaction (start_txn/response_txn), and SIPp ignores a provisional response of a
    /// transaction it has passed: the call goes on as if the 180 had come first. The phone here is
    /// a socket of the test's own that answers 200 and then 180 (SIPp itself cannot: it would take
    /// the caller's ACK while still meaning to send the 180, and abort).
    /// </summary>
    [Theory]
    [InlineData("uac_invite.xml")]
    [InlineData("intercom_answered.xml")]
    [InlineData("door_info.xml")]
    public void A_180_that_arrives_after_the_200_does_not_stop_a_caller_scenario(string caller)
    {
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int phonePort = ((IPEndPoint)phone.Client.LocalEndPoint!).Port;
        var o = new SippOptions
        {
            Scenario = caller,
            LocalPort = PeerPorts.GetFree(),
            Remote = $"127.0.0.1:{phonePort}",
            Service = TestUsers.Linda,
            PauseMs = 200,
            Timeout = TimeSpan.FromSeconds(10),
        };
        o.Keys["domain"] = $"127.0.0.1:{phonePort}";
        o.Keys["intercom"] = "Call-Info: <sip:127.0.0.1>;answer-after=0";
        o.Keys["key1"] = "*";
        o.Keys["key2"] = "1";
        var sipp = Own(Sipp.Start(o));

        var answered = new List<string>();
        phone.Client.ReceiveTimeout = 500;
        var deadline = DateTime.UtcNow.AddSeconds(12);
        while (DateTime.UtcNow < deadline && !answered.Contains("BYE"))
        {
            IPEndPoint? from = null;
            byte[] datagram;
            try { datagram = phone.Receive(ref from); }
            catch (SocketException) { continue; }
            string request = Encoding.ASCII.GetString(datagram);
            string method = request.Substring(0, Math.Max(0, request.IndexOf(' ')));
            if (method == "ACK")
                continue;
            answered.Add(method);
            if (method == "INVITE")
            {
                const string sdp = "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
                Send(phone, from!, Response(request, phonePort, "200 OK", "application/sdp", sdp));
                Send(phone, from!, Response(request, phonePort, "180 Ringing", null, ""));
            }
            else
            {
                Send(phone, from!, Response(request, phonePort, "200 OK", null, ""));
            }
        }

        var r = sipp.Wait(TimeSpan.FromSeconds(12));
        Show("caller " + caller + " (phone answered " + string.Join(", ", answered) + ")", r);
        Assert.True(r.Succeeded, r.Describe());
        Assert.Equal("INVITE", answered[0]);
        Assert.Equal("BYE", answered[answered.Count - 1]);
        int ok = r.MessageTrace.IndexOf("SIP/2.0 200 OK", StringComparison.Ordinal);
        int ringing = r.MessageTrace.IndexOf("SIP/2.0 180 Ringing", StringComparison.Ordinal);
        Assert.True(ok >= 0 && ringing > ok, "the caller did not take the 180 after the 200:\n" + r.MessageTrace);
    }

    /// <summary>A response to <paramref name="request"/>: its Via, From, Call-ID and CSeq, its To with a tag.</summary>
    private static string Response(string request, int port, string status, string? contentType, string body)
    {
        var response = new StringBuilder("SIP/2.0 " + status + "\r\n");
        foreach (string line in request.Split("\r\n"))
        {
            if (line.Length == 0)
                break;
            if (line.StartsWith("Via:", StringComparison.Ordinal) || line.StartsWith("From:", StringComparison.Ordinal)
                || line.StartsWith("Call-ID:", StringComparison.Ordinal) || line.StartsWith("CSeq:", StringComparison.Ordinal))
                response.Append(line).Append("\r\n");
            else if (line.StartsWith("To:", StringComparison.Ordinal))
                response.Append(line.Contains(";tag=") ? line : line + ";tag=late180").Append("\r\n");
        }
        response.Append("Contact: <sip:linda@127.0.0.1:").Append(port).Append(">\r\n");
        if (contentType != null)
            response.Append("Content-Type: ").Append(contentType).Append("\r\n");
        response.Append("Content-Length: ").Append(Encoding.ASCII.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return response.ToString();
    }

    private static void Send(UdpClient socket, IPEndPoint to, string message)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(message);
        socket.Send(bytes, bytes.Length, to);
    }

    [Fact]
    public void Voicemail_goes_to_the_configured_destination()
    {
        int vmPort = PeerPorts.GetFree();
        var k = StartKamailio(options: new KamailioOptions { VoicemailDestination = $"sip:127.0.0.1:{vmPort}" });
        var vm = Own(Sipp.Start(new SippOptions { Scenario = "uas_answer.xml", LocalPort = vmPort, Service = "voicemail", Timeout = TimeSpan.FromSeconds(15) }));
        Thread.Sleep(200);
        var o = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = PeerPorts.GetFree(),
            Remote = k.HostPort,
            Service = "voicemail",
            PauseMs = 200,
            Timeout = TimeSpan.FromSeconds(15),
        };
        o.Keys["domain"] = TestUsers.Domain;
        var r = Sipp.Run(o);
        Show("uac to voicemail", r);
        Assert.True(r.Succeeded, r.Describe());
        var v = vm.Wait(TimeSpan.FromSeconds(5));
        Assert.True(v.Succeeded, v.Describe());
        Assert.Contains("INVITE sip:voicemail@nanophone.test", v.MessageTrace);
    }

    [Fact]
    public void Redirect_302_to_a_local_user_is_followed_to_her_registered_phone()
    {
        var k = StartKamailio();
        int grahamPort = PeerPorts.GetFree();
        int uacPort = PeerPorts.GetFree();
        Assert.True(Sipp.Register(k.HostPort, grahamPort, TestUsers.Graham).Succeeded);
        var linda = StartBaresip(k);

        var forwarder = new SippOptions { Scenario = "uas_redirect.xml", LocalPort = grahamPort, Timeout = TimeSpan.FromSeconds(20) };
        forwarder.Keys["target"] = $"sip:linda@{TestUsers.Domain}";
        var graham = Own(Sipp.Start(forwarder));
        Thread.Sleep(200);

        var uacOptions = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = uacPort,
            Remote = k.HostPort,
            Service = TestUsers.Graham,
            PauseMs = 300,
            Timeout = TimeSpan.FromSeconds(20),
        };
        uacOptions.Keys["domain"] = TestUsers.Domain;
        var uac = Own(Sipp.Start(uacOptions));

        linda.WaitForEvent("CALL_INCOMING", Short);
        linda.Accept();
        var r = uac.Wait();
        Show("uac", r);
        Assert.True(r.Succeeded, r.Describe());
        var g = graham.Wait(TimeSpan.FromSeconds(5));
        Show("graham (302)", g);
        Assert.True(g.Succeeded, g.Describe());
        linda.WaitForEvent("CALL_CLOSED", Short);
    }

    [Fact]
    public void Serial_mode_rings_the_higher_q_contact_first_then_the_next()
    {
        // baresip registers with q=0.5, SIPp without q; Kamailio tries the highest q first.
        var k = StartKamailio("serial", new KamailioOptions { FrInvTimerMs = 2000 });
        int uasPort = PeerPorts.GetFree();
        int uacPort = PeerPorts.GetFree();
        var reg = Sipp.Register(k.HostPort, uasPort, TestUsers.Linda);
        Assert.True(reg.Succeeded, reg.Describe());
        var b = StartBaresip(k, q: 0.5);
        _out.WriteLine(k.Dump());
        k.WaitForContacts(TestUsers.Linda, 2, Short);

        var answering = Own(Sipp.Start(new SippOptions
        {
            Scenario = "uas_answer.xml",
            LocalPort = uasPort,
            Service = TestUsers.Linda,
            Timeout = TimeSpan.FromSeconds(25),
        }));
        Thread.Sleep(200);
        var uacOptions = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = uacPort,
            Remote = k.HostPort,
            Service = TestUsers.Linda,
            PauseMs = 300,
            Timeout = TimeSpan.FromSeconds(25),
        };
        uacOptions.Keys["domain"] = TestUsers.Domain;
        var uac = Own(Sipp.Start(uacOptions));

        // Whichever q group comes first rings alone; the other only after FR_INV_TIMER.
        var first = b.WaitForEvent("CALL_INCOMING", Short);
        _out.WriteLine("baresip rang: " + first);
        var closed = b.WaitForEvent("CALL_CLOSED", Short); // cancelled after 2 s, never answered
        _out.WriteLine("baresip closed: " + closed);

        var r = uac.Wait();
        Show("uac", r);
        Assert.True(r.Succeeded, r.Describe());
        var a = answering.Wait(TimeSpan.FromSeconds(10));
        Show("sipp uas", a);
        Assert.True(a.Succeeded, a.Describe());
        Assert.True(closed.ReceivedUtc - first.ReceivedUtc >= TimeSpan.FromSeconds(1.5),
            "baresip was cancelled before the branch timeout");
    }

    [Fact]
    public void Tshark_flags_a_malformed_sip_message()
    {
        int port = PeerPorts.GetFree();
        var capture = Own(Tshark.Start(new[] { port }));
        _out.WriteLine("pcap " + capture.PcapPath);
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            int local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            string good =
                $"OPTIONS sip:x@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKgood\r\n" +
                $"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: good@np\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            string bad =
                $"INVITE sip:x@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKbad\r\n" +
                $"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: bad@np\r\nCSeq: 1 INVITE\r\nContent-Length: abc\r\n\r\n";
            foreach (string m in new[] { good, bad })
            {
                byte[] bytes = Encoding.ASCII.GetBytes(m);
                udp.Send(bytes, bytes.Length, new IPEndPoint(IPAddress.Loopback, port));
            }
        }
        var frames = capture.MalformedSip();
        _out.WriteLine(string.Join("\n", frames));
        _out.WriteLine("all: " + string.Join("\n", Tshark.ReadSip(capture.PcapPath, new[] { port }, "frame")));
        Assert.Single(frames);
        Assert.StartsWith("Request: INVITE", frames[0].Info);
    }

    /// <summary>
    /// tshark's fields for a datagram from the phone's RTCP port (protocols; packet types; expert
    /// severities): RTCP with no expert message or only a chat-level one (the round-trip delay tshark
    /// computes from LSR and DLSR) is clean; a warning (0x00600000), an error or no RTCP is flagged.
    /// </summary>
    [Theory]
    [InlineData("eth:ethertype:ip:udp:rtcp;200,202;", false)]
    [InlineData("eth:ethertype:ip:udp:rtcp;201,202,203", false)]
    [InlineData("eth:ethertype:ip:udp:rtcp;200,202;2097152", false)]
    [InlineData("eth:ethertype:ip:udp:rtcp;200,202;2097152,6291456", true)]
    [InlineData("eth:ethertype:ip:udp:rtcp;200;8388608", true)]
    [InlineData("eth:ethertype:ip:udp:data;;", true)]
    public void RTCP_is_flagged_for_an_expert_warning_or_worse_not_for_a_chat_note(string line, bool flagged)
    {
        Assert.Equal(flagged, RtpCapture.IsFlaggedRtcp(line));
    }

    /// <summary>
    /// A capture proves it is live and complete with probe datagrams to random ports; read back, a
    /// probe to a port another dissector claims (ENIP's 44818 here) dissects as a malformed packet
    /// of that protocol. The malformed-SIP check leaves the probes out.
    /// </summary>
    [Fact]
    public void A_capture_probe_on_a_port_another_dissector_claims_is_not_flagged()
    {
        const int enip = 44818;
        int port = PeerPorts.GetFree();
        var capture = Own(Tshark.Start(new[] { port, enip }));
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            byte[] probe = Encoding.ASCII.GetBytes("nanophone-capture-probe");
            udp.Send(probe, probe.Length, new IPEndPoint(IPAddress.Loopback, enip));
        }
        capture.Stop();
        var asEnip = Tshark.Read(capture.PcapPath, Array.Empty<string>(), $"udp.dstport == {enip} and _ws.malformed");
        _out.WriteLine("read back with no decode-as: " + string.Join("\n", asEnip));
        Assert.NotEmpty(asEnip);
        Assert.Empty(Tshark.FindMalformedSip(capture.PcapPath));
        Assert.Empty(Tshark.FindMalformedSip(capture.PcapPath, new[] { port }));
    }
}
