using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using NanoPhone.Host.Simulator;
using NanoPhone.Net;
using Xunit;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>
/// The simulator's stdout batching. Scenarios:
///  1. without a holder every line is flushed at once (a script reading the pipe sees it);
///  2. the holding thread's lines wait for Flush, other threads' lines go out at once (with the held ones before them);
///  3. at most MaxHeldLines are held;
///  4. with a status line on a terminal nothing is held;
///  5. SipSocket: the polling thread holds its lines, and the poll writes them out before it waits;
///     Wake from another thread ends the poll's wait.
/// </summary>
public class EventOutputTests
{
    private sealed class CountingStream : MemoryStream
    {
        public int Flushes;
        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
        public string Text => Encoding.UTF8.GetString(ToArray());
    }

    private static (EventOutput, CountingStream) NewOutput(TextWriter? terminal = null)
    {
        var stream = new CountingStream();
        var writer = new StreamWriter(stream, new UTF8Encoding(false), 8192) { AutoFlush = false, NewLine = "\n" };
        return (new EventOutput(writer, terminal), stream);
    }

    [Fact]
    public void Without_a_holder_every_line_is_flushed_at_once()
    {
        var (output, stream) = NewOutput();
        output.WriteLine("LISTENING 127.0.0.1:5062");
        Assert.Equal("LISTENING 127.0.0.1:5062\n", stream.Text);
        output.PhoneEvent("LAMP dnd on");
        Assert.Equal("LISTENING 127.0.0.1:5062\nLAMP dnd on\n", stream.Text);
        Assert.False(output.HoldsLines);
    }

    [Fact]
    public void The_holding_threads_lines_wait_for_Flush_and_other_threads_lines_do_not()
    {
        var (output, stream) = NewOutput();
        output.HoldLinesOfThisThread();
        output.WriteLine("RINGING 1 Graham");
        output.WriteLine("RINGER ON us");
        Assert.Equal("", stream.Text);
        Assert.True(output.HoldsLines);
        output.Flush();
        Assert.Equal("RINGING 1 Graham\nRINGER ON us\n", stream.Text);
        Assert.False(output.HoldsLines);

        output.WriteLine("RINGER OFF");
        var other = new Thread(() => output.WriteLine("dnd=on"));
        other.Start();
        Assert.True(other.Join(5000));
        Assert.Equal("RINGING 1 Graham\nRINGER ON us\nRINGER OFF\ndnd=on\n", stream.Text);
        Assert.False(output.HoldsLines);
    }

    [Fact]
    public void At_most_MaxHeldLines_are_held()
    {
        var (output, stream) = NewOutput();
        output.HoldLinesOfThisThread();
        for (int i = 0; i < EventOutput.MaxHeldLines - 1; i++) output.WriteLine("line " + i);
        Assert.Equal("", stream.Text);
        output.WriteLine("the last one");
        Assert.StartsWith("line 0\n", stream.Text);
        Assert.EndsWith("the last one\n", stream.Text);
        Assert.False(output.HoldsLines);
    }

    [Fact]
    public void Nothing_is_held_with_a_status_line_on_a_terminal()
    {
        var (output, stream) = NewOutput(new StringWriter());
        output.HoldLinesOfThisThread();
        output.WriteLine("RINGER ON us");
        Assert.Equal("RINGER ON us\n", stream.Text);
    }

    [Fact]
    public void The_socket_writes_the_polling_threads_lines_before_it_waits_and_Wake_ends_the_wait()
    {
        var (output, stream) = NewOutput();
        using var socket = new SipSocket(new IPEndPoint(IPAddress.Loopback, 0), output);
        var inbox = new Inbox();
        Assert.False(socket.Poll(0, inbox));       // this thread polls: its lines are held from now on
        output.WriteLine("RINGING 1 Graham");
        Assert.Equal("", stream.Text);
        Assert.False(socket.Poll(1, inbox));       // nothing arrived: written before the wait
        Assert.Equal("RINGING 1 Graham\n", stream.Text);

        var waker = new Thread(() =>
        {
            Thread.Sleep(100);
            socket.Wake();
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        waker.Start();
        Assert.True(socket.Poll(30000, inbox));
        Assert.True(watch.ElapsedMilliseconds < 20000);
        Assert.True(waker.Join(5000));
        Assert.Equal(0, inbox.Count);             // the wake-up is not a datagram

        using var peer = new UdpTransport("127.0.0.1", 0);
        byte[] ping = Encoding.ASCII.GetBytes("OPTIONS sip:linda@127.0.0.1 SIP/2.0\r\n\r\n");
        Assert.True(peer.Send(ping, 0, ping.Length, socket.LocalEndpoint));
        Assert.True(socket.Poll(5000, inbox));
        Assert.Equal(1, inbox.Count);
    }

    private sealed class Inbox : NanoPhone.Sip.Transport.IDatagramReceiver
    {
        public int Count;
        public void OnDatagram(byte[] buf, int off, int len, NanoPhone.Sip.Transport.Endpoint source) => Count++;
    }
}
