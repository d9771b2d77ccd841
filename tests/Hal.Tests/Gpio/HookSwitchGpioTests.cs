using System.Device.Gpio;
using NanoPhone.Boards.Catalog;
using Xunit;

namespace NanoPhone.Hal.Tests.Gpio;

public class HookSwitchGpioTests
{
    [Fact]
    public void Bouncing_hook_switch_reports_one_off_hook_after_it_settles()
    {
        // ESP32-DevKitC: the contact is closed while the handset rests in the cradle.
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);
        Assert.Equal(HookState.OnHook, phone.Hardware.Hook.State);

        foreach (var (closed, afterMs) in new[] { (false, 0), (true, 1), (false, 2), (true, 1), (false, 3) })
        {
            phone.Clock.Advance(afterMs);
            phone.SetHookContact(closed);
            phone.Hardware.Poll();
        }

        Assert.Equal(HookState.OnHook, phone.Hardware.Hook.State);
        phone.Run(100, stepMs: 1);

        Assert.Equal(new[] { "OffHook @10057" }, phone.HookEvents);
        Assert.Equal(HookState.OffHook, phone.Hardware.Hook.State);
    }

    [Fact]
    public void Handset_dropped_back_bounces_to_one_on_hook()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: false);
        Assert.Equal(HookState.OffHook, phone.Hardware.Hook.State);

        for (int i = 0; i < 6; i++)
        {
            phone.SetHookContact(i % 2 == 0);
            phone.Run(4, stepMs: 1);
        }

        phone.SetHookContact(true);
        phone.Run(100, stepMs: 1);

        Assert.Equal(new[] { "OnHook @10074" }, phone.HookEvents);
    }

    [Fact]
    public void A_glitch_on_the_hook_line_is_ignored()
    {
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: false);

        phone.SetHookContact(true);
        phone.Run(20, stepMs: 1);
        phone.SetHookContact(false);
        phone.Run(200, stepMs: 1);

        Assert.Empty(phone.HookEvents);
        Assert.Equal(HookState.OnHook, phone.Hardware.Hook.State);
    }

    [Fact]
    public void Hook_state_at_start_is_read_from_the_pin()
    {
        // ESP32-S3-DevKitC-1: the contact is closed while the handset is lifted.
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: true);
        phone.Run(100);

        Assert.Equal(HookState.OffHook, phone.Hardware.Hook.State);
        Assert.Empty(phone.HookEvents);
    }

    [Fact]
    public void Hook_on_input_only_gpio34_is_opened_without_internal_pull()
    {
        using var phone = new SimulatedPhone(Esp32DevKitC.Id, hookContactClosed: true);

        Assert.Equal(PinMode.Input, phone.Driver.ModeOf(34));
    }

    [Fact]
    public void Hook_with_internal_pull_up_is_opened_as_input_pull_up()
    {
        using var phone = new SimulatedPhone(Esp32S3DevKitC1.Id, hookContactClosed: false);

        Assert.Equal(PinMode.InputPullUp, phone.Driver.ModeOf(phone.Board.HookPin));
    }
}
