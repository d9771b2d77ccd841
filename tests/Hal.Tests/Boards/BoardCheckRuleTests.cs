using System;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Boards.Rules;
using Xunit;

namespace NanoPhone.Hal.Tests.Boards;

/// <summary>Each rule of <see cref="BoardCheck"/>, shown on a good board with one thing changed.</summary>
public class BoardCheckRuleTests
{
    private static BoardReport Check(BoardPins board, Action<BoardPins> change)
    {
        change(board);
        return BoardCheck.Run(board);
    }

    private static BoardReport Esp32(Action<BoardPins> change) => Check(Esp32DevKitC.Create(), change);

    private static BoardReport S3(Action<BoardPins> change) => Check(Esp32S3DevKitC1.Create(), change);

    /// <summary>Frees the board's I2S pins (and the amplifier enable) for a rule about other pins.</summary>
    private static void WithoutAudio(BoardPins b)
    {
        b.I2sBitClockPin = BoardPins.NotFitted;
        b.I2sWordSelectPin = BoardPins.NotFitted;
        b.I2sDataOutPin = BoardPins.NotFitted;
        b.I2sDataInPin = BoardPins.NotFitted;
        b.AmplifierEnablePin = BoardPins.NotFitted;
    }

    [Theory]
    [InlineData(34)]
    [InlineData(35)]
    [InlineData(36)]
    [InlineData(39)]
    public void Esp32_output_on_input_only_pins_34_to_39_is_an_error(int pin)
    {
        BoardReport report = Esp32(b => { b.HookPin = 15; b.LedDndPin = pin; });

        Assert.Contains("GPIO" + pin + " (LED DND): output on an input-only pin", report.Errors);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    public void Esp32_flash_pins_6_to_11_are_errors(int pin)
    {
        BoardReport report = Esp32(b => b.LedRegisteredPin = pin);

        Assert.Contains("GPIO" + pin + " (LED registered): reserved, wired to the module's SPI flash (SPI0/1)", report.Errors);
    }

    [Fact]
    public void Esp32_internal_pull_asked_of_gpio34_to_39_is_an_error()
    {
        BoardReport report = Esp32(b => b.HookExternalPullUp = false);

        Assert.Contains("GPIO34 (hook switch): needs an internal pull resistor, this pin has none (fit an external one)", report.Errors);
    }

    [Fact]
    public void A_pin_used_twice_is_an_error()
    {
        BoardReport report = Esp32(b => b.BuzzerPin = 27);

        Assert.Contains("GPIO27 used twice: keypad column 0 and buzzer", report.Errors);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(15)]
    public void Esp32_strapping_pins_are_warnings_not_errors(int pin)
    {
        BoardReport report = Esp32(b => { WithoutAudio(b); b.LedDndPin = pin; });

        Assert.Empty(report.Errors);
        Assert.Contains(report.Warnings, w => w.StartsWith("GPIO" + pin + " (LED DND): strapping pin"));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(40)]
    public void Esp32_gpio_numbers_the_chip_lacks_are_errors(int pin)
    {
        BoardReport report = Esp32(b => b.BuzzerPin = pin);

        Assert.Contains("GPIO" + pin + " (buzzer): no such GPIO on this chip", report.Errors);
    }

    [Theory]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(32)]
    public void S3_flash_and_psram_pins_26_to_32_are_errors(int pin)
    {
        BoardReport report = S3(b => b.BuzzerPin = pin);

        Assert.Contains("GPIO" + pin + " (buzzer): reserved, SPI0/1: wired to the module's flash/PSRAM on most modules", report.Errors);
    }

