using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NanoPhone.App.Tests.Simulator;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Web.Tests;

/// <summary>
/// HTTP work must not delay SIP handling. The simulator is called by INVITEs on loopback (do not
/// disturb on, so each one is answered 486 at once and ACKed), and the time from sending an INVITE to
/// its first response is measured: with no web traffic, while one client loads the biggest settings
/// page every 100 ms (a person at the page), and while four clients load it without pause (saturating
/// both cores of the test machine). Prints both distributions (the numbers of the closing note);
/// asserts only that every INVITE was answered and pages were served, since timing belongs in
/// printed numbers, not in pass/fail thresholds.
/// Run: dotnet test tests/Web.Tests --filter SipLatency --logger "console;verbosity=detailed"
/// </summary>
[Collection(nameof(SipLatencyTests))]
public class SipLatencyTests
{
    private const int Invites = 300;
    private const int GapMs = 10;
    private readonly ITestOutputHelper _out;

    public SipLatencyTests(ITestOutputHelper output) { _out = output; }

    [Fact]
    public async Task INVITE_to_first_response_with_and_without_page_loads()
    {
        using var phone = new SimulatorProcess("run", "--capacity", "desktop", "--set", "sip.local.port=0", "--set", "dnd=on",
            "--set", "direct.calls=on", "--set", "ghost.filter=off", "--set", "web.port=0", "--set", "web.password=" + SimulatorWeb.Password);
        int sipPort = int.Parse(Regex.Match(phone.WaitFor("^LISTENING "), @":(\d+)$").Groups[1].Value);
        string url = SimulatorWeb.WaitForUrl(phone);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var phoneAt = new IPEndPoint(IPAddress.Loopback, sipPort);

        Measure(udp, phoneAt, "warm", 30);
        double[] quiet = Measure(udp, phoneAt, "quiet", Invites);

        // A person at the page: one client, a settings page every 100 ms.
        using var stopLight = new CancellationTokenSource();
        long lightPages = 0;
        using HttpClient person = SimulatorWeb.LogIn(url);
        var light = Task.Run(async () =>
        {
            while (!stopLight.IsCancellationRequested)
            {
                try { await person.GetByteArrayAsync("settings?group=sip"); Interlocked.Increment(ref lightPages); }
                catch (HttpRequestException) { }
                try { await Task.Delay(100, stopLight.Token); } catch (TaskCanceledException) { }
            }
        });
        double[] lightly = Measure(udp, phoneAt, "light", Invites);
        stopLight.Cancel();
        await light;

        using var stop = new CancellationTokenSource();
        long pages = 0, bytes = 0, failures = 0;
        // One login (the phone keeps two sessions), four clients loading pages in parallel with its cookie.
        using HttpClient http = SimulatorWeb.LogIn(url);
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    byte[] page = await http.GetByteArrayAsync("settings?group=sip");
                    Interlocked.Increment(ref pages);
                    Interlocked.Add(ref bytes, page.Length);
                }
                catch (HttpRequestException e)
                {
                    if (Interlocked.Increment(ref failures) == 1) _out.WriteLine("first failed page load: " + e.Message);
                }
            }
        })).ToArray();
        await Task.Delay(500);
        long pagesBefore = Interlocked.Read(ref pages);
        var clock = Stopwatch.StartNew();
        double[] busy = Measure(udp, phoneAt, "busy", Invites);
        double seconds = clock.Elapsed.TotalSeconds;
        long served = Interlocked.Read(ref pages) - pagesBefore;
        stop.Cancel();
        await Task.WhenAll(load);

        _out.WriteLine(Line("INVITE -> first response, no page loads     ", quiet));
        _out.WriteLine(Line("INVITE -> first response, a page every 0.1 s", lightly) + "; " + lightPages + " pages");
        _out.WriteLine(Line("INVITE -> first response, 4 clients loading ", busy)
            + "; meanwhile " + served + " settings pages served (" + (served / seconds).ToString("F0") + "/s, "
            + (bytes / Math.Max(1, pages)) + " bytes each, " + failures + " failed)");
        Assert.True(served > 0, "no page was served during the measurement");
    }

    private static string Line(string what, double[] ms)
    {
        double[] s = ms.OrderBy(x => x).ToArray();
        double P(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        return what + ": n=" + s.Length + " p50=" + P(0.5).ToString("F2") + " ms p90=" + P(0.9).ToString("F2") + " ms p99="
            + P(0.99).ToString("F2") + " ms max=" + s[^1].ToString("F2") + " ms";
    }

    /// <summary>n INVITEs, one at a time, GapMs apart: milliseconds from each send to its first response.</summary>
    private static double[] Measure(UdpClient udp, IPEndPoint phone, string phase, int n)
    {
        var result = new double[n];
        int local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        for (int i = 0; i < n; i++)
        {
            string callId = phase + "-" + i + "@latency.test";
            string branch = "z9hG4bK-" + phase + "-" + i;
            string invite = "INVITE sip:linda@127.0.0.1:" + phone.Port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:caller@latency.test>;tag=lt" + i + "\r\nTo: <sip:linda@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:" + local + ">\r\nContent-Length: 0\r\n\r\n";
            byte[] b = Encoding.ASCII.GetBytes(invite);
            var watch = Stopwatch.StartNew();
            udp.Send(b, b.Length, phone);
            string response = ReceiveFor(udp, callId, TimeSpan.FromSeconds(3));
            result[i] = watch.Elapsed.TotalMilliseconds;
            string final = response.StartsWith("SIP/2.0 1") ? ReceiveFor(udp, callId, TimeSpan.FromSeconds(3), finalOnly: true) : response;
            string to = ScriptedRegistrar.Header(final, "To")!;
            string ack = "ACK sip:linda@127.0.0.1:" + phone.Port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:caller@latency.test>;tag=lt" + i + "\r\nTo: " + to + "\r\nCall-ID: " + callId
                + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
            byte[] a = Encoding.ASCII.GetBytes(ack);
            udp.Send(a, a.Length, phone);
            Thread.Sleep(GapMs);
        }
        return result;
    }

    private static string ReceiveFor(UdpClient udp, string callId, TimeSpan timeout, bool finalOnly = false)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            int left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0) throw new TimeoutException("no response to " + callId);
            udp.Client.ReceiveTimeout = left;
            IPEndPoint? from = null;
            byte[] data;
            try { data = udp.Receive(ref from); }
            catch (SocketException) { continue; }
            string text = Encoding.ASCII.GetString(data);
            if (!text.StartsWith("SIP/2.0 ") || ScriptedRegistrar.Header(text, "Call-ID") != callId) continue;
            if (finalOnly && text.StartsWith("SIP/2.0 1")) continue;
            return text;
        }
    }
}

/// <summary>The latency measurement runs alone: no other test of this assembly loads the CPU meanwhile.</summary>
[CollectionDefinition(nameof(SipLatencyTests), DisableParallelization = true)]
public sealed class SipLatencyCollection
{
}
