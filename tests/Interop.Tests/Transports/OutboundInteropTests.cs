using System;
using System.Linq;
using System.Text.RegularExpressions;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Net;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Transports;

/// <summary>
/// RFC 5626 outbound over TCP against Kamailio's outbound and path modules (registrar.cfg
/// WITH_OUTBOUND, Flow-Timer 4 s: the edge proxy and the registrar are one Kamailio, the REGISTER
/// going from the one to the other over UDP), on loopback, bounded:
///  1. the REGISTER carries +sip.instance and reg-id=1 (§4.2.1); the 2xx says Require: outbound and
///     Flow-Timer: 4; Kamailio's location keeps the instance and reg-id with a Path to the flow.
///     Path (RFC 3327; RFC 5626 §5.1): the phone sends none; the REGISTER the edge forwards carries
///     one, the edge's address with a flow token, lr and ;ob; the location keeps that Path and the
///     2xx brings it back to the phone (it said Supported: path).
///  2. the keep-alive is seen: double CRLF pings from the phone within the Flow-Timer (drawn from
///     80–100 %), each answered by a CRLF pong (§4.4.1), as tshark shows on the wire.
///  3. the flow dies (Kamailio stopped with SIGSTOP: the connection stays up, nothing answers): the
///     missing pong is noticed within Flow-Timer + 10 s, the phone opens a new flow and registers
///     again when Kamailio runs again; the location holds one binding for the instance (the new
///     flow replaced the old, §6). NUMBER: flow frozen → dead flow noticed.
/// </summary>
[Collection("SipPeers")]
public sealed class OutboundInteropTests : PeerTest
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    private const int FlowTimer = 4;
    private const string Instance = "urn:uuid:6c1f4b5e-2d0a-4c57-9a3e-5b8d2f0c7a11";

    public OutboundInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    [Fact]
    public void Keep_alives_flow_and_a_dead_flow_is_noticed_and_replaced()
    {
        var k = Own(Kamailio.Start(PeerPorts.GetFree(), "parallel", new KamailioOptions { OutboundFlowTimer = FlowTimer }));
        var capture = Own(Tshark.Start(new[] { k.SipPort }));
        var phone = OwnPhone(new PhoneUnderTest(k.SipPort, s =>
        {
            s.Server.Protocol = TransportProtocol.Tcp;
            s.OutboundMode = 1;
            s.Instance = Instance;
            s.KeepAliveSeconds = -1;
        }, "127.0.0.1", streams: new StreamSockets(TlsPolicy.RefuseAll)));

        // 1. Registered with the instance and reg-id; Kamailio keeps them.
        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(FlowTimer, phone.OnLoop(() => phone.Agent.Registration.KeepAliveSeconds));
        var ul = k.Dump();
        Out.WriteLine("-- ul.dump\n" + ul);
        Assert.Contains(Instance, ul);
        Assert.Contains("Reg-Id: 1", ul, StringComparison.OrdinalIgnoreCase);
        Match stored = Regex.Match(ul, @"Path: <(sip:[^>]*)>");
        Assert.True(stored.Success, "no Path in the location record");
        string path = stored.Groups[1].Value;
        // The edge's own address (its UDP socket, whence it forwarded), a flow token as the user part, lr and ob.
        Assert.Matches(@"^sip:[^@;]+@127\.0\.0\.1:" + k.SipPort + @"(;[^;]+)*$", path);
        Assert.Contains(";lr", path);
        Assert.Contains(";ob", path);

        // 2. Pings and pongs: at least two of each within 2 Flow-Timers and a margin.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int pongs = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(2 * FlowTimer + 3) && pongs < 2)
        {
            System.Threading.Thread.Sleep(200);
            pongs = phone.OnLoop(() => phone.Agent.Flows.PongsOf(phone.Agent.Registration.Target));
        }
        Assert.True(pongs >= 2, $"pongs {pongs} after {sw.ElapsedMilliseconds} ms");

        // 3. The flow dies: Kamailio frozen, the pong does not come.
        int mark = phone.Events.Mark;
        long frozenAt = phone.Clock.NowMs;
        k.Freeze();
        RegistrationEvent noticed;
        try
        {
            noticed = phone.WaitFor(RegistrationState.Registering, TimeSpan.FromSeconds(FlowTimer + 10 + 5), mark);
        }
        finally
        {
            k.Thaw();
        }
        long detect = noticed.AtMs - frozenAt;
        Out.WriteLine($"NUMBER dead flow noticed: {detect} ms after the freeze (Flow-Timer {FlowTimer} s + pong wait 10 s)");
        Assert.Contains("keep-alive", string.Join(" | ", phone.Events.Registration.Skip(mark).Select(e => e.Detail)));
        var again = phone.WaitFor(RegistrationState.Registered, TimeSpan.FromSeconds(40), mark);
        Out.WriteLine("after the freeze: " + string.Join(" | ", phone.Events.Registration.Skip(mark)));
        Assert.NotEqual(registered.Contact, again.Contact); // a new connection, a new end
        Assert.True(phone.OnLoop(() => phone.Agent.Registration.Outbound), "the new flow is no outbound flow (no Require: outbound)");
        var contacts = k.WaitForContacts(TestUsers.Linda, 1, Short);
        Assert.Single(contacts);
        Assert.StartsWith(again.Contact!, contacts[0]);

        capture.Stop();
        var pings = Tshark.Read(capture.PcapPath, Array.Empty<string>(), $"tcp.dstport == {k.SipPort} and tcp.len == 4");
        var pongFrames = Tshark.Read(capture.PcapPath, Array.Empty<string>(), $"tcp.srcport == {k.SipPort} and tcp.len == 2");
        Out.WriteLine($"tshark: {pings.Count} keep-alive pings to Kamailio, {pongFrames.Count} pongs back");
        Assert.True(pings.Count >= 3, "pings on the wire: " + pings.Count);
        Assert.True(pongFrames.Count >= 2, "pongs on the wire: " + pongFrames.Count);
        var flagged = Tshark.FindMalformedSip(capture.PcapPath, new[] { k.SipPort });
        Assert.True(flagged.Count == 0, "tshark flags:\n" + string.Join("\n", flagged));

        // Path on the wire: none from the phone; the forwarded REGISTERs and the 2xx to the phone carry it.
        int[] sip = { k.SipPort };
        var fromPhone = Tshark.ReadSipField(capture.PcapPath, sip, $"tcp.dstport == {k.SipPort} and sip.Method == \"REGISTER\"", "sip.Path");
        var forwarded = Tshark.ReadSipField(capture.PcapPath, sip, $"udp.dstport == {k.SipPort} and sip.Method == \"REGISTER\"", "sip.Path");
        var answers = Tshark.ReadSipField(capture.PcapPath, sip,
            $"tcp.srcport == {k.SipPort} and sip.Status-Code == 200 and sip.CSeq.method == \"REGISTER\"", "sip.Path");
        Out.WriteLine($"Path: phone's REGISTERs [{string.Join(" | ", fromPhone)}]; forwarded [{string.Join(" | ", forwarded)}];" +
            $" 2xx to the phone [{string.Join(" | ", answers)}]");
        Assert.True(fromPhone.Count >= 2, "REGISTERs from the phone on the wire: " + fromPhone.Count);
        Assert.All(fromPhone, p => Assert.Equal("", p));
        Assert.True(forwarded.Count >= 2, "REGISTERs forwarded by the edge: " + forwarded.Count);
        Assert.All(forwarded, p => Assert.Matches(@"^<sip:[^@;]+@127\.0\.0\.1:" + k.SipPort + ";.*ob.*>$", p));
        Assert.Contains(forwarded, p => p == "<" + path + ">");
        Assert.True(answers.Count >= 2, "2xx to REGISTER on the flow: " + answers.Count);
        Assert.All(answers, p => Assert.Matches(@"^<sip:[^@;]+@127\.0\.0\.1:" + k.SipPort + ";.*ob.*>$", p));
        Assert.Contains(answers, p => p == "<" + path + ">");
    }
}