    [Theory]
    [InlineData(19, "USB_D-")]
    [InlineData(20, "USB_D+")]
    public void S3_usb_pins_19_and_20_are_errors(int pin, string signal)
    {
        BoardReport report = S3(b => b.LedDndPin = pin);

        Assert.Contains("GPIO" + pin + " (LED DND): reserved, " + signal + " of the chip's USB port (USB-Serial-JTAG/OTG)", report.Errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(45)]
    [InlineData(46)]
    public void S3_strapping_pins_are_warnings_not_errors(int pin)
    {
        BoardReport report = S3(b => b.LedDndPin = pin);

        Assert.Empty(report.Errors);
        Assert.Contains(report.Warnings, w => w.StartsWith("GPIO" + pin + " (LED DND): strapping pin"));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(25)]
    [InlineData(49)]
    public void S3_gpio_numbers_the_chip_lacks_are_errors(int pin)
    {
        BoardReport report = S3(b => b.LedDndPin = pin);

        Assert.Contains("GPIO" + pin + " (LED DND): no such GPIO on this chip", report.Errors);
    }

    [Fact]
    public void S3_pins_34_to_39_are_ordinary_outputs_with_pulls()
    {
        BoardReport report = S3(b => { WithoutAudio(b); b.LedDndPin = 39; b.HookPin = 40; b.HookExternalPullUp = false; });

        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Simulator_only_forbids_pins_used_twice_or_out_of_range()
    {
        BoardReport fine = Check(DesktopSimulator.Create(), b => b.LedDndPin = 63);
        BoardReport bad = Check(DesktopSimulator.Create(), b => b.LedDndPin = 64);

        Assert.True(fine.IsUsable);
        Assert.Contains("GPIO64 (LED DND): no such GPIO on this chip", bad.Errors);
    }

    [Fact]
    public void A_missing_or_doubled_key_is_an_error()
    {
        BoardReport report = Esp32(b => b.KeyLayout = new[] { "123A", "456H", "789R", "*0#A" });

        Assert.Contains("key 'A' appears 2 times", report.Errors);
        Assert.Contains("key 'D' is missing", report.Errors);
    }

    [Fact]
    public void A_layout_that_does_not_fit_the_keypad_pins_is_an_error()
    {
        BoardReport report = Esp32(b => b.KeyLayout = new[] { "123A", "456H", "789R" });

        Assert.Contains("key layout has 3 rows for 4 row pins", report.Errors);
    }

    [Fact]
    public void Unknown_key_labels_and_missing_labels_are_errors()
    {
        BoardReport report = Esp32(b => { b.KeyLayout = new[] { "123A", "456H", "789R", "*0#X" }; b.DirectKeyLabels = ""; });

        Assert.Contains("key layout row 3: unknown key label 'X'", report.Errors);
        Assert.Contains("direct keys: 0 labels for 1 pins", report.Errors);
    }

    [Fact]
    public void A_phone_without_hook_switch_or_buzzer_is_refused()
    {
        BoardReport report = Esp32(b => { b.HookPin = BoardPins.NotFitted; b.BuzzerPin = BoardPins.NotFitted; });

        Assert.Contains("no hook switch pin", report.Errors);
        Assert.Contains("no buzzer pin", report.Errors);
    }

    [Fact]
    public void A_board_without_audio_is_fine()
    {
        BoardPins board = Esp32DevKitC.Create();
        WithoutAudio(board);

        Assert.False(board.HasAudio);
        Assert.Empty(BoardCheck.Run(board).Errors);
    }

    [Fact]
    public void An_I2S_bus_with_some_of_its_four_pins_missing_is_an_error()
    {
        BoardReport report = Esp32(b => { b.I2sWordSelectPin = BoardPins.NotFitted; b.I2sDataInPin = BoardPins.NotFitted; });

        Assert.Contains("I2S audio needs BCLK, WS, data out and data in; missing: WS, data in", report.Errors);
    }

    [Fact]
    public void An_amplifier_enable_pin_without_the_I2S_bus_is_an_error()
    {
        BoardReport report = S3(b => { WithoutAudio(b); b.AmplifierEnablePin = 21; });

        Assert.Equal(new[] { "amplifier enable pin without the I2S audio" }, report.Errors);
    }

    [Theory]
    [InlineData("BCLK")]
    [InlineData("WS")]
    [InlineData("data out")]
    public void Esp32_I2S_outputs_on_input_only_pins_are_errors(string signal)
    {
        BoardReport report = Esp32(b =>
        {
            if (signal == "BCLK") b.I2sBitClockPin = 36;
            if (signal == "WS") b.I2sWordSelectPin = 36;
            if (signal == "data out") b.I2sDataOutPin = 36;
        });

        Assert.Contains("GPIO36 (I2S " + signal + "): output on an input-only pin", report.Errors);
    }

    [Theory]
    [InlineData(36)]
    [InlineData(37)]
    [InlineData(39)]
    public void Esp32_microphone_data_in_may_use_an_input_only_pin_without_pulls(int pin)
    {
        BoardReport report = Esp32(b => b.I2sDataInPin = pin);

        Assert.Empty(report.Errors);
    }

    [Fact]
    public void An_I2S_pin_shared_with_another_function_is_an_error()
    {
        BoardReport report = Esp32(b => b.I2sWordSelectPin = 18);

        Assert.Contains("GPIO18 used twice: buzzer and I2S WS", report.Errors);
    }

    [Fact]
    public void An_I2S_pin_on_a_flash_or_USB_pin_is_an_error()
    {
        BoardReport esp32 = Esp32(b => b.I2sDataOutPin = 10);
        BoardReport s3 = S3(b => b.I2sBitClockPin = 20);

        Assert.Contains("GPIO10 (I2S data out): reserved, wired to the module's SPI flash (SPI0/1)", esp32.Errors);
        Assert.Contains("GPIO20 (I2S BCLK): reserved, USB_D+ of the chip's USB port (USB-Serial-JTAG/OTG)", s3.Errors);
    }

    [Fact]
    public void I2S_on_strapping_pins_is_a_warning()
    {
        BoardReport report = S3(b => b.I2sDataOutPin = 46);

        Assert.Empty(report.Errors);
        Assert.Contains("GPIO46 (I2S data out): strapping pin: must be low or floating to enter download boot", report.Warnings);
    }

    [Fact]
    public void Esp32_amplifier_enable_on_the_MTDI_strap_is_an_error()
    {
        BoardReport report = Esp32(b => b.AmplifierEnablePin = 12);

        Assert.Contains("GPIO12 (amplifier enable): the amplifier's SD_MODE pull-up would hold the MTDI strap high at reset (1.8 V flash)", report.Errors);
        Assert.Contains("GPIO12 (amplifier enable): strapping pin (MTDI): high at reset selects 1.8 V flash voltage", report.Warnings);
    }

    [Fact]
    public void Esp32_amplifier_enable_on_an_ordinary_output_is_fine()
    {
        BoardReport report = Esp32(b => { b.LedInCallPin = BoardPins.NotFitted; b.AmplifierEnablePin = 23; });

        Assert.Empty(report.Errors);
    }
}
