using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Support;

/// <summary>
/// What the call tests against real peers share: Kamailio as registrar and record-routing proxy,
/// the phone (in-process, registered as linda) and baresip peers; the tshark capture and its check
/// are <see cref="PhoneCapture"/>'s.
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
}
