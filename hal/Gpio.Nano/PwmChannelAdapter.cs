using System.Device.Gpio;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// nanoFramework on ESP32: a pin gets hardware PWM (LEDC) by routing a PWM function to it with
    /// Configuration.SetPinFunction, then PwmChannel.CreateFromPin (nanoFramework.System.Device.Pwm).
    /// The controller is not needed here; the parameter keeps one signature with the desktop twin,
    /// hal/Gpio.Desktop/PwmChannelAdapter.cs.
    /// </summary>
    internal static class PwmChannelAdapter
    {
        public static PwmChannel ForPin(int pin, int frequencyHz, GpioController controller)
        {
            Configuration.SetPinFunction(pin, DeviceFunction.PWM1);
            return PwmChannel.CreateFromPin(pin, frequencyHz, 0.5);
        }
    }
}
