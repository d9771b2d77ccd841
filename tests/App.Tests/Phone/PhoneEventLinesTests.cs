using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

public class PhoneEventLinesTests
{
    [Fact]
    public void Every_key_has_a_name_that_reads_back()
    {
        for (int k = 1; k < PhoneKeys.Count; k++)
        {
            string name = PhoneEventLines.KeyName((PhoneKey)k);
            Assert.Equal((PhoneKey)k, PhoneEventLines.KeyByName(name));
            Assert.Equal((PhoneKey)k, PhoneEventLines.KeyByName(name.ToUpperInvariant()));
        }
        Assert.Equal("none", PhoneEventLines.KeyName(PhoneKey.None));
        Assert.Equal(PhoneKey.None, PhoneEventLines.KeyByName(""));
        Assert.Equal(PhoneKey.None, PhoneEventLines.KeyByName(null!));
        Assert.Equal(PhoneKey.None, PhoneEventLines.KeyByName("x"));
        Assert.Equal(PhoneKey.None, PhoneEventLines.KeyByName("answr"));
        Assert.Equal(PhoneKey.None, PhoneEventLines.KeyByName("none"));
    }

    [Theory]
    [InlineData(RegistrationState.Registering, "", "REGISTRATION registering")]
    [InlineData(RegistrationState.RetryWait, "no response from registrar", "REGISTRATION retrying no response from registrar")]
    [InlineData(RegistrationState.AuthFailed, "authentication failed", "REGISTRATION auth-failed authentication failed")]
    [InlineData(RegistrationState.Unregistering, null, "REGISTRATION unregistering")]
    [InlineData(RegistrationState.Unregistered, "line1\r\nline2", "REGISTRATION unregistered line1  line2")]
    [InlineData(RegistrationState.Registered, "", "REGISTRATION registered")]
    public void Registration_lines(RegistrationState state, string? detail, string line)
    {
        Assert.Equal(line, PhoneEventLines.Registration(state, detail!));
    }

    [Fact]
    public void Other_lines()
    {
        Assert.Equal("REGISTERED sip:a@192.0.2.1:5062 600", PhoneEventLines.Registered("sip:a@192.0.2.1:5062", 600));
        Assert.Equal("RINGING 3 Bob <sip:bob@x>", PhoneEventLines.Call("RINGING", 3, "Bob <sip:bob@x>"));
        Assert.Equal("HELD 3", PhoneEventLines.Call("HELD", 3, null!));
        Assert.Equal("FAILED 3 486 Busy Here", PhoneEventLines.Call("FAILED", 3, "486 Busy Here"));
        Assert.Equal("DIGITS 12*", PhoneEventLines.Digits("12*"));
        Assert.Equal("DIAL unavailable account not configured", PhoneEventLines.Unavailable("DIAL", "account not configured"));
        Assert.Equal("HOLD unavailable a b", PhoneEventLines.Unavailable("HOLD", "a\nb"));
        Assert.Equal("RINGER ON de", PhoneEventLines.RingerOn(RingPattern.De));
        Assert.Equal("HOOK offhook", PhoneEventLines.Hook(HookState.OffHook));
        Assert.Equal("HOOK onhook", PhoneEventLines.Hook(HookState.OnHook));
        Assert.Equal("KEY #", PhoneEventLines.Key(PhoneKey.Hash));
        Assert.Equal("DND on", PhoneEventLines.Dnd(true));
        Assert.Equal("LAMP message slow", PhoneEventLines.Lamp(Indicator.MessageWaiting, LampMode.SlowBlink));
        Assert.Equal("LAMP incall fast", PhoneEventLines.Lamp(Indicator.InCall, LampMode.FastBlink));
        Assert.Equal("LAMP registered off", PhoneEventLines.Lamp(Indicator.Registered, LampMode.Off));
    }

    [Fact]
    public void Text_helpers()
    {
        Assert.Equal("00:00:00", PhoneText.Uptime(-5));
        Assert.Equal("00:01:01", PhoneText.Uptime(61_999));
        Assert.Equal("27:46:40", PhoneText.Uptime(100_000_000));
        Assert.Equal(0, PhoneText.Seconds(5000, 1000));
        Assert.Equal(2, PhoneText.Seconds(1000, 3999));
        Assert.Equal("", PhoneText.OneLine(null!));
        Assert.Equal("a b", PhoneText.OneLine("a b"));
        Assert.Equal("a b c", PhoneText.OneLine("a\nb\u007fc"));
    }

    [Fact]
    public void The_HAL_clock_is_the_loop_clock()
    {
        var clock = new NanoPhone.Sip.Timing.ManualClock(500);
        var hal = new HalClock(clock);
        Assert.Equal(500, hal.NowMs);
        clock.Advance(250);
        Assert.Equal(750, hal.NowMs);
        Assert.Throws<System.ArgumentNullException>(() => new HalClock(null!));
    }
}
