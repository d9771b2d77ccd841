using System.Device.Gpio;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Hal.Gpio;
using Xunit;

namespace NanoPhone.Hal.Tests.Gpio;

public class MatrixKeypadTests
{
    [Fact]
    public void Key_press_through_the_matrix_is_reported_after_debounce()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);

        phone.SetMatrixKey('5', true);
        phone.Hardware.Poll();
        Assert.Empty(phone.Keys.Events);

        phone.Run(30);
        Assert.Equal(new[] { "Digit5 Pressed @10030" }, phone.Keys.Events);

        phone.SetMatrixKey('5', false);
        phone.Run(30);
        Assert.Equal(new[] { "Digit5 Pressed @10030", "Digit5 Released @10060" }, phone.Keys.Events);
    }

    [Fact]
    public void A_bouncing_matrix_key_gives_one_press()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);

        phone.SetMatrixKey('A', true);
        phone.Clock.Advance(3);
        phone.SetMatrixKey('A', false);
        phone.Clock.Advance(2);
        phone.SetMatrixKey('A', true);
        phone.Run(100);

        Assert.Equal(new[] { "Answer Pressed @10035" }, phone.Keys.Events);
    }

    [Theory]
    [InlineData(Esp32DevKitC.Id)]
    [InlineData(Esp32S3DevKitC1.Id)]
    [InlineData(DesktopSimulator.Id)]
    public void Every_matrix_key_reports_the_key_its_label_names(string boardId)
    {
        using var phone = new SimulatedPhone(boardId, hookContactClosed: false);
        int expected = 0;
        foreach (string row in phone.Board.KeyLayout)
        {
            foreach (char label in row)
            {
                if (label == KeyLabels.NoKey) continue;
                phone.SetMatrixKey(label, true);
                phone.Run(40);
                phone.SetMatrixKey(label, false);
                phone.Run(40);
                PhoneKey key = BoardKeyMap.FromLabel(label);
                Assert.NotEqual(PhoneKey.None, key);
                Assert.EndsWith(key + " Released", phone.Keys.Events[^1].Split(" @")[0]);
                Assert.StartsWith(key + " Pressed", phone.Keys.Events[^2]);
                expected += 2;
            }
        }

        Assert.Equal(expected, phone.Keys.Events.Count);
    }

    [Fact]
    public void Matrix_rows_are_outputs_and_columns_inputs_with_pull_down()
    {
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: false);

        foreach (int pin in phone.Board.KeypadRowPins)
            Assert.Equal(PinMode.Output, phone.Driver.ModeOf(pin));
        foreach (int pin in phone.Board.KeypadColumnPins)
            Assert.Equal(PinMode.InputPullDown, phone.Driver.ModeOf(pin));
    }

    [Fact]
    public void Direct_key_on_the_boot_button_is_the_forward_key()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);
        Assert.Equal(PinMode.InputPullUp, phone.Driver.ModeOf(0));

        phone.Driver.SetSwitchToGround(0, true);
        phone.Run(50);
        phone.Driver.SetSwitchToGround(0, false);
        phone.Run(50);

        Assert.Equal(new[] { "Forward Pressed @10030", "Forward Released @10080" }, phone.Keys.Events);
    }
}
