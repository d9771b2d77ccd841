using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Registration;

/// <summary>
/// Registration and mobility against a real Kamailio (tests/peers/kamailio/registrar.cfg), all on
/// loopback, every wait bounded, with the phone's real RFC 3261 timers (T1 500 ms, Timer F 32 s):
///  1. REGISTER → 401 → REGISTER with credentials → 200; Kamailio holds exactly our Contact.
///  2. start → registered, median of 5 runs.
///  3. a wrong password ends in "authentication failed" after 2 REGISTERs, and nothing more is
///     sent for 20 s (no storm).
///  4. expires=10 is refreshed 5 s after each 200 (expiry − 5 s) and the binding never lapses.
///  5. 423 Interval Too Brief: the phone adopts Min-Expires.
///  6. the phone moves to 127.0.0.2: Kamailio holds only the new Contact within 5 s, and the
///     application is told the new Contact.
///  7. Kamailio restarts (same port, empty location table): the phone is back within the bound
///     its timers allow.
///  8. unregistering removes this phone's binding only; another device of linda's stays.
///  9. sip.outbound (RFC 3261 §8.1.2): with Kamailio as the outbound proxy and sip.server on a
///     port nobody listens on, the phone registers through Kamailio (REGISTER sip:nanophone.test
///     with a preloaded Route) and unregisters the same way; nothing goes to sip.server.
/// Every datagram the phone sent is captured with tshark and must dissect cleanly.
/// Whole class: about 70 s (95 s with the machine at load average 23).
/// </summary>
[Collection("SipPeers")]
public sealed class RegistrationInteropTests : PeerTest
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    public RegistrationInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    // ---- 1 -------------------------------------------------------------------------------------

    [Fact]
    public void Registers_with_digest_auth_and_Kamailio_holds_the_binding()
    {
        var kamailio = StartKamailio();
        var phone = StartPhone(kamailio);
        var capture = Capture(kamailio);

        long asked = phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);
        Out.WriteLine($"registered {registered.AtMs - asked} ms after start");

        Assert.Equal(phone.Contact, registered.Contact);
        Assert.Equal(600, registered.Expires);
        Assert.Equal(new[] { RegistrationState.Registering, RegistrationState.Registered },
            phone.Events.Registration.Select(e => e.State));

        // REGISTER, 401, REGISTER with credentials (same Call-ID, CSeq + 1), 200.
        var registers = phone.Network.NewRequests("REGISTER");
        Assert.Equal(2, registers.Count);
        Assert.Null(registers[0].Header("Authorization"));
        Assert.StartsWith("Digest username=\"linda\", realm=\"nanophone.test\", nonce=\"", registers[1].Header("Authorization"));
        Assert.Equal(registers[0].Header("Call-ID"), registers[1].Header("Call-ID"));
        Assert.Equal(registers[0].CSeqNumber() + 1, registers[1].CSeqNumber());
        Assert.Equal(new[] { 401, 200 }, phone.Network.FirstAnswers().Select(r => r.StatusCode));

        // Kamailio's location table: exactly our Contact, for the time we asked.
        Assert.Equal(new[] { phone.Contact }, kamailio.Contacts(TestUsers.Linda));
        string dump = kamailio.Dump();
        Assert.Contains("AoR: linda", dump);
        Assert.Contains("Address: " + phone.Contact, dump);
        Assert.Matches(@"Expires: (600|599)\b", dump);
        Assert.Contains("User-Agent: NanoPhone/", dump);
        Assert.Equal(RegistrationState.Registered, phone.State);
        Assert.Equal(600, phone.GrantedExpires);

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- 2 -------------------------------------------------------------------------------------

    [Fact]
    public void Time_from_start_to_registered_median_of_5_runs()
    {
        var kamailio = StartKamailio();
        var times = new List<long>();
        var onTheWire = new List<long>();
        for (int run = 0; run < 5; run++)
        {
            // A fresh phone each time (new socket, Call-ID and nonce), the same registrar.
            using var phone = new PhoneUnderTest(kamailio.SipPort);
            long asked = phone.StartRegistration();
            var registered = phone.WaitFor(RegistrationState.Registered, Short);
            long firstSent = phone.Network.SentRequests("REGISTER")[0].AtMs;
            times.Add(registered.AtMs - asked);
            onTheWire.Add(registered.AtMs - firstSent);
            Out.WriteLine($"run {run + 1}: {registered.AtMs - asked} ms = {firstSent - asked} ms until the loop ran the " +
                           $"posted start + {registered.AtMs - firstSent} ms first REGISTER -> registered");
            Assert.Equal(new[] { phone.Contact }, kamailio.Contacts(TestUsers.Linda));

            int mark = phone.Events.Mark;
            phone.StopRegistration();
            phone.WaitFor(RegistrationState.Unregistered, Short, mark);
            Assert.Empty(kamailio.Contacts(TestUsers.Linda));
        }
        long median = times.OrderBy(t => t).ElementAt(2);
        Out.WriteLine($"NUMBER start -> registered: median {median} ms of 5 runs ({string.Join(", ", times)} ms); " +
                       $"first REGISTER -> registered: median {onTheWire.OrderBy(t => t).ElementAt(2)} ms");
        // Most of it is the loop picking up posted work: Post does not wake the poll, which waits up
        // to PhoneLoop.MaxWaitMs (20 ms) when no timer is due sooner.
        // Two round trips on loopback take a few ms; the bound only catches a phone that waits for
        // a timer (e.g. a lost first REGISTER retransmitted after T1 = 500 ms) on a loaded machine.
        Assert.True(median < 500, $"median {median} ms");
    }

    // ---- 3 -------------------------------------------------------------------------------------

    [Fact]
    public void Wrong_password_ends_in_authentication_failed_and_sends_only_2_REGISTERs_in_20_s()
    {
        var kamailio = StartKamailio();
        var phone = StartPhone(kamailio, s => s.Password = "not-" + TestUsers.LindaPassword);
        var capture = Capture(kamailio);

        long asked = phone.StartRegistration();
        var failed = phone.WaitFor(RegistrationState.AuthFailed, Short);
        Assert.Equal("authentication failed", failed.Detail);
        Out.WriteLine($"authentication failed {failed.AtMs - asked} ms after start");

        // Watch the phone for 20 s of real time from the start: it must stay quiet.
        SleepUntil(phone, asked + 20_000);

        // REGISTERs as requests (a retransmission, should Kamailio be slower than T1, is not a new attempt)
        // and as datagrams; both are checked to end when the phone gives up.
        var registers = phone.Network.NewRequests("REGISTER");
        var datagrams = phone.Network.SentRequests("REGISTER");
        var challenges = phone.Network.FirstAnswers().Where(r => r.StatusCode == 401).ToList();
        Out.WriteLine($"NUMBER REGISTERs sent in 20 s with a wrong password: {registers.Count} ({datagrams.Count} datagrams)");
        Out.WriteLine("nonces: " + string.Join(", ", challenges.Select(c => c.HeaderParam("WWW-Authenticate", "nonce"))));

        // REGISTER → 401 (nonce n) → REGISTER with credentials for n → 401 with n again, not stale:
        // the password is wrong; give up. Kamailio's nonce only changes with the clock second.
        if (challenges.Count >= 2
            && challenges[0].HeaderParam("WWW-Authenticate", "nonce") != challenges[1].HeaderParam("WWW-Authenticate", "nonce"))
        {
            // The two challenges straddled a second boundary, so Kamailio sent a new nonce: the phone
            // answers a new nonce once more (a server may rotate nonces without stale=true), then stops.
            Out.WriteLine("Kamailio's nonce changed between the challenges: one extra attempt is allowed");
            Assert.InRange(registers.Count, 3, 4);
        }
        else
        {
            Assert.Equal(2, registers.Count);
        }
        Assert.All(datagrams, r => Assert.True(r.AtMs <= failed.AtMs, "REGISTER after giving up: " + r));
        Assert.Equal(new[] { RegistrationState.Registering, RegistrationState.AuthFailed },
            phone.Events.Registration.Select(e => e.State));
        Assert.Equal(RegistrationState.AuthFailed, phone.State);
        Assert.Empty(kamailio.Contacts(TestUsers.Linda));

        // Kamailio saw the same: one refused attempt per REGISTER datagram with credentials (it
        // answers REGISTER statelessly, so it would log a retransmission again).
        int refused = Regex.Matches(kamailio.Log, "REGISTER auth failed for 'linda'").Count;
        Assert.Equal(datagrams.Count(r => r.Header("Authorization") != null), refused);

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- 4 -------------------------------------------------------------------------------------

    [Fact]
    public void Short_expiry_is_refreshed_5_s_before_it_ends_and_the_binding_never_lapses()
    {
        // registrar.cfg sets min_expires 0 (Kamailio's own default is 60), so 10 s is granted as asked.
        var kamailio = StartKamailio();
        var phone = StartPhone(kamailio, s => s.Expires = 10);
        var capture = Capture(kamailio);

        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(10, registered.Expires);

        // 15 s: longer than the 10 s binding. Look at Kamailio's table every second meanwhile.
        var watch = Stopwatch.StartNew();
        int looks = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            var contacts = kamailio.Contacts(TestUsers.Linda);
            Assert.True(contacts.SequenceEqual(new[] { phone.Contact }),
                $"after {watch.Elapsed.TotalSeconds:0.0} s Kamailio lists: {string.Join(", ", contacts)}");
            looks++;
            Thread.Sleep(1000);
        }

        // Each refresh goes 5 s after the 200 that granted 10 s (refresh at min(90 %, expiry − 5 s)).
        var log = phone.Network.Log;
        var intervals = new List<long>();
        Datagram? grant = null;
        foreach (var d in log)
        {
            if (!d.Outgoing && d.StatusCode == 200) grant = d;
            else if (d.Outgoing && d.IsRequest("REGISTER") && grant != null)
            {
                intervals.Add(d.AtMs - grant.AtMs);
                grant = null; // a retransmission of this refresh is not another refresh
            }
        }
        var refreshes = phone.Network.NewRequests("REGISTER").Where(d => d.AtMs >= registered.AtMs).ToList();
        Assert.True(refreshes.Count >= 2, $"{refreshes.Count} refresh(es) in 15 s:\n{phone.Network.Describe()}");
        Out.WriteLine($"{refreshes.Count} refreshes in 15 s, {looks} looks at Kamailio; 200 -> refresh: {string.Join(", ", intervals)} ms");
        // Never early. Late by at most one loop turn (20 ms) in theory; 1.5 s allows for a loaded 2-core machine.
        Assert.All(intervals, ms => Assert.InRange(ms, 5000, 6500));
        // Every refresh was answered 200 at once (the nonce is still good: nonce_expire 30 s).
        Assert.All(phone.Network.FirstAnswers().Where(r => r.AtMs > registered.AtMs), r => Assert.Equal(200, r.StatusCode));
        // One Call-ID, CSeq growing by one per REGISTER.
        var all = phone.Network.NewRequests("REGISTER");
        Assert.Single(all.Select(r => r.Header("Call-ID")).Distinct());
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => all[0].CSeqNumber() + i - 1), all.Select(r => r.CSeqNumber()));
        // Nothing for the application to hear: it stayed registered.
        Assert.Equal(2, phone.Events.Registration.Count);
        Assert.Equal(new[] { phone.Contact }, kamailio.Contacts(TestUsers.Linda));

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- 5 -------------------------------------------------------------------------------------

    [Fact]
    public void Interval_too_brief_423_makes_the_phone_ask_for_Min_Expires()
    {
        var options = new KamailioOptions();
        options.ExtraDefines.Add("MIN_EXPIRES=20");
        options.ExtraDefines.Add("MIN_EXPIRES_423");
        var kamailio = StartKamailio(options);
        var phone = StartPhone(kamailio, s => s.Expires = 10);
        var capture = Capture(kamailio);

        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);

        // The first answer to each REGISTER: 401, then 423 with Min-Expires: 20, then 200.
        // registrar.cfg's REGISTRAR route calls sl_reply_error() when save() fails, although save()
        // has already sent the 423: Kamailio follows it with a stray 500 for the same REGISTER. The
        // phone must ignore a second final response to an answered transaction (checked below: it
        // registers without a retry-wait).
        var answers = phone.Network.FirstAnswers();
        Assert.Equal(new[] { 401, 423, 200 }, answers.Select(r => r.StatusCode));
        var tooBrief = answers[1];
        Assert.Equal("20", tooBrief.Header("Min-Expires"));
        var registers = phone.Network.NewRequests("REGISTER");
        Assert.Equal(new[] { "10", "10", "20" }, registers.Select(r => r.Header("Expires")));
        Assert.Equal(20, registered.Expires);
        Assert.Equal(new[] { RegistrationState.Registering, RegistrationState.Registered },
            phone.Events.Registration.Select(e => e.State));
        Assert.Equal(new[] { phone.Contact }, kamailio.Contacts(TestUsers.Linda));
        Assert.Matches(@"Expires: (20|19)\b", kamailio.Dump());

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- 6 -------------------------------------------------------------------------------------

    [Fact]
    public void After_an_address_change_Kamailio_holds_only_the_new_Contact_within_5_s()
    {
        var kamailio = StartKamailio();
        var phone = StartPhone(kamailio);
        var capture = Capture(kamailio);

        phone.StartRegistration();
        phone.WaitFor(RegistrationState.Registered, Short);
        string oldContact = phone.Contact;
        Assert.Equal(new[] { oldContact }, kamailio.Contacts(TestUsers.Linda));

        // The phone's address changes: 127.0.0.2 is another address of the loopback interface.
        long moved = phone.MoveTo("127.0.0.2");
        string newContact = phone.Contact;
        Assert.StartsWith("sip:linda@127.0.0.2:", newContact);

        IReadOnlyList<string> contacts = Array.Empty<string>();
        long visible = -1;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            contacts = kamailio.Contacts(TestUsers.Linda);
            if (contacts.SequenceEqual(new[] { newContact }))
            {
                visible = phone.Clock.NowMs;
                break;
            }
            Thread.Sleep(20);
        }
        Assert.True(visible >= 0, $"5 s after the move Kamailio lists: {string.Join(", ", contacts)}\n{phone.Describe()}");

        // One REGISTER, from the new socket, swaps the bindings: old Contact expires=0, new one 600.
        var move = phone.Network.SentRequests("REGISTER").First(r => r.AtMs >= moved);
        Assert.Equal(phone.LocalEndpoint.ToString(), move.Local);
        Assert.Contains($"<{oldContact}>;expires=0", move.Headers("Contact"));
        Assert.Contains($"<{newContact}>;expires=600", move.Headers("Contact"));
        // ...and its answer came in on the new socket: the loop polls the transport it now has.
        var answer = phone.Network.Log.First(d => !d.Outgoing && d.StatusCode == 200 && d.AtMs >= move.AtMs);
        Assert.Equal(phone.LocalEndpoint.ToString(), answer.Local);
        Out.WriteLine($"NUMBER address change -> new binding: 200 at the phone after {answer.AtMs - moved} ms, " +
                       $"visible in Kamailio (kamcmd ul.lookup, polled) after {visible - moved} ms");
        Assert.Equal(RegistrationState.Registered, phone.State);
        Assert.Equal(600, phone.GrantedExpires);

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    [Fact]
    public void After_an_address_change_the_application_is_told_the_new_Contact()
    {
        // The phone's status line shows the registered Contact from OnRegistration. After a move the
        // binding is the new address; the application must hear that, not keep the old one.
        var kamailio = StartKamailio();
        var phone = StartPhone(kamailio);
        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(phone.Contact, registered.Contact);

        phone.MoveTo("127.0.0.2");
        string newContact = phone.Contact;
        WaitUntil(() => kamailio.Contacts(TestUsers.Linda).SequenceEqual(new[] { newContact }) ? "moved" : null, Short,
            () => "new binding in Kamailio");

        var told = WaitUntil(() => phone.Events.Registration.LastOrDefault(e => e.Contact == newContact), TimeSpan.FromSeconds(2),
            () => $"OnRegistration with Contact {newContact}; the application was told:\n{phone.Events.Describe()}");
        Assert.Equal(RegistrationState.Registered, told.State);
        Assert.Equal(600, told.Expires);
    }

    // ---- 7 -------------------------------------------------------------------------------------

    [Fact]
    public void After_Kamailio_restarts_the_phone_registers_again_within_its_retry_bound()
    {
        int port = PeerPorts.GetFree();
        var first = StartKamailio(port: port);
        var phone = StartPhone(first, s => s.Expires = 10);
        var capture = Capture(first);

        phone.StartRegistration();
        phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(new[] { phone.Contact }, first.Contacts(TestUsers.Linda));

        // Kamailio goes away, taking the location table with it (usrloc db_mode 0).
        first.Stop();
        long down = phone.Clock.NowMs;
        // The refresh (due 5 s after the last 200) now goes nowhere: wait until one has.
        var lost = WaitUntil(() => phone.Network.SentRequests("REGISTER").FirstOrDefault(r => r.AtMs > down), Short,
            () => "REGISTER sent while Kamailio was down");
        Out.WriteLine($"REGISTER into the void {lost.AtMs - down} ms after Kamailio stopped");

        var second = StartKamailio(port: port);
        long up = phone.Clock.NowMs;
        Assert.Empty(second.Contacts(TestUsers.Linda));

        // Worst case by the phone's RFC timers: the REGISTER in flight is retransmitted (Timer E, up
        // to every 4 s) until Timer F gives up at 32 s, then the retry comes after 15–30 s of backoff;
        // plus the refresh interval (5 s) it may have waited before. Usually a retransmission
        // reaches the new Kamailio within 4 s, gets a 401 (new nonce secret) and then a 200.
        // The bound is above 60 s on purpose: it is what the timers promise, not what we expect.
        TimeSpan bound = TimeSpan.FromSeconds(5 + 32 + 30 + 3);
        var contacts = second.WaitForContacts(TestUsers.Linda, 1, bound);
        long back = phone.Clock.NowMs;
        Out.WriteLine($"binding back {back - up} ms after the restart ({back - down} ms after the stop)");
        Assert.Equal(new[] { phone.Contact }, contacts);
        Assert.True(back - down <= bound.TotalMilliseconds, $"back after {back - down} ms");
        Assert.Equal(RegistrationState.Registered, phone.State);

        AssertCleanOnTheWire(capture, second, phone);
    }

    // ---- 8 -------------------------------------------------------------------------------------

    [Fact]
    public void Unregistering_removes_this_phones_binding_and_leaves_the_other_device_of_linda()
    {
        var kamailio = StartKamailio();
        int otherPort = PeerPorts.GetFree();
        var other = Sipp.Register(kamailio.HostPort, otherPort, TestUsers.Linda);
        Assert.True(other.Succeeded, other.Describe());
        string otherContact = $"sip:linda@127.0.0.1:{otherPort};transport=UDP";

        var phone = StartPhone(kamailio);
        var capture = Capture(kamailio);
        phone.StartRegistration();
        phone.WaitFor(RegistrationState.Registered, Short);
        var both = kamailio.WaitForContacts(TestUsers.Linda, 2, Short);
        Assert.Equal(new[] { otherContact, phone.Contact }.OrderBy(c => c), both.OrderBy(c => c));

        int mark = phone.Events.Mark;
        long asked = phone.StopRegistration();
        var removed = phone.WaitFor(RegistrationState.Unregistered, Short, mark);
        Assert.Equal("binding removed", removed.Detail);
        Out.WriteLine($"unregistered {removed.AtMs - asked} ms after stop");

        Assert.Equal(new[] { otherContact }, kamailio.Contacts(TestUsers.Linda));
        // The un-REGISTER names our Contact only (never "*"), with expires 0.
        var unregister = phone.Network.SentRequests("REGISTER").Last();
        Assert.Equal(new[] { $"<{phone.Contact}>;expires=0" }, unregister.Headers("Contact"));
        Assert.Equal("0", unregister.Header("Expires"));
        Assert.Equal(RegistrationState.Unregistered, phone.State);

        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- 9 -------------------------------------------------------------------------------------

    [Fact]
    public void Registers_through_the_outbound_proxy_while_sip_server_points_where_nobody_listens()
    {
        var kamailio = StartKamailio();
        int unused = PeerPorts.GetFree();
        string outbound = $"sip:127.0.0.1:{kamailio.SipPort};lr";
        // The settings as the user gives them; PhoneSettings maps them as the firmware does.
        var config = new PhoneConfig();
        foreach (string assignment in new[]
                 {
                     "sip.server=127.0.0.1", "sip.port=" + unused, "sip.domain=" + TestUsers.Domain,
                     "sip.user=" + TestUsers.Linda, "sip.password=" + TestUsers.LindaPassword, "sip.expires=600",
                     "sip.outbound=" + outbound,
                 })
            Assert.True(config.TryAssign(assignment, out string? error), error);
        var phone = OwnPhone(new PhoneUnderTest(unused, s => PhoneSettings.ApplyAccount(config, s)));
        Out.WriteLine($"phone on {phone.LocalEndpoint}, sip.server 127.0.0.1:{unused} (unused), sip.outbound {outbound}");
        var capture = Capture(kamailio);

        phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(phone.Contact, registered.Contact);
        Assert.Equal(new[] { phone.Contact }, kamailio.Contacts(TestUsers.Linda));

        // REGISTER, 401, REGISTER with credentials, 200: all with Kamailio, the registrar's domain
        // as Request-URI and Kamailio's URI as the one Route.
        var registers = phone.Network.SentRequests("REGISTER");
        Assert.Equal(2, registers.Count);
        Assert.All(registers, r => Assert.Equal(kamailio.HostPort, r.Remote));
        Assert.All(registers, r => Assert.Equal("REGISTER sip:" + TestUsers.Domain + " SIP/2.0", r.FirstLine));
        Assert.All(registers, r => Assert.Equal(new[] { $"<{outbound}>" }, r.Headers("Route")));
        Assert.Equal(new[] { 401, 200 }, phone.Network.FirstAnswers().Select(r => r.StatusCode));

        int mark = phone.Events.Mark;
        phone.StopRegistration();
        var removed = phone.WaitFor(RegistrationState.Unregistered, Short, mark);
        Assert.Equal("binding removed", removed.Detail);
        Assert.Empty(kamailio.Contacts(TestUsers.Linda));
        Assert.Equal(kamailio.HostPort, phone.Network.SentRequests("REGISTER").Last().Remote);

        // Nothing ever went to sip.server: success came through the outbound proxy alone.
        Assert.DoesNotContain(phone.Network.Log, d => d.Outgoing && d.Remote == $"127.0.0.1:{unused}");
        AssertCleanOnTheWire(capture, kamailio, phone);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Kamailio StartKamailio(KamailioOptions? options = null, int? port = null)
    {
        var k = Own(Kamailio.Start(port ?? PeerPorts.GetFree(), "parallel", options));
        Out.WriteLine($"kamailio pid {k.Pid} on {k.HostPort}, log {k.LogPath}");
        return k;
    }

    private PhoneUnderTest StartPhone(Kamailio registrar, Action<AgentSettings>? configure = null)
    {
        var phone = OwnPhone(new PhoneUnderTest(registrar.SipPort, configure));
        Out.WriteLine($"phone on {phone.LocalEndpoint}");
        return phone;
    }

    /// <summary>
    /// Captures everything to and from Kamailio's port: all the phone's traffic goes there,
    /// whatever address and port the phone has (it moves in one test).
    /// </summary>
    private Tshark Capture(Kamailio registrar)
    {
        var t = Own(Tshark.Start(new[] { registrar.SipPort }));
        Out.WriteLine($"tshark pid {t.Pid}, capture {t.PcapPath}");
        return t;
    }

    /// <summary>
    /// Stops the capture and checks that tshark flags nothing in it, and that it holds every
    /// REGISTER the phone sent (so "nothing flagged" covers the phone's messages). The phone keeps
    /// running meanwhile: a refresh sent while the capture stops may or may not be in it.
    /// </summary>
    private void AssertCleanOnTheWire(Tshark capture, Kamailio registrar, PhoneUnderTest phone)
    {
        long stopping = phone.Clock.NowMs;
        capture.Stop();
        var frames = capture.SipFrames();
        Out.WriteLine($"-- tshark: {frames.Count} SIP frames");
        foreach (var f in frames) Out.WriteLine(f.ToString());
        var malformed = capture.MalformedSip();
        Assert.True(malformed.Count == 0, "tshark flags:\n" + string.Join("\n", malformed));

        var sent = phone.Network.SentRequests("REGISTER");
        int sentBefore = sent.Count(d => d.AtMs < stopping);
        string phonePorts = string.Join(", ", sent.Select(d => PortOf(d.Local)).Distinct());
        var onTheWire = Tshark.ReadSip(capture.PcapPath, new[] { registrar.SipPort },
            $"sip.Method == \"REGISTER\" and udp.dstport == {registrar.SipPort} and udp.srcport in {{{phonePorts}}}");
        Assert.InRange(onTheWire.Count, sentBefore, sent.Count);
    }

    private static int PortOf(string hostPort) =>
        int.Parse(hostPort.Substring(hostPort.LastIndexOf(':') + 1), CultureInfo.InvariantCulture);

    /// <summary>Polls probe until it gives a value (bounded); what() describes it for the timeout message.</summary>
    private static T WaitUntil<T>(Func<T?> probe, TimeSpan timeout, Func<string> what) where T : class
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            T? value = probe();
            if (value != null) return value;
            if (watch.Elapsed > timeout) throw new TimeoutException($"{timeout.TotalSeconds:0.#} s passed without {what()}");
            Thread.Sleep(50);
        }
    }
}
