using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
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
/// Finding the server by DNS and failing over (RFC 3263 §4.1, §4.2, §4.3), on loopback, bounded.
/// dnsmasq serves the test domain:
///   nanophone.test NAPTR 10 10 "S" "SIP+D2T" → _sip._tcp.nanophone.test
///   _sip._tcp.nanophone.test SRV 5 → nowhere.nanophone.test (a record with no address at all),
///                                10 → sip1.nanophone.test:PRIMARY, 20 → sip2.nanophone.test:BACKUP
///   sip1 and sip2 A 127.0.0.1 (two Kamailios on their own ports)
/// The phone is given only the domain (no port, no transport) and net.dns = that dnsmasq:
///  1. NAPTR → SRV → A: it registers over TCP at the primary (the address-less record skipped).
///  2. the primary is stopped: its connection closes, the phone registers at the backup (the
///     primary refuses the connection) within <see cref="FailoverBound"/>; a call from the phone
///     through the backup rings graham there. NUMBER: primary stopped → registered at the backup.
///  3. the primary back: within sip.failback.seconds (3 here) plus a round trip the phone registers
///     there again and removes its binding at the backup. NUMBER: primary back → registered there.
/// </summary>
[Collection("SipPeers")]
public sealed class FailoverInteropTests : PeerTest
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    /// <summary>The bound stated for failover: a closed connection is noticed at once, a refused one too.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(5);
    private const int FailbackSeconds = 3;

    public FailoverInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    [Fact]
    public void Found_by_NAPTR_and_SRV_moves_to_the_backup_when_the_primary_stops_and_returns_when_it_is_back()
    {
        int primaryPort = PeerPorts.GetFree(), backupPort = PeerPorts.GetFree();
        var primary = Own(Kamailio.Start(primaryPort));
        var backup = Own(Kamailio.Start(backupPort));
        string d = TestUsers.Domain;
        var dns = Own(Dnsmasq.Start(new[]
        {
            $"--naptr-record={d},10,10,S,SIP+D2T,,_sip._tcp.{d}",
            $"--srv-host=_sip._tcp.{d},nowhere.{d},5060,5,100",
            $"--srv-host=_sip._tcp.{d},sip1.{d},{primaryPort},10,100",
            $"--srv-host=_sip._tcp.{d},sip2.{d},{backupPort},20,100",
            $"--host-record=sip1.{d},127.0.0.1",
            $"--host-record=sip2.{d},127.0.0.1",
        }));

        var linda = OwnPhone(new PhoneUnderTest(0, s =>
        {
            s.Server.TrySetHost(d, 5060);
            s.ServerPortGiven = false;
            s.TransportFixed = false;
            s.FailbackSeconds = FailbackSeconds;
            s.OutboundMode = 0;
        }, "127.0.0.1", streams: new StreamSockets(TlsPolicy.RefuseAll)));
        linda.OnLoop(() => linda.Agent.Locator.Resolver.Server.TrySetHost("127.0.0.1", dns.Port));

        // 1. NAPTR → SRV → A: the primary, over TCP.
        linda.StartRegistration();
        var first = linda.WaitFor(RegistrationState.Registered, Short);
        Out.WriteLine("registered " + first + "; targets " + linda.OnLoop(() => linda.Agent.Locator.Describe()));
        Assert.Contains(primary.WaitForContacts(TestUsers.Linda, 1, Short), c => c.EndsWith(";transport=tcp"));
        Assert.Empty(backup.Contacts(TestUsers.Linda));
        Assert.True(linda.OnLoop(() => linda.Agent.Locator.Resolver.QueriesSent) >= 3, "NAPTR, SRV and A queries");
        Assert.Empty(linda.Network.SentRequests("REGISTER")); // nothing by UDP

        // graham at the backup (by its address), to take the call after the move.
        var graham = OwnPhone(new PhoneUnderTest(backupPort, s =>
        {
            s.User = TestUsers.Graham;
            s.Password = TestUsers.GrahamPassword;
            s.Server.Protocol = TransportProtocol.Tcp;
            s.OutboundMode = 0;
        }, "127.0.0.1", streams: new StreamSockets(TlsPolicy.RefuseAll)));
        graham.StartRegistration();
        graham.WaitFor(RegistrationState.Registered, Short);

        // 2. The primary stops: registered at the backup within the bound.
        int mark = linda.Events.Mark;
        long stoppedAt = linda.Clock.NowMs;
        primary.Stop();
        var moved = linda.WaitFor(RegistrationState.Registered, FailoverBound, mark);
        long failover = moved.AtMs - stoppedAt;
        Assert.Contains(backup.WaitForContacts(TestUsers.Linda, 1, Short), c => c.EndsWith(";transport=tcp"));
        Out.WriteLine("after the stop: " + string.Join(" | ", linda.Events.Registration.Skip(mark)));
        Out.WriteLine($"NUMBER failover primary stopped -> registered at the backup: {failover} ms (bound {FailoverBound.TotalMilliseconds} ms)");

        // A call from linda goes through the backup and rings graham.
        string? error = null;
        string target = $"sip:graham@{d}";
        int call = linda.OnLoop(() => linda.Agent.Calls.Dial(target, out error));
        Assert.True(call > 0, $"Dial({target}) refused: {error}");
        var ringing = graham.WaitForCall(CallEventKind.Ringing, Short);
        linda.WaitForCall(CallEventKind.Ringback, Short, call);
        Assert.True(linda.OnLoop(() => linda.Agent.Calls.HangUp(call)), "HangUp refused");
        linda.WaitForCall(CallEventKind.Ended, Short, call);
        graham.WaitForCall(CallEventKind.Missed, Short, ringing.Number);

        // 3. The primary is back on its port: the phone returns there and cleans up at the backup.
        mark = linda.Events.Mark;
        var restarted = Own(Kamailio.Start(primaryPort));
        long backAt = linda.Clock.NowMs;
        var returned = linda.WaitFor(RegistrationState.Registered, TimeSpan.FromSeconds(FailbackSeconds) + Short, mark);
        long failback = returned.AtMs - backAt;
        Assert.Contains(restarted.WaitForContacts(TestUsers.Linda, 1, Short), c => c.EndsWith(";transport=tcp"));
        var sw = Stopwatch.StartNew();
        while (backup.Contacts(TestUsers.Linda).Count > 0 && sw.Elapsed < Short) Thread.Sleep(100);
        Assert.Empty(backup.Contacts(TestUsers.Linda));
        Out.WriteLine("after the return: " + string.Join(" | ", linda.Events.Registration.Skip(mark)));
        Out.WriteLine($"NUMBER failback primary back -> registered there: {failback} ms (sip.failback.seconds {FailbackSeconds})");
        Assert.True(failback <= (FailbackSeconds + 5) * 1000L, $"failback took {failback} ms");
    }
}
