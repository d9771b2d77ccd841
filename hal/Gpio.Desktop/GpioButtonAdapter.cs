using System;
using System.Device.Gpio;
using Iot.Device.Button;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// dotnet/iot (Iot.Device.Bindings 4.2.0): GpioButton(pin, isPullUp, hasExternalResistor, gpio,
    /// shouldDispose, debounceTime) opens the pin as InputPullUp, or as Input when the pull-up is external,
    /// and reports a falling edge as ButtonDown either way. A zero debounce time passes every edge on
    /// without reading the wall clock (the HAL logic debounces against its own clock).
    /// The nanoFramework twin is hal/Gpio.Nano/GpioButtonAdapter.cs.
    /// </summary>
    internal static class GpioButtonAdapter
    {
        /// <summary>A button for a switch that closes <paramref name="pin"/> to GND, in step with the pin now.</summary>
        public static GpioButton OpenSwitchToGround(int pin, bool externalPullUp, GpioController controller)
        {
            GpioButton button = new GpioButton(pin, true, externalPullUp, controller, false, TimeSpan.Zero);
            button.IsPressed = controller.Read(pin) == PinValue.Low;
            return button;
        }
    }
}
