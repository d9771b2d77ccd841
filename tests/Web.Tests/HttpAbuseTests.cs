using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NanoPhone.App.Tests.Simulator;
using Xunit;

namespace NanoPhone.Web.Tests;

/// <summary>
/// Bad input at the live web server: a slowloris connection (a byte every half second) is answered
/// 408 and closed within the request time limit while other clients and SIP are served; an
/// over-long head gets 431, garbage 400, a huge body 413; a connection that sends nothing is closed.
/// The phone's console keeps working throughout. And HTTPS with web.cert: no "not encrypted" warning,
/// a Secure cookie.
/// </summary>
public class HttpAbuseTests
{
    private static (SimulatorProcess Phone, Uri Url, int SipPort) Start(params string[] more)
    {
        var args = new System.Collections.Generic.List<string> { "run", "--set", "sip.local.port=0", "--set", "web.port=0",
            "--set", "web.password=" + SimulatorWeb.Password, "--set", "dnd=on", "--set", "direct.calls=on", "--set", "ghost.filter=off" };
        args.AddRange(more);
        var phone = new SimulatorProcess(args.ToArray());
        int sip = int.Parse(Regex.Match(phone.WaitFor("^LISTENING "), @":(\d+)$").Groups[1].Value);
        return (phone, new Uri(SimulatorWeb.WaitForUrl(phone)), sip);
    }

    private static string Exchange(Uri url, byte[] request, TimeSpan timeout)
    {
        using var tcp = new TcpClient();
        tcp.Connect(IPAddress.Loopback, url.Port);
        tcp.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        NetworkStream s = tcp.GetStream();
        try { s.Write(request); } catch (IOException) { }   // the server may close while we still write
        var answer = new MemoryStream();
        var buf = new byte[4096];
        try
        {
            int n;
            while ((n = s.Read(buf)) > 0) answer.Write(buf, 0, n);
        }
        catch (IOException) { }
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    [Fact]
    public async Task Slowloris_oversized_and_garbage_requests_get_clear_errors_and_SIP_and_other_clients_go_on()
    {
        var (phone, url, sipPort) = Start();
        using (phone)
        {
            // A slow client: the request line a byte every 500 ms.
            var slow = Task.Run(() =>
            {
                using var tcp = new TcpClient();
                tcp.Connect(IPAddress.Loopback, url.Port);
                NetworkStream s = tcp.GetStream();
                var watch = Stopwatch.StartNew();
                byte[] line = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
                foreach (byte b in line)
                {
                    try { s.WriteByte(b); } catch (IOException) { break; }
                    if (tcp.Client.Poll(500_000, SelectMode.SelectRead)) break;   // the server answered (or closed)
                }
                tcp.ReceiveTimeout = 10_000;
                var answer = new StreamReader(s).ReadToEnd();
                return (answer, watch.Elapsed);
            });
            await Task.Delay(300);
            // Meanwhile: other clients get their pages, and SIP is answered.
            using (HttpClient http = SimulatorWeb.LogIn(url.ToString()))
            {
                var page = Stopwatch.StartNew();
                string status = await http.GetStringAsync("");
                Assert.Contains("<td id=\"registration\">", status);
                Assert.True(page.ElapsedMilliseconds < 2000, "a page took " + page.ElapsedMilliseconds + " ms while a slow client was connected");
            }
            using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                int local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
                byte[] invite = Encoding.ASCII.GetBytes("INVITE sip:linda@127.0.0.1:" + sipPort + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + local
                    + ";branch=z9hG4bK-slow\r\nMax-Forwards: 70\r\nFrom: <sip:c@x.test>;tag=1\r\nTo: <sip:linda@127.0.0.1>\r\nCall-ID: slowloris@x.test\r\n"
                    + "CSeq: 1 INVITE\r\nContact: <sip:c@127.0.0.1:" + local + ">\r\nContent-Length: 0\r\n\r\n");
                udp.Send(invite, invite.Length, new IPEndPoint(IPAddress.Loopback, sipPort));
                udp.Client.ReceiveTimeout = 2000;
                IPEndPoint? from = null;
                Assert.StartsWith("SIP/2.0 ", Encoding.ASCII.GetString(udp.Receive(ref from)));
            }
            var (slowAnswer, took) = await slow;
            Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", slowAnswer);
            Assert.True(took < TimeSpan.FromSeconds(8), "the slow client was held " + took);

            Assert.StartsWith("HTTP/1.1 431 ", Exchange(url, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\nX: " + new string('a', 9000) + "\r\n\r\n"), TimeSpan.FromSeconds(10)));
            Assert.StartsWith("HTTP/1.1 414 ", Exchange(url, Encoding.ASCII.GetBytes("GET /" + new string('a', 3000) + " HTTP/1.1\r\n\r\n"), TimeSpan.FromSeconds(10)));
            Assert.StartsWith("HTTP/1.1 413 ", Exchange(url, Encoding.ASCII.GetBytes("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"), TimeSpan.FromSeconds(10)));
            var garbage = new byte[600];
            new Random(17).NextBytes(garbage);
            Assert.StartsWith("HTTP/1.1 400 ", Exchange(url, garbage, TimeSpan.FromSeconds(10)));
            Assert.Equal("", Exchange(url, Array.Empty<byte>(), TimeSpan.FromSeconds(10)));

            phone.Type("status");
            phone.WaitFor("^registration: ");
        }
    }

    [Fact]
    public async Task HTTPS_with_web_cert_has_no_plain_text_warning_and_a_Secure_cookie()
    {
        string dir = Directory.CreateTempSubdirectory("nanophone-tls-").FullName;
        string pem = Path.Combine(dir, "phone.pem");
        using (var key = RSA.Create(2048))
        {
            var req = new CertificateRequest("CN=nanophone.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using X509Certificate2 cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(pem, cert.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        var (phone, url, _) = Start("--set", "web.cert=" + pem);
        using (phone)
        {
            Assert.Equal("https", url.Scheme);
            using var http = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.Subject == "CN=nanophone.test",
                AllowAutoRedirect = false,
            }) { BaseAddress = url };
            string login = await http.GetStringAsync("login");
            Assert.DoesNotContain("not encrypted", login);
            var answer = await http.PostAsync("login", new FormUrlEncodedContent(new[] { new System.Collections.Generic.KeyValuePair<string, string>("password", SimulatorWeb.Password) }));
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            Assert.EndsWith("; Secure", string.Join("", answer.Headers.GetValues("Set-Cookie")));
            // Plain HTTP to the HTTPS port: the handshake fails, nothing is served.
            Assert.DoesNotContain("HTTP/1.1 200", Exchange(url, Encoding.ASCII.GetBytes("GET /login HTTP/1.1\r\nHost: x\r\n\r\n"), TimeSpan.FromSeconds(10)));
        }
        Directory.Delete(dir, true);
    }
}
