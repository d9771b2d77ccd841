using System.Net;
using System.Text;
using System.Threading;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Net.Tests;

/// <summary>
/// UdpTransport over the loopback interfaces. Scenarios:
///  1. IPv4 127.0.0.1: bound to port 0 the transport learns its port; a datagram arrives intact
///     through Poll, with the sender's address and port as source; the reply goes back to it.
///  2. the same over IPv6 ::1 (the source formats as [::1]:port).
///  3. a dual-stack socket (IPv6Any) sees an IPv4 peer as an IPv4 endpoint and can answer it.
///  4. Start runs a receive thread that delivers datagrams; Dispose stops it.
///  5. Poll returns false when nothing arrives within the timeout.
///  6. Wake from another thread ends a Poll's wait without a datagram for the receiver (IPv4, IPv6,
///     dual-stack); an empty datagram from a peer still reaches the receiver.
///  7. HasDatagram tells whether a Poll would find a datagram waiting.
/// </summary>
public class UdpTransportTests
{
    private sealed class Inbox : IDatagramReceiver
    {
        public string? Text;
        public readonly Endpoint Source = new();
        public readonly ManualResetEventSlim Arrived = new();
        public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
        {
            Text = Encoding.ASCII.GetString(buf, off, len);
            Source.CopyFrom(source);
            Arrived.Set();
        }
    }

    private static void RoundTrip(string loopback, string expectedHost)
    {
        using var a = new UdpTransport(loopback, 0);
        using var b = new UdpTransport(loopback, 0);
        Assert.NotEqual(0, a.LocalEndpoint.Port);
        Assert.Equal(expectedHost + ":" + a.LocalEndpoint.Port, a.LocalEndpoint.ToString());

        byte[] ping = Encoding.ASCII.GetBytes("OPTIONS sip:b SIP/2.0\r\n\r\n");
        Assert.True(a.Send(ping, 0, ping.Length, b.LocalEndpoint));
        var inbox = new Inbox();
        Assert.True(b.Poll(5000, inbox));
        Assert.Equal("OPTIONS sip:b SIP/2.0\r\n\r\n", inbox.Text);
        Assert.True(inbox.Source.Equals(a.LocalEndpoint));

        byte[] pong = Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n\r\n");
        Assert.True(b.Send(pong, 0, pong.Length, inbox.Source));
        var back = new Inbox();
        Assert.True(a.Poll(5000, back));
        Assert.Equal("SIP/2.0 200 OK\r\n\r\n", back.Text);
    }

    [Fact]
    public void A_datagram_crosses_IPv4_loopback_with_its_source() => RoundTrip("127.0.0.1", "127.0.0.1");

    [Fact]
    public void A_datagram_crosses_IPv6_loopback_with_its_source() => RoundTrip("::1", "[::1]");

    [Fact]
    public void A_dual_stack_socket_sees_IPv4_peers_as_IPv4()
    {
        using var server = new UdpTransport(new IPEndPoint(IPAddress.IPv6Any, 0));
        using var client = new UdpTransport("127.0.0.1", 0);
        var to = new Endpoint("127.0.0.1", server.LocalEndpoint.Port);
        byte[] ping = Encoding.ASCII.GetBytes("ping");
        Assert.True(client.Send(ping, 0, ping.Length, to));
        var inbox = new Inbox();
        Assert.True(server.Poll(5000, inbox));
        Assert.True(inbox.Source.IsIPv4);
        Assert.Equal("127.0.0.1:" + client.LocalEndpoint.Port, inbox.Source.ToString());
        Assert.True(server.Send(ping, 0, ping.Length, inbox.Source));
        Assert.True(client.Poll(5000, new Inbox()));
    }

    [Fact]
    public void A_receive_thread_delivers_datagrams_until_disposed()
    {
        var inbox = new Inbox();
        var b = new UdpTransport("127.0.0.1", 0);
        b.Start(inbox);
        using (var a = new UdpTransport("127.0.0.1", 0))
        {
            byte[] ping = Encoding.ASCII.GetBytes("ping");
            Assert.True(a.Send(ping, 0, ping.Length, b.LocalEndpoint));
            Assert.True(inbox.Arrived.Wait(5000));
        }
        Assert.Equal("ping", inbox.Text);
        b.Dispose();
    }

    [Fact]
    public void Poll_returns_false_when_nothing_arrives()
    {
        using var a = new UdpTransport("127.0.0.1", 0);
        Assert.False(a.Poll(10, new Inbox()));
    }

    private sealed class Counter : IDatagramReceiver
    {
        public int Count;
        public int LastLength = -1;
        public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
        {
            Count++;
            LastLength = len;
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Wake_ends_a_wait_without_calling_the_receiver(string local)
    {
        using var a = new UdpTransport(new IPEndPoint(IPAddress.Parse(local), 0));
        var counter = new Counter();
        var waker = new Thread(() =>
        {
            Thread.Sleep(100);
            a.Wake();
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        waker.Start();
        Assert.True(a.Poll(30000, counter));
        Assert.True(watch.ElapsedMilliseconds < 20000);
        Assert.True(waker.Join(5000));
        Assert.Equal(0, counter.Count);
        Assert.False(a.HasDatagram);

        a.Wake();                                  // before the wait: the next Poll returns at once
        Assert.True(a.HasDatagram);
        Assert.True(a.Poll(30000, counter));
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public void An_empty_datagram_from_a_peer_reaches_the_receiver()
    {
        using var a = new UdpTransport("127.0.0.1", 0);
        using var b = new UdpTransport("127.0.0.1", 0);
        Assert.False(b.HasDatagram);
        Assert.True(a.Send(new byte[1], 0, 0, b.LocalEndpoint));
        var counter = new Counter();
        Assert.True(b.Poll(5000, counter));
        Assert.Equal(1, counter.Count);
        Assert.Equal(0, counter.LastLength);
    }
}
