using System.Collections.Generic;
using System.Linq;
using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.App.Tests.Config;

/// <summary>Every key's validation at its edges: accepted values (and their stored form) and refused ones.</summary>
public class ConfigValidationTests
{
    private static readonly string Host253 = string.Join(".", Enumerable.Repeat(new string('a', 63), 4)).Substring(0, 253);

    /// <summary>key, input, stored form.</summary>
    public static readonly TheoryData<string, string, string> Valid = new()
    {
        { "sip.server", "pbx.example.com", "pbx.example.com" },
        { "sip.server", "192.0.2.1", "192.0.2.1" },
        { "sip.server", "[2001:db8::1]", "[2001:db8::1]" },
        { "sip.server", "a", "a" },
        { "sip.port", "1", "1" },
        { "sip.port", "65535", "65535" },
        { "sip.port", "007", "7" },
        { "sip.user", "alice", "alice" },
        { "sip.user", "+4930123456", "+4930123456" },
        { "sip.user", "a.b-c_d!~*'()&=+$,;?/", "a.b-c_d!~*'()&=+$,;?/" },
        { "sip.user", "%61lice", "%61lice" },
        { "sip.password", "x", "x" },
        { "sip.password", new string('p', 128), new string('p', 128) },
        { "sip.password", "with spaces = and # and \u00e4", "with spaces = and # and \u00e4" },
        { "sip.password", "tab\there\nnewline\\", "tab\there\nnewline\\" },
        { "sip.auth.user", "DOMAIN\\alice", "DOMAIN\\alice" },
        { "sip.auth.user", new string('u', 128), new string('u', 128) },
        { "sip.domain", "example.com", "example.com" },
        { "sip.domain", Host253, Host253 },
        { "sip.expires", "60", "60" },
        { "sip.expires", "86400", "86400" },
        { "sip.q", "0", "0" },
        { "sip.q", "1", "1" },
        { "sip.q", "0.5", "0.5" },
        { "sip.q", "0.123", "0.123" },
        { "sip.q", "1.000", "1.000" },
        { "sip.q", "0.", "0." },
        { "sip.transport", "udp", "udp" },
        { "sip.transport", "UDP", "udp" },
        { "sip.transport", "TCP", "tcp" },
        { "sip.transport", "tls", "tls" },
        { "sip.transport", "auto", "auto" },
        { "sip.server.backup", "backup.example.com", "backup.example.com" },
        { "sip.server.backup", "192.0.2.7:5080", "192.0.2.7:5080" },
        { "sip.failback.seconds", "0", "0" },
        { "sip.failback.seconds", "86400", "86400" },
        { "sip.rfc5626", "ON", "on" },
        { "sip.rfc5626", "off", "off" },
        { "sip.instance", "urn:uuid:f81d4fae-7dec-41d0-a765-00a0c91e6bf6", "urn:uuid:f81d4fae-7dec-41d0-a765-00a0c91e6bf6" },
        { "net.dns", "192.0.2.53", "192.0.2.53" },
        { "net.dns", "127.0.0.1:5353", "127.0.0.1:5353" },
        { "tls.ca", "I:\\ca.pem", "I:\\ca.pem" },
        { "tls.cert", "phone.pem", "phone.pem" },
        { "sip.outbound", "sips:[2001:db8::1]:5061;transport=tls", "sips:[2001:db8::1]:5061;transport=tls" },
        { "sip.outbound", "sip:proxy.example.com;transport=tcp", "sip:proxy.example.com;transport=tcp" },
        { "sip.outbound", "sip:proxy.example.com;lr", "sip:proxy.example.com;lr" },
        { "sip.outbound", "sip:[2001:db8::1]:5061;transport=udp", "sip:[2001:db8::1]:5061;transport=udp" },
        { "sip.outbound", "sip:192.0.2.1:5070", "sip:192.0.2.1:5070" },
        { "sip.outbound", "sip:edge@proxy.example.com;maddr=192.0.2.7;lr", "sip:edge@proxy.example.com;maddr=192.0.2.7;lr" },
        { "sip.local.port", "1", "1" },
        { "sip.local.port", "65535", "65535" },
        { "sip.keepalive.seconds", "0", "0" },
        { "sip.keepalive.seconds", "3600", "3600" },
        { "sip.t1.ms", "100", "100" },
        { "sip.t1.ms", "10000", "10000" },
        { "sip.t2.ms", "1000", "1000" },
        { "sip.t2.ms", "64000", "64000" },
        { "sip.t4.ms", "1000", "1000" },
        { "sip.t4.ms", "64000", "64000" },
        { "forward.always.target", "sip:voicemail@example.com", "sip:voicemail@example.com" },
        { "forward.busy.target", "sips:bob@example.com:5061;transport=tls", "sips:bob@example.com:5061;transport=tls" },
        { "forward.noanswer.target", "sip:+4930999@example.com;user=phone", "sip:+4930999@example.com;user=phone" },
        { "forward.noanswer.seconds", "0", "0" },
        { "forward.noanswer.seconds", "120", "120" },
        { "dnd", "on", "on" },
        { "dnd", "TRUE", "on" },
        { "dnd", "yes", "on" },
        { "dnd", "1", "on" },
        { "dnd", "Off", "off" },
        { "dnd", "false", "off" },
        { "dnd", "no", "off" },
        { "dnd", "0", "off" },
        { "call.waiting", "off", "off" },
        { "call.waiting", "ON", "on" },
        { "call.session.expires", "0", "0" },
        { "call.session.expires", "90", "90" },
        { "call.session.expires", "86400", "86400" },
        { "dnd.response", "486", "486" },
        { "dnd.response", "480", "480" },
        { "direct.calls", "on", "on" },
        { "direct.calls", "off", "off" },
        { "ghost.filter", "off", "off" },
        { "ghost.action", "drop", "drop" },
        { "ghost.action", "DROP", "drop" },
        { "ghost.action", "403", "403" },
        { "ghost.trust", "192.0.2.1", "192.0.2.1" },
        { "ghost.trust", "192.0.2.9 , 192.0.2.7,[2001:db8::2]", "192.0.2.9,192.0.2.7,[2001:db8::2]" },
        { "ghost.trust", "2001:db8::3", "2001:db8::3" },
        { "ghost.trust", string.Join(",", Enumerable.Range(1, 16).Select(i => "10.0.0." + i)), string.Join(",", Enumerable.Range(1, 16).Select(i => "10.0.0." + i)) },
        { "dial.timeout.seconds", "1", "1" },
        { "dial.timeout.seconds", "30", "30" },
        { "ringer.pattern", "uk", "uk" },
        { "ringer.pattern", "US", "us" },
        { "ringer.pattern", "de", "de" },
        { "media.port.min", "1024", "1024" },
        { "media.port.min", "4000", "4000" },
        { "media.port.max", "65535", "65535" },
        { "media.jitter.min.ms", "20", "20" },
        { "media.jitter.max.ms", "200", "200" },
        { "audio.in", "tone:1000", "tone:1000" },
        { "audio.out", "call.wav", "call.wav" },
        { "net.wifi.ssid", "x", "x" },
        { "net.wifi.ssid", new string('s', 32), new string('s', 32) },
        { "net.wifi.ssid", new string('\u00e4', 16), new string('\u00e4', 16) },
        { "net.wifi.password", "12345678", "12345678" },
        { "net.wifi.password", new string('w', 63), new string('w', 63) },
        { "net.ntp.server", "pool.ntp.org", "pool.ntp.org" },
        { "net.ntp.server", "192.0.2.123:1123", "192.0.2.123:1123" },
        { "net.ntp.server", "[2001:db8::123]:123", "[2001:db8::123]:123" },
        { "web.port", "0", "0" },
        { "web.port", "8080", "8080" },
        { "web.password", "letmein99", "letmein99" },
        { "web.password", new string('w', 64), new string('w', 64) },
        { "web.cert", "phone.pem", "phone.pem" },
        { "provision.url", "http://cfg.example.com/{mac}.cfg", "http://cfg.example.com/{mac}.cfg" },
        { "provision.url", "https://192.0.2.5:8443/phones/cfg?mac={mac}&model=esp32", "https://192.0.2.5:8443/phones/cfg?mac={mac}&model=esp32" },
        { "provision.url", "HTTP://[2001:db8::5]/a.cfg", "HTTP://[2001:db8::5]/a.cfg" },
        { "provision.hours", "0", "0" },
        { "provision.hours", "720", "720" },
        { "log.syslog", "logs.example.com", "logs.example.com" },
        { "log.syslog", "192.0.2.9:1514", "192.0.2.9:1514" },
        { "log.syslog", "[::1]:514", "[::1]:514" },
        { "mwi.subscribe", "yes", "on" },
        { "mwi.uri", "sip:voicemail@nanophone.test", "sip:voicemail@nanophone.test" },
        { "mwi.expires", "600", "600" },
        { "intercom.allow", "on", "on" },
        { "intercom.trust", "192.0.2.10, 2001:db8::1", "192.0.2.10,2001:db8::1" },
        { "autoanswer.seconds", "0", "0" },
        { "door.code", "*1", "*1" },
        { "door.code", "0123456789*#ABCD", "0123456789*#ABCD" },
        { "door.pulse.ms", "100", "100" },
    };

