using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
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
/// Peers that break the connection under the phone (issue: "a TLS peer that never finishes the
/// handshake, a connection reset mid-message — a clear event line and recovery, never an exception
/// escaping, a hang or a lost registration"), on loopback, bounded. The phone is the desktop one
/// (StreamSockets over .NET's SslStream, the loop thread of PhoneUnderTest):
///  1. a TLS server that accepts and then says nothing: within the handshake bound
///     (<see cref="StreamSockets.HandshakeTimeoutMs"/>, 10 s) one line says so; meanwhile the loop
///     runs on (work posted to it is done at once, a UDP OPTIONS is answered); the peer got a TLS
///     ClientHello and not a byte of SIP; the phone tries again after its back-off (RFC 3261 has
///     none: 15–30 s, RetryBackoff), again over TLS only. NUMBER: the line's time, the slowest
///     loop turn meanwhile, the retry's delay.
///  2. the same silent server, and a server that answers the ClientHello with bytes that are no
///     TLS, each with a backup (Kamailio over TLS): the phone says why and registers at the backup
///     (RFC 3263 §4.3), within the handshake bound + 5 s, resp. 5 s; nothing in clear to the bad one.
///  3. a connection reset in the middle of a message (half a SIP request, then RST) on the
///     registration's TCP connection to Kamailio (through a relay that does the cutting): one line
///     says "connection reset", the phone connects again and is registered again within 5 s with
///     one binding in Kamailio's location (the new connection's end).
/// </summary>
[Collection("SipPeers")]
public sealed class BadStreamPeerTests : PeerTest, IClassFixture<TlsKamailio>
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HandshakeBound = TimeSpan.FromMilliseconds(StreamSockets.HandshakeTimeoutMs);
    private readonly TlsKamailio _peers;

    public BadStreamPeerTests(TlsKamailio peers, ITestOutputHelper output) : base(output)
    {
        _peers = peers;
    }

    private PhoneUnderTest TlsPhone(int port, int backupPort = 0) =>
        OwnPhone(new PhoneUnderTest(port, s =>
        {
            s.Server.TrySetHost("127.0.0.1", port);
            s.Server.Protocol = TransportProtocol.Tls;
            s.OutboundMode = 0;
            if (backupPort != 0)
            {
                s.Backup.TrySetHost("127.0.0.1", backupPort);
                s.Backup.Protocol = TransportProtocol.Tls;
                s.BackupPortGiven = true;
            }
        }, "127.0.0.1", streams: new StreamSockets(new TlsPolicy(_peers.Certificates.CaCertificate, null))));

    [Fact]
    public void A_TLS_server_that_never_answers_the_handshake_is_given_up_with_one_line_while_the_loop_runs_on_and_retried_later()
    {
        var peer = Own(new BadTlsServer(sayNothing: true));
        var phone = TlsPhone(peer.Port);
        long asked = phone.StartRegistration();

        // While the handshake hangs: the loop does posted work and answers a UDP OPTIONS.
        var slowest = TimeSpan.Zero;
        int answered = 0;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        udp.Client.ReceiveTimeout = 2000;
        var sw = Stopwatch.StartNew();
        while (phone.Events.Registration.All(e => e.State != RegistrationState.RetryWait) && sw.Elapsed < HandshakeBound + TimeSpan.FromSeconds(5))
        {
            var turn = Stopwatch.StartNew();
            phone.OnLoop(() => phone.Agent.Registration.State);
            if (turn.Elapsed > slowest) slowest = turn.Elapsed;
            if (answered < 3 && peer.Accepted >= 1)
            {
                var options = Options(phone.LocalPort, ((IPEndPoint)udp.Client.LocalEndPoint!).Port, answered);
                udp.Send(options, options.Length, new IPEndPoint(IPAddress.Loopback, phone.LocalPort));
                IPEndPoint? from = null;
                string reply = Encoding.ASCII.GetString(udp.Receive(ref from));
                Assert.StartsWith("SIP/2.0 200 ", reply);
                answered++;
            }
            Thread.Sleep(100);
        }
        var gaveUp = phone.WaitFor(RegistrationState.RetryWait, TimeSpan.FromSeconds(1));
        long lineAfter = gaveUp.AtMs - asked;
        Out.WriteLine($"REGISTRATION {gaveUp}");
        Out.WriteLine($"NUMBER silent TLS server: line after {lineAfter} ms (bound {StreamSockets.HandshakeTimeoutMs} ms + 2 s); " +
            $"slowest loop turn meanwhile {slowest.TotalMilliseconds:0} ms; {answered} UDP OPTIONS answered meanwhile");
        Assert.Matches(@"^TLS 127\.0\.0\.1:\d+: TLS handshake not finished within 10 s", gaveUp.Detail);
        Assert.InRange(lineAfter, StreamSockets.HandshakeTimeoutMs - 500, StreamSockets.HandshakeTimeoutMs + 2000);
        Assert.Equal(3, answered);
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"a loop turn took {slowest.TotalMilliseconds:0} ms");
        Assert.DoesNotContain(phone.Events.Registration, e => e.State == RegistrationState.Registered);

        // The retry: after the back-off (15–30 s for the first failure), over TLS again.
        long firstFailure = gaveUp.AtMs;
        Assert.True(peer.WaitAccepted(2, TimeSpan.FromSeconds(RetryBackoff.CeilingSeconds(1) + 5)),
            "no second attempt within the back-off\n" + phone.Describe());
        long retryAfter = phone.Clock.NowMs - firstFailure;
        Out.WriteLine($"NUMBER silent TLS server: tried again {retryAfter} ms after the line (back-off 15–30 s)");
        Assert.InRange(retryAfter, RetryBackoff.CeilingSeconds(1) * 500 - 500, RetryBackoff.CeilingSeconds(1) * 1000 + 2000);
        peer.AssertOnlyTlsReceived();
        Assert.Empty(phone.Network.SentRequests("REGISTER")); // not by UDP either
    }

    public static TheoryData<string> BadServers() => new() { "silent", "garbage" };

    [Theory]
    [MemberData(nameof(BadServers))]
    public void A_TLS_server_that_does_not_finish_the_handshake_sends_the_phone_to_the_backup(string kind)
    {
        var k = _peers.Kamailio;
        var peer = Own(new BadTlsServer(sayNothing: kind == "silent"));
        var phone = TlsPhone(peer.Port, backupPort: k.TlsPort);
        long asked = phone.StartRegistration();
        var registered = phone.WaitFor(RegistrationState.Registered, HandshakeBound + TimeSpan.FromSeconds(5));
        long took = registered.AtMs - asked;
        string why = string.Join(" | ", phone.Events.Registration.Select(e => e.Detail).Where(d => d.Contains(peer.Port.ToString())));
        Out.WriteLine($"NUMBER {kind} TLS server, backup Kamailio: registered at the backup {took} ms after start; line: {why}");
        string expected = kind == "silent"
            ? @"TLS 127\.0\.0\.1:" + peer.Port + @": TLS handshake not finished within 10 s"
            : @"TLS 127\.0\.0\.1:" + peer.Port + @": TLS handshake failed: ";
        Assert.Matches(expected, why);
        Assert.InRange(took, 0, kind == "silent" ? StreamSockets.HandshakeTimeoutMs + 5000 : 5000);
        Assert.Contains(k.Contacts(TestUsers.Linda), c => c == registered.Contact!.Replace("sip:", "sips:"));
        peer.AssertOnlyTlsReceived();
        int mark = phone.Events.Mark;
        phone.StopRegistration();
        phone.WaitFor(RegistrationState.Unregistered, Short, mark);
    }

    [Fact]
    public void A_connection_reset_in_the_middle_of_a_message_gives_one_line_and_the_phone_registers_again()
    {
        var k = _peers.Kamailio;
        var relay = Own(new CuttingRelay(k.SipPort));
        var phone = OwnPhone(new PhoneUnderTest(relay.Port, s =>
        {
            s.Server.TrySetHost("127.0.0.1", relay.Port);
            s.Server.Protocol = TransportProtocol.Tcp;
            s.OutboundMode = 0;
        }, "127.0.0.1", streams: new StreamSockets(TlsPolicy.RefuseAll)));
        phone.StartRegistration();
        var first = phone.WaitFor(RegistrationState.Registered, Short);
        Assert.Equal(new[] { first.Contact + ";transport=tcp" }, k.WaitForContacts(TestUsers.Linda, 1, Short));

        int mark = phone.Events.Mark;
        long cutAt = phone.Clock.NowMs;
        relay.CutMidMessage("OPTIONS sip:linda@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:" + k.SipPort +
            ";branch=z9hG4bKhalf\r\nFrom: <sip:nanophone.test>;tag=h\r\nTo: <sip:linda@nanop");
        var again = phone.WaitFor(RegistrationState.Registered, TimeSpan.FromSeconds(5), mark);
        var lines = phone.Events.Registration.Skip(mark).ToList();
        Out.WriteLine($"NUMBER reset mid-message: registered again {again.AtMs - cutAt} ms after the cut; events: {string.Join(" | ", lines)}");
        Assert.Contains(lines, e => e.State == RegistrationState.Registering
            && System.Text.RegularExpressions.Regex.IsMatch(e.Detail, @"^TCP 127\.0\.0\.1:" + relay.Port + ": connection reset$"));
        Assert.DoesNotContain(lines, e => e.State == RegistrationState.RetryWait || e.State == RegistrationState.Unregistered);
        Assert.NotEqual(first.Contact, again.Contact); // a new connection, a new end
        Assert.Equal(2, relay.Accepted);
        // The registration is kept: one binding, the new connection's.
        Assert.Equal(new[] { again.Contact + ";transport=tcp" }, k.WaitForContacts(TestUsers.Linda, 1, Short));
        Assert.Null(phone.Events.LoopFault);
        int unmark = phone.Events.Mark;
        phone.StopRegistration();
        phone.WaitFor(RegistrationState.Unregistered, Short, unmark);
    }

    private static byte[] Options(int phonePort, int ourPort, int n) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:linda@127.0.0.1:{phonePort} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{ourPort};branch=z9hG4bKstall{n}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:probe@nanophone.test>;tag=p1\r\n" +
        "To: <sip:linda@nanophone.test>\r\n" +
        $"Call-ID: stall-{n}@127.0.0.1\r\n" +
        $"CSeq: {n + 1} OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>
    /// A TCP server on loopback that takes connections and then either says nothing (a TLS server
    /// that never finishes the handshake) or answers the first bytes with text that is no TLS
    /// record. It keeps every byte it received, per connection.
    /// </summary>
    private sealed class BadTlsServer : IDisposable
    {
        private static readonly byte[] NotTls = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly bool _sayNothing;
        private readonly List<MemoryStreamOf> _received = new();
        private readonly List<Socket> _sockets = new();
        private readonly Thread _acceptor;
        private volatile bool _stopped;

        public BadTlsServer(bool sayNothing)
        {
            _sayNothing = sayNothing;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptor = new Thread(Accept) { IsBackground = true, Name = "bad tls server " + Port };
            _acceptor.Start();
        }

        public int Port { get; }

        public int Accepted
        {
            get { lock (_received) return _received.Count; }
        }

        public bool WaitAccepted(int n, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (Accepted < n && sw.Elapsed < timeout) Thread.Sleep(50);
            return Accepted >= n;
        }

        /// <summary>
        /// Every connection began with a TLS handshake record (ClientHello) and carried no SIP. A
        /// connection just accepted may not have its first bytes read yet: each is given (bounded)
        /// until it holds one whole record.
        /// </summary>
        public void AssertOnlyTlsReceived()
        {
            List<MemoryStreamOf> all;
            lock (_received) all = _received.ToList();
            Assert.NotEmpty(all);
            var bound = Stopwatch.StartNew();
            while (all.Any(r => !HoldsARecord(r.Bytes())) && bound.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(20);
            foreach (var r in all)
            {
                byte[] b = r.Bytes();
                Assert.True(b.Length >= 6 && b[0] == 0x16 && b[1] == 3 && b[5] == 1,
                    "not a TLS ClientHello: " + BitConverter.ToString(b, 0, Math.Min(b.Length, 16)));
                string text = Encoding.ASCII.GetString(b);
                Assert.DoesNotContain("REGISTER", text);
                Assert.DoesNotContain("SIP/2.0", text);
            }
        }

        /// <summary>A TLS record's 5-byte header and as many bytes as its length says.</summary>
        private static bool HoldsARecord(byte[] b) => b.Length >= 5 && b.Length >= 5 + ((b[3] << 8) | b[4]);

        private void Accept()
        {
            while (!_stopped)
            {
                Socket s;
                try { s = _listener.AcceptSocket(); }
                catch (Exception) { return; }
                var r = new MemoryStreamOf();
                lock (_received)
                {
                    _received.Add(r);
                    _sockets.Add(s);
                }
                new Thread(() => Read(s, r)) { IsBackground = true }.Start();
            }
        }

        private void Read(Socket s, MemoryStreamOf r)
        {
            var buf = new byte[4096];
            bool answered = false;
            try
            {
                while (true)
                {
                    int n = s.Receive(buf);
                    if (n <= 0) return;
                    r.Add(buf, n);
                    if (!_sayNothing && !answered)
                    {
                        answered = true;
                        s.Send(NotTls);
                    }
                }
            }
            catch (Exception) { }
        }

        public void Dispose()
        {
            _stopped = true;
            _listener.Stop();
            lock (_received)
            {
                foreach (Socket s in _sockets) s.Dispose();
            }
            _acceptor.Join(2000);
        }
    }

    /// <summary>Bytes received on one connection (written by its reader thread).</summary>
    private sealed class MemoryStreamOf
    {
        private readonly List<byte> _bytes = new();

        public void Add(byte[] buf, int n)
        {
            lock (_bytes) _bytes.AddRange(buf.Take(n));
        }

        public byte[] Bytes()
        {
            lock (_bytes) return _bytes.ToArray();
        }
    }

    /// <summary>
    /// A TCP relay on loopback to Kamailio's TCP port: each connection to it is piped to a new
    /// connection to Kamailio. <see cref="CutMidMessage"/> writes the first half of a message to the
    /// phone's side and resets that connection (RST: linger 0), closing the one to Kamailio too.
    /// </summary>
    private sealed class CuttingRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly List<Socket> _sockets = new();
        private readonly Thread _acceptor;
        private Socket? _phoneSide, _serverSide;
        private int _accepted;

        public CuttingRelay(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptor = new Thread(Accept) { IsBackground = true, Name = "relay " + Port };
            _acceptor.Start();
        }

        public int Port { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        public void CutMidMessage(string half)
        {
            Socket phone, server;
            lock (_sockets)
            {
                phone = _phoneSide ?? throw new InvalidOperationException("no connection to cut");
                server = _serverSide!;
            }
            phone.Send(Encoding.ASCII.GetBytes(half));
            phone.LingerState = new LingerOption(true, 0);
            phone.Close();
            server.Close();
        }

        private void Accept()
        {
            while (true)
            {
                Socket phone;
                try { phone = _listener.AcceptSocket(); }
                catch (Exception) { return; }
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    server.Connect(new IPEndPoint(IPAddress.Loopback, _target));
                }
                catch (SocketException)
                {
                    phone.Dispose();
                    server.Dispose();
                    continue;
                }
                phone.NoDelay = true;
                lock (_sockets)
                {
                    _sockets.Add(phone);
                    _sockets.Add(server);
                    _phoneSide = phone;
                    _serverSide = server;
                }
                Interlocked.Increment(ref _accepted);
                new Thread(() => Pipe(phone, server)) { IsBackground = true }.Start();
                new Thread(() => Pipe(server, phone)) { IsBackground = true }.Start();
            }
        }

        private static void Pipe(Socket from, Socket to)
        {
            var buf = new byte[8192];
            try
            {
                while (true)
                {
                    int n = from.Receive(buf);
                    if (n <= 0) break;
                    to.Send(buf, n, SocketFlags.None);
                }
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception) { }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_sockets)
            {
                foreach (Socket s in _sockets) s.Dispose();
            }
            _acceptor.Join(2000);
        }
    }
}
