using System.Collections.Generic;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Logging;
using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Web;

/// <summary>
/// RFC 5424 syslog messages of the event lines (§6: HEADER = PRI VERSION SP TIMESTAMP SP HOSTNAME SP
/// APP-NAME SP PROCID SP MSGID, then STRUCTURED-DATA and MSG; NILVALUE "-" for a timestamp the phone
/// does not know), the rate limit, the dates (civil calendar, IMF-fixdate) and SNTP (RFC 4330).
/// </summary>
public class SyslogTimeTests
{
    private sealed class Capture : IDatagramSender, IPhoneEventSink
    {
        public readonly List<string> Sent = new();
        public readonly List<string> Lines = new();
        public bool Send(byte[] buf, int off, int len, Endpoint to) { Sent.Add(Encoding.UTF8.GetString(buf, off, len)); return true; }
        public void PhoneEvent(string line) => Lines.Add(line);
    }

    [Fact]
    public void Event_lines_become_RFC_5424_messages_without_a_timestamp_before_the_first_sync()
    {
        var clock = new ManualClock(1000);
        var config = new PhoneConfig();
        var net = new Capture();
        var sink = new SyslogSink(net, config, net, clock) { WallClock = new WallClock(clock), HostName = "192.0.2.4" };
        sink.PhoneEvent("REGISTERED sip:linda@192.0.2.4:5060 3600");
        Assert.Empty(net.Sent);                      // log.syslog unset: the console only
        Assert.True(config.TrySet(ConfigKeys.LogSyslog, "127.0.0.1:1514", out _));
        sink.PhoneEvent("REGISTERED sip:linda@192.0.2.4:5060 3600");
        Assert.Equal("<134>1 - 192.0.2.4 nanophone - REGISTERED - REGISTERED sip:linda@192.0.2.4:5060 3600", net.Sent[0]);
        sink.WallClock.Sync(1_796_565_600_123);
        sink.PhoneEvent("WARNING no route to sip.server");
        Assert.Equal("<132>1 2026-12-06T14:00:00.123Z 192.0.2.4 nanophone - WARNING - WARNING no route to sip.server", net.Sent[1]);
        sink.PhoneEvent("RINGING 1 J\u00fcrgen <sip:j@example.com>");
        Assert.Equal("\uFEFFRINGING 1 J\u00fcrgen <sip:j@example.com>", net.Sent[2].Substring(net.Sent[2].IndexOf("RINGING - ") + 10));
        Assert.Equal(3, net.Lines.Count - 1);
    }

    [Fact]
    public void A_burst_beyond_the_limit_is_dropped_counted_and_reported()
    {
        var clock = new ManualClock(1000);
        var config = new PhoneConfig();
        config.TrySet(ConfigKeys.LogSyslog, "127.0.0.1", out _);
        var net = new Capture();
        var sink = new SyslogSink(net, config, net, clock);
        for (int i = 0; i < 100; i++) sink.PhoneEvent("KEY " + i);
        Assert.Equal(SyslogSink.Burst, net.Sent.Count);
        Assert.Equal(100, net.Lines.Count);
        clock.Advance(10 * SyslogSink.RefillMs);
        sink.PhoneEvent("KEY last");
        Assert.EndsWith(" syslog - syslog: 80 lines dropped (rate limit)", net.Sent[SyslogSink.Burst]);
        Assert.EndsWith(" KEY - KEY last", net.Sent[SyslogSink.Burst + 1]);
    }

    [Theory]
    [InlineData(0L, "1970-01-01 00:00:00 UTC", "Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData(951782400000L, "2000-02-29 00:00:00 UTC", "Tue, 29 Feb 2000 00:00:00 GMT")]
    [InlineData(1796565600000L, "2026-12-06 14:00:00 UTC", "Sun, 06 Dec 2026 14:00:00 GMT")]
    [InlineData(4102444799999L, "2099-12-31 23:59:59 UTC", "Thu, 31 Dec 2099 23:59:59 GMT")]
    public void Dates(long unixMs, string readable, string http)
    {
        Assert.Equal(readable, DateText.Readable(unixMs));
        Assert.Equal(http, DateText.Http(unixMs));
    }

    [Fact]
    public void SNTP_reply_is_read_and_checked()
    {
        byte[] request = new byte[48];
        SntpPacket.WriteRequest(request, 0x0102030405060708UL);
        Assert.Equal(0x23, request[0]);                         // LI 0, VN 4, mode 3
        byte[] reply = new byte[48];
        reply[0] = 0x24; reply[1] = 2;                          // mode 4, stratum 2
        System.Array.Copy(request, 40, reply, 24, 8);           // originate = our transmit
        ulong ntp = (1_796_565_600UL + 2_208_988_800UL) << 32 | 0x80000000UL;   // .5 s
        for (int i = 0; i < 8; i++) reply[40 + i] = (byte)(ntp >> (56 - 8 * i));
        Assert.Equal(1_796_565_600_500L, SntpPacket.ReadReply(reply, 0, 48, 0x0102030405060708UL, out string? e));
        Assert.Equal(-1L, SntpPacket.ReadReply(reply, 0, 48, 99UL, out e));
        Assert.Equal("the reply is not to our request", e);
        reply[1] = 0;
        Assert.Equal(-1L, SntpPacket.ReadReply(reply, 0, 48, 0x0102030405060708UL, out e));
        Assert.Contains("not synchronised", e);
    }
}
