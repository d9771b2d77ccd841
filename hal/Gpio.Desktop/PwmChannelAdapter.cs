using System.Device.Gpio;
using System.Device.Pwm;
using System.Device.Pwm.Drivers;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// dotnet/iot: a GPIO pin has no hardware PWM of its own on a desktop board, so the buzzer gets
    /// Iot.Device.Bindings' SoftwarePwmChannel on that pin of the given controller. Tests and the
    /// simulator pass their own PwmChannel to GpioPhoneHardware.Open instead.
    /// The nanoFramework twin is hal/Gpio.Nano/PwmChannelAdapter.cs.
    /// </summary>
    internal static class PwmChannelAdapter
    {
        public static PwmChannel ForPin(int pin, int frequencyHz, GpioController controller)
        {
            return new SoftwarePwmChannel(pin, frequencyHz, 0.5, false, controller, false);
        }
    }
}