    public static readonly TheoryData<string, string> Invalid = new()
    {
        { "sip.server", "pbx.example.com:5060" },
        { "sip.server", "alice@pbx.example.com" },
        { "sip.server", "pbx example" },
        { "sip.server", "sip:pbx.example.com" },
        { "sip.server", "pbx;lr" },
        { "sip.server", "-pbx" },
        { "sip.server", "a..b" },
        { "sip.server", Host253 + "a" },
        { "sip.port", "0" },
        { "sip.port", "65536" },
        { "sip.port", "-1" },
        { "sip.port", "+5060" },
        { "sip.port", "5060.0" },
        { "sip.port", "99999999999" },
        { "sip.port", "" },
        { "sip.user", "al ice" },
        { "sip.user", "alice@example.com" },
        { "sip.user", "alice:secret" },
        { "sip.user", "al<ice" },
        { "sip.user", "\u00e4" },
        { "sip.user", "%6" },
        { "sip.password", new string('p', 129) },
        { "sip.password", "pa\u0001ss" },
        { "sip.password", "" },
        { "sip.auth.user", new string('u', 129) },
        { "sip.domain", "example.com:5060" },
        { "sip.domain", "exa mple.com" },
        { "sip.expires", "59" },
        { "sip.expires", "86401" },
        { "sip.q", "1.001" },
        { "sip.q", "0.1234" },
        { "sip.q", "2" },
        { "sip.q", "-0.5" },
        { "sip.q", ".5" },
        { "sip.q", "0,5" },
        { "sip.q", "01" },
        { "sip.transport", "sctp" },
        { "sip.transport", "ws" },
        { "sip.server.backup", "backup.example.com:0" },
        { "sip.server.backup", "backup..example.com" },
        { "sip.failback.seconds", "86401" },
        { "sip.rfc5626", "maybe" },
        { "sip.instance", "" },
        { "net.dns", "192.0.2.53:99999" },
        { "tls.ca", "a\u0001b" },
        { "tls.cert", new string('c', 129) },
        { "sip.outbound", "sips:proxy.example.com;transport=tcp" },
        { "sip.outbound", "sip:proxy.example.com;transport=sctp" },
        { "sip.outbound", "http://proxy.example.com" },
        { "sip.outbound", "proxy.example.com" },
        { "sip.outbound", "sip:user:pw@proxy.example.com" },
        { "sip.outbound", "sip:" },
        { "sip.outbound", "tel:+4930123" },
        { "sip.outbound", "sip:" + new string('a', 253) },
        { "sip.outbound", "sip:proxy.example.com;lr?Subject=x" },
        { "sip.local.port", "0" },
        { "sip.local.port", "65536" },
        { "sip.keepalive.seconds", "3601" },
        { "sip.t1.ms", "99" },
        { "sip.t1.ms", "10001" },
        { "sip.t2.ms", "999" },
        { "sip.t2.ms", "64001" },
        { "sip.t4.ms", "999" },
        { "sip.t4.ms", "64001" },
        { "forward.always.target", "voicemail" },
        { "forward.always.target", "tel:+4930123" },
        { "forward.busy.target", "sip:bob:secret@example.com" },
        { "forward.noanswer.target", "sip:bob@" },
        { "forward.noanswer.seconds", "121" },
        { "forward.noanswer.seconds", "-1" },
        { "dnd", "maybe" },
        { "call.waiting", "sometimes" },
        { "call.session.expires", "-1" },
        { "call.session.expires", "86401" },
        { "call.session.expires", "1800s" },
        { "dnd", "2" },
        { "dnd.response", "404" },
        { "dnd.response", "busy" },
        { "direct.calls", "enabled" },
        { "ghost.filter", "of" },
        { "ghost.action", "reject" },
        { "ghost.trust", "a,,b" },
        { "ghost.trust", "," },
        { "ghost.trust", "pbx.example.com:5060" },
        { "ghost.trust", "pbx.example.com" },
        { "ghost.trust", "192.0.2.1,pbx.example.com" },
        { "ghost.trust", "192.0.2.1:5060" },
        { "ghost.trust", "[2001:db8::1]:5060" },
        { "ghost.trust", "192.0.2.300" },
        { "ghost.trust", string.Join(",", Enumerable.Range(1, 17).Select(i => "10.0.0." + i)) },
        { "dial.timeout.seconds", "0" },
        { "dial.timeout.seconds", "31" },
        { "ringer.pattern", "fr" },
        { "media.port.min", "1023" },
        { "media.port.min", "65535" },
        { "media.port.max", "1024" },
        { "media.jitter.min.ms", "19" },
        { "media.jitter.max.ms", "201" },
        { "audio.in", new string('a', 201) },
        { "audio.out", "" },
        { "net.wifi.ssid", new string('s', 33) },
        { "net.wifi.ssid", new string('\u00e4', 17) },
        { "net.wifi.password", "1234567" },
        { "net.wifi.password", new string('w', 64) },
        { "net.ntp.server", "pool.ntp.org:0" },
        { "net.ntp.server", "ntp server" },
        { "net.ntp.server", "2001:db8::1:123" },
        { "web.port", "65536" },
        { "web.port", "http" },
        { "web.password", "short7!" },
        { "web.password", new string('w', 65) },
        { "web.cert", new string('c', 129) },
        { "provision.url", "ftp://cfg.example.com/a.cfg" },
        { "provision.url", "http://user:pw@cfg.example.com/a.cfg" },
        { "provision.url", "http:///a.cfg" },
        { "provision.url", "http://cfg.example.com/a b.cfg" },
        { "provision.url", "http://cfg.example.com/{serial}.cfg" },
        { "provision.url", "http://cfg.example.com:99999/a.cfg" },
        { "provision.url", "http://cfg.example.com/a.cfg#top" },
        { "provision.url", "http://2001:db8::5/a.cfg" },
        { "provision.hours", "721" },
        { "log.syslog", "logs.example.com:70000" },
        { "log.syslog", "udp://logs.example.com" },
        { "log.syslog", "logs..example.com" },
        { "mwi.subscribe", "maybe" },
        { "mwi.uri", "voicemail" },
        { "mwi.expires", "59" },
        { "intercom.allow", "2" },
        { "intercom.trust", "door.example.com" },
        { "autoanswer.seconds", "601" },
        { "door.code", "*1x" },
        { "door.code", "12345678901234567" },
        { "door.pulse.ms", "99" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Accepts_and_stores_in_normal_form(string key, string input, string stored)
    {
        var config = new PhoneConfig();
        Assert.True(config.TrySet(key, input, out string error), key + ": " + error);
        Assert.Null(error);
        Assert.Equal(stored, config.Get(key));
        Assert.True(config.IsSet(key));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_and_changes_nothing(string key, string input)
    {
        var config = new PhoneConfig();
        var before = config.Snapshot();
        Assert.False(config.TrySet(key, input, out string error));
        Assert.StartsWith(key + ": ", error);
        Assert.Equal(before, config.Snapshot());
        Assert.False(config.IsDirty);
        if (input.Length >= 3) Assert.DoesNotContain(input, error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_has_accepted_and_refused_cases()
    {
        var valid = Valid.Select(row => (string)row[0]).ToHashSet();
        var invalid = Invalid.Select(row => (string)row[0]).ToHashSet();
        foreach (var key in ConfigKeys.All)
        {
            Assert.True(valid.Contains(key.Name), key.Name + " has no accepted case");
            Assert.True(invalid.Contains(key.Name), key.Name + " has no refused case");
        }
    }

    [Theory]
    [InlineData("sip.port", "5060")]
    [InlineData("sip.local.port", "5060")]
    [InlineData("sip.expires", "3600")]
    [InlineData("sip.transport", "udp")]
    [InlineData("sip.failback.seconds", "300")]
    [InlineData("sip.rfc5626", "auto")]
    [InlineData("sip.t1.ms", "500")]
    [InlineData("sip.t2.ms", "4000")]
    [InlineData("sip.t4.ms", "5000")]
    [InlineData("forward.noanswer.seconds", "20")]
    [InlineData("dnd", "off")]
    [InlineData("dnd.response", "486")]
    [InlineData("direct.calls", "off")]
    [InlineData("ghost.filter", "on")]
    [InlineData("ghost.action", "drop")]
    [InlineData("dial.timeout.seconds", "4")]
    [InlineData("ringer.pattern", "us")]
    [InlineData("provision.hours", "24")]
    public void Defaults(string key, string value)
    {
        var config = new PhoneConfig();
        Assert.Equal(value, config.Get(key));
        Assert.False(config.IsSet(key));
    }

    [Fact]
    public void Keys_without_default_are_unset_and_only_passwords_are_secret()
    {
        var config = new PhoneConfig();
        foreach (var name in new[] { "sip.server", "sip.user", "sip.password", "sip.auth.user", "sip.domain", "sip.q",
                     "sip.outbound", "forward.always.target", "forward.busy.target", "forward.noanswer.target",
                     "ghost.trust", "net.wifi.ssid", "net.wifi.password", "net.ntp.server", "web.port", "web.password", "web.cert",
                     "provision.url", "log.syslog", "mwi.uri", "intercom.trust", "autoanswer.seconds", "door.code" })
        {
            Assert.Null(config.Get(name));
            Assert.Equal("(unset)", config.Display(name));
        }
        Assert.Equal(new[] { "sip.password", "net.wifi.password", "web.password", "door.code" }, ConfigKeys.All.Where(k => k.Secret).Select(k => k.Name));
    }

    [Fact]
    public void Every_key_has_one_line_help_and_a_unique_lower_case_name()
    {
        Assert.Equal(ConfigKeys.All.Length, ConfigKeys.All.Select(k => k.Name).Distinct().Count());
        foreach (var key in ConfigKeys.All)
        {
            Assert.Equal(key.Name.ToLowerInvariant(), key.Name);
            Assert.False(string.IsNullOrWhiteSpace(key.Help), key.Name);
            Assert.DoesNotContain('\n', key.Help);
            if (key.Default != null)
                Assert.Null(ConfigValidator.Validate(key, key.Default, out _));
        }
    }

    [Fact]
    public void Typed_getters()
    {
        var config = new PhoneConfig();
        Assert.Equal(20, config.GetInt("forward.noanswer.seconds"));
        Assert.True(config.GetBool("ghost.filter"));
        Assert.Equal(-1, config.GetQMillis("sip.q"));
        Assert.True(config.TrySet("sip.q", "0.75", out _));
        Assert.Equal(750, config.GetQMillis("sip.q"));
        Assert.True(config.TrySet("SIP.Port", "5080", out _));
        Assert.Equal(5080, config.GetInt("sip.port"));
        Assert.Equal(-7, config.GetInt("sip.server", -7));
        Assert.Throws<System.ArgumentException>(() => config.Get("no.such.key"));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.001", 1)]
    [InlineData("0.5", 500)]
    [InlineData("0.05", 50)]
    [InlineData("1", 1000)]
    [InlineData("1.", 1000)]
    [InlineData("1.0", 1000)]
    [InlineData("1.01", -1)]
    [InlineData("", -1)]
    [InlineData("0.0000", -1)]
    public void Q_values_in_thousandths(string text, int millis)
    {
        Assert.Equal(millis, ConfigValidator.QValueMillis(text));
    }
}
