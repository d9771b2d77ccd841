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
        BoardReport report = Esp32(b => b.LedDndPin = pin);

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
        BoardReport report = S3(b => { b.LedDndPin = 39; b.HookPin = 40; b.HookExternalPullUp = false; });

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
}
