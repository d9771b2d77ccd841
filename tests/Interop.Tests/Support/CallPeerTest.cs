using System.Collections.Generic;
using System.Linq;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Support;

/// <summary>
/// What the call tests against real peers share: Kamailio as registrar and record-routing proxy,
/// the phone (in-process, registered as linda), baresip peers, a tshark capture of it all, and the
/// check that tshark flags nothing the phone sent.
/// </summary>
public abstract class CallPeerTest : PeerTest
{
    protected static readonly System.TimeSpan Short = System.TimeSpan.FromSeconds(10);

    protected CallPeerTest(ITestOutputHelper output) : base(output)
    {
    }

    protected Kamailio StartKamailio()
    {
        var k = Own(Kamailio.Start(PeerPorts.GetFree(), "parallel", new KamailioOptions()));
        Out.WriteLine($"kamailio pid {k.Pid} on {k.HostPort}, log {k.LogPath}");
        return k;
    }

    protected PhoneUnderTest StartRegisteredPhone(Kamailio registrar, int calls = 2)
    {
        var phone = OwnPhone(new PhoneUnderTest(registrar.SipPort, calls: calls));
        phone.StartRegistration();
        phone.WaitFor(RegistrationState.Registered, Short);
        Out.WriteLine($"phone on {phone.LocalEndpoint}, registered as linda");
        return phone;
    }

    protected Baresip StartBaresip(Kamailio registrar, string user)
    {
        var b = Own(Baresip.Start(new BaresipOptions
        {
            User = user,
            SipPort = PeerPorts.GetFree(2),
            CtrlPort = PeerPorts.GetFree(),
            ProxyPort = registrar.SipPort,
            ReadyTimeout = Short,
        }));
        registrar.WaitForContacts(user, 1, Short);
        Out.WriteLine($"baresip ({user}) pid {b.Pid} sip {b.SipPort} ctrl {b.CtrlPort}, config {b.ConfigDir}");
        return b;
    }

    private readonly Dictionary<Tshark, long> _captureStarted = new Dictionary<Tshark, long>();

    protected Tshark Capture(PhoneUnderTest phone, Kamailio registrar, params int[] peerPorts)
    {
        var t = Own(Tshark.Start(new[] { registrar.SipPort, phone.LocalPort }.Concat(peerPorts)));
        _captureStarted[t] = phone.Clock.NowMs;
        Out.WriteLine($"tshark pid {t.Pid}, capture {t.PcapPath}");
        return t;
    }

    /// <summary>Nothing the phone sent is flagged by tshark (malformed, expert warning or error, not SIP).</summary>
    protected void AssertPhoneCleanOnTheWire(Tshark capture, PhoneUnderTest phone)
    {
        capture.Stop();
        int port = phone.LocalPort;
        var anywhere = capture.MalformedSip();
        if (anywhere.Count > 0) Out.WriteLine("tshark flags (any sender):\n" + string.Join("\n", anywhere));
        var flagged = Tshark.ReadSip(capture.PcapPath, capture.Ports,
            $"udp.srcport == {port} and not icmp and (sip or sdp or _ws.malformed) and (_ws.malformed or _ws.expert.severity >= 0x00600000)");
        Assert.True(flagged.Count == 0, "tshark flags what the phone sent:\n" + string.Join("\n", flagged));
        var onTheWire = Tshark.ReadSip(capture.PcapPath, capture.Ports, $"sip and udp.srcport == {port} and not icmp");
        long from = _captureStarted[capture];
        int sent = phone.Network.Log.Count(d => d.Outgoing && d.AtMs >= from);
        Out.WriteLine($"the phone sent {sent} datagrams while capturing; {onTheWire.Count} SIP frames from it in the capture");
        Assert.True(onTheWire.Count > 0, "the capture holds nothing the phone sent");
    }
}
