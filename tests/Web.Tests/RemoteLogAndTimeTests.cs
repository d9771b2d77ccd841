using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.App.Tests.Simulator;
using Xunit;

namespace NanoPhone.Web.Tests;

/// <summary>
/// Wall-clock time by SNTP and the remote log, on loopback: the simulator asks net.ntp.server (here
/// a small SNTP responder that first says "not synchronised", RFC 4330's kiss-o'-death, and answers
/// the retry) and sends its event lines to log.syslog (a UDP receiver) as RFC 5424 messages. Before
/// the first sync: "time not set" on the status page and the NILVALUE "-" as the syslog timestamp,
/// never 1970; after it: dates.
/// </summary>
public class RemoteLogAndTimeTests
{
    /// <summary>RFC 5424 §6: PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG].</summary>
    private const string Rfc5424 = @"^<(\d{1,3})>1 (-|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) nanophone - (\S{1,32}) - (.*)$";

    private sealed class SntpResponder : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly Thread _thread;
        public int Requests;

        public SntpResponder()
        {
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

        private void Run()
        {
            try
            {
                while (true)
                {
                    IPEndPoint? from = null;
                    byte[] q = _udp.Receive(ref from);
                    if (q.Length < 48) continue;
                    var r = new byte[48];
                    bool first = Interlocked.Increment(ref Requests) == 1;
                    r[0] = (byte)((first ? 3 : 0) << 6 | 4 << 3 | 4);   // the first: LI 3 (alarm), stratum 0
                    r[1] = (byte)(first ? 0 : 2);
                    Array.Copy(q, 40, r, 24, 8);
                    ulong now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2_208_988_800L) << 32;
                    for (int i = 0; i < 8; i++) r[40 + i] = (byte)(now >> (56 - 8 * i));
                    _udp.Send(r, r.Length, from);
                }
            }
            catch (Exception) { }
        }

        public void Dispose() => _udp.Dispose();
    }

    [Fact]
    public async System.Threading.Tasks.Task Time_not_set_until_SNTP_answers_and_event_lines_reach_the_syslog_server()
    {
        using var sntp = new SntpResponder();
        using var syslog = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int syslogPort = ((IPEndPoint)syslog.Client.LocalEndPoint!).Port;
        using var phone = new SimulatorProcess("run", "--set", "sip.local.port=0", "--set", "net.ntp.server=127.0.0.1:" + sntp.Port,
            "--set", "log.syslog=127.0.0.1:" + syslogPort, "--set", "web.port=0", "--set", "web.password=" + SimulatorWeb.Password);
        string url = SimulatorWeb.WaitForUrl(phone);
        Assert.Equal("TIME not set: the server is not synchronised (kiss-o'-death or alarm) (retrying every 10 s)", phone.WaitFor("^TIME "));
        using var http = SimulatorWeb.LogIn(url);
        Assert.Contains("<td id=\"time\">time not set</td>", await http.GetStringAsync(""));
        phone.Type("calls");
        phone.WaitFor(@"^\(no calls\)$");

        // Before the first sync: no timestamp (NILVALUE), never 1970.
        Match before = Receive(syslog, "TIME");
        Assert.Equal("-", before.Groups[2].Value);
        Assert.Equal("134", before.Groups[1].Value);           // local0.info
        Assert.Equal("127.0.0.1", before.Groups[3].Value);
        Assert.StartsWith("TIME not set", before.Groups[5].Value);

        string synced = phone.WaitFor(@"^TIME \d", TimeSpan.FromSeconds(20));
        Assert.Matches(@"^TIME \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC from 127\.0\.0\.1:" + sntp.Port + @" \(SNTP\)$", synced);
        Assert.Matches(@"<td id=""time"">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td>", await http.GetStringAsync(""));
        Match after = Receive(syslog, "TIME");
        Assert.Matches(@"^20\d\d-", after.Groups[2].Value);
        var stamp = DateTimeOffset.Parse(after.Groups[2].Value);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - stamp).TotalSeconds) < 30, "syslog timestamp " + stamp);

        // A warning goes out with severity 4 (local0.warning).
        using var taken = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        phone.Type("set sip.local.port " + ((IPEndPoint)taken.Client.LocalEndPoint!).Port);
        Match warning = Receive(syslog, "WARNING");
        Assert.Equal("132", warning.Groups[1].Value);
    }

    /// <summary>The next syslog message with this MSGID, checked against RFC 5424's header grammar.</summary>
    private static Match Receive(UdpClient syslog, string msgId)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        var seen = new List<string>();
        while (true)
        {
            int left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0) throw new TimeoutException("no syslog message " + msgId + "; got:\n" + string.Join("\n", seen));
            syslog.Client.ReceiveTimeout = left;
            IPEndPoint? from = null;
            byte[] b;
            try { b = syslog.Receive(ref from); }
            catch (SocketException) { continue; }
            string text = Encoding.UTF8.GetString(b);
            seen.Add(text);
            Match m = Regex.Match(text, Rfc5424);
            Assert.True(m.Success, "not RFC 5424: " + text);
            if (m.Groups[4].Value == msgId) return m;
        }
    }
}
