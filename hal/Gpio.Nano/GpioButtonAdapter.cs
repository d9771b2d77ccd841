using System;
using System.Device.Gpio;
using Iot.Device.Button;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// nanoFramework (nanoFramework.Iot.Device.Button): GpioButton(pin, gpio, shouldDispose, pinMode,
    /// debounceTime) takes the pin mode itself, treats every mode but InputPullUp as active high (so a
    /// switch to GND with an external pull-up reads "pressed" when open), and ignores an edge that does
    /// not change its IsPressed. So: InputPullUp, or Input for an external pull-up, and IsPressed set in
    /// step with the pin, so no edge is swallowed. GpioButtonContact reads the pin level on each edge and
    /// never relies on which of ButtonDown/ButtonUp came. The desktop twin is
    /// hal/Gpio.Desktop/GpioButtonAdapter.cs.
    /// </summary>
    internal static class GpioButtonAdapter
    {
        /// <summary>A button for a switch that closes <paramref name="pin"/> to GND, in step with the pin now.</summary>
        public static GpioButton OpenSwitchToGround(int pin, bool externalPullUp, GpioController controller)
        {
            PinMode mode = externalPullUp ? PinMode.Input : PinMode.InputPullUp;
            GpioButton button = new GpioButton(pin, controller, false, mode, TimeSpan.Zero);
            bool pinHigh = controller.Read(pin) == PinValue.High;
            button.IsPressed = mode == PinMode.InputPullUp ? !pinHigh : pinHigh;
            return button;
        }
    }
}
