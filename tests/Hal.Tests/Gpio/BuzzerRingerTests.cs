using NanoPhone.Boards.Catalog;
using Xunit;

namespace NanoPhone.Hal.Tests.Gpio;

public class BuzzerRingerTests
{
    [Fact]
    public void Uk_cadence_switches_the_buzzer_pwm_at_0_4_0_2_0_4_2_0_seconds()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);

        phone.Hardware.Ringer.Start(RingPattern.Uk);
        phone.Run(5900, stepMs: 10);

        Assert.Equal(new[]
        {
            "on 2000Hz @10000", "off @10400", "on 2000Hz @10600", "off @11000",
            "on 2000Hz @13000", "off @13400", "on 2000Hz @13600", "off @14000",
        }, phone.BuzzerEvents);
    }

    [Fact]
    public void Us_cadence_switches_the_buzzer_pwm_at_2_on_4_off()
    {
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: false);

        phone.Hardware.Ringer.Start(RingPattern.ByName("us"));
        phone.Run(13000, stepMs: 10);

        Assert.Equal(new[] { "on 2000Hz @10000", "off @12000", "on 2000Hz @16000", "off @18000", "on 2000Hz @22000" }, phone.BuzzerEvents);
    }

    [Fact]
    public void Stopping_the_ringer_stops_the_pwm_at_once()
    {
        using var phone = new SimulatedPhone(DesktopSimulator.Id, hookContactClosed: false);

        phone.Hardware.Ringer.Start(RingPattern.De);
        phone.Run(700);
        phone.Hardware.Ringer.Stop();
        phone.Run(10000);

        Assert.Equal(new[] { "on 2000Hz @10000", "off @10700" }, phone.BuzzerEvents);
        Assert.False(phone.Pwm.IsRunning);
        Assert.Equal(0.5, phone.Pwm.DutyCycle);
    }
}
