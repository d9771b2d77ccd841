using System.Device.Gpio;
using System;
using NanoPhone.App.Phone;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Hal.Gpio;
using NanoPhone.Hal.Gpio.Simulation;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Hal.Tests.Gpio;

public class LedAndLifecycleTests
{
    [Fact]
    public void Leds_start_dark_on_output_pins()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);

        foreach (int pin in new[] { 19, 21, 22, 23 })
        {
            Assert.Equal(PinMode.Output, phone.Driver.ModeOf(pin));
            Assert.False(phone.Driver.IsHigh(pin));
        }
    }

    [Fact]
    public void Message_waiting_led_blinks_on_its_pin()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);
        int pin = phone.Board.LedMessageWaitingPin;

        phone.Hardware.Indicators.Set(Indicator.MessageWaiting, LampMode.SlowBlink);
        Assert.True(phone.Driver.IsHigh(pin));
        phone.Run(495);
        Assert.True(phone.Driver.IsHigh(pin));
        phone.Run(5);
        Assert.False(phone.Driver.IsHigh(pin));
        phone.Run(500);
        Assert.True(phone.Driver.IsHigh(pin));
    }

    [Fact]
    public void In_call_led_follows_its_indicator()
    {
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: false);

        phone.Hardware.Indicators.Set(Indicator.InCall, LampMode.On);
        Assert.True(phone.Driver.IsHigh(phone.Board.LedInCallPin));
        phone.Hardware.Indicators.Set(Indicator.InCall, LampMode.Off);
        Assert.False(phone.Driver.IsHigh(phone.Board.LedInCallPin));
    }

    [Fact]
    public void Dispose_closes_every_pin_of_the_board()
    {
        var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: true);
        foreach (PinUse use in phone.Board.Uses())
        {
            if (use.Function != "buzzer" && !IsAudio(use)) Assert.True(phone.Driver.IsOpen(use.Pin), use.ToString());
        }

        phone.Dispose();

        foreach (PinUse use in phone.Board.Uses())
            Assert.False(phone.Driver.IsOpen(use.Pin), use.ToString());
    }

    /// <summary>The I2S pins belong to the I2S peripheral and the amplifier enable to the audio device,
    /// not to the GPIO hardware: it leaves them alone.</summary>
    private static bool IsAudio(PinUse use) => use.Function.StartsWith("I2S ") || use.Function == "amplifier enable";

    [Fact]
    public void Open_refuses_a_board_that_fails_the_pin_check()
    {
        BoardPins board = Esp32DevKitC.Create();
        board.LedInCallPin = 35;
        var controller = new GpioController(SimulatedGpioDriver.For(board));

        var error = Assert.Throws<ArgumentException>(() =>
            GpioPhoneHardware.Open(board, controller, new HalClock(new ManualClock(0)), new HalSettings(), new SimulatedPwmChannel(400, 0.5)));
        Assert.Contains("GPIO35 (LED in call): output on an input-only pin", error.Message);
    }

    [Fact]
    public void The_chip_rules_of_the_simulated_driver_refuse_what_the_chip_refuses()
    {
        var controller = new GpioController(SimulatedGpioDriver.For(Esp32DevKitC.Create()));

        Assert.False(controller.IsPinModeSupported(36, PinMode.Output));
        Assert.False(controller.IsPinModeSupported(36, PinMode.InputPullUp));
        Assert.True(controller.IsPinModeSupported(36, PinMode.Input));
        Assert.True(controller.IsPinModeSupported(4, PinMode.InputPullDown));
    }
}
