using System;
using System.Device.Gpio;
using NanoPhone.Boards;
using NanoPhone.Hal;
using NanoPhone.Hal.Gpio;

namespace NanoPhone.Device.Hardware;

/// <summary>
/// Opens the board's keypad, hook switch, buzzer and lamps on the chip's GPIO (hal's
/// GpioPhoneHardware over nanoFramework's GpioController, PWM and Iot.Device bindings) and starts
/// the keypad scan thread.
/// </summary>
public static class BoardHardware
{
    /// <summary>The hardware; null, with <paramref name="error"/> saying why, when the pin map fails BoardCheck or a pin cannot be opened.</summary>
    public static GpioPhoneHardware Open(BoardPins board, IHalClock clock, out string error)
    {
        try
        {
            GpioPhoneHardware hardware = GpioPhoneHardware.Open(board, new GpioController(), clock, new HalSettings());
            hardware.StartScanning();
            error = null;
            return hardware;
        }
        catch (Exception e)
        {
            error = "hardware: " + board.Id + ": " + e.Message;
            return null;
        }
    }
}
