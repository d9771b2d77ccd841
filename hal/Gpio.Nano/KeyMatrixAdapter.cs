using System;
using System.Device.Gpio;
using Iot.Device.KeyMatrix;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// nanoFramework (nanoFramework.Iot.Device.KeyMatrix): KeyMatrix takes the pins as int[] and has no
    /// column pin mode; it opens the columns as plain Input. The ESP32's internal pull-downs are switched
    /// on afterwards, so the columns do not float (ESP32 GPIO34-39 have none: BoardCheck keeps columns
    /// off them). The desktop twin is hal/Gpio.Desktop/KeyMatrixAdapter.cs.
    /// </summary>
    internal static class KeyMatrixAdapter
    {
        public static KeyMatrix Open(int[] rowPins, int[] columnPins, TimeSpan scanInterval, GpioController controller)
        {
            KeyMatrix matrix = new KeyMatrix(rowPins, columnPins, scanInterval, controller, false);
            for (int i = 0; i < columnPins.Length; i++)
            {
                controller.SetPinMode(columnPins[i], PinMode.InputPullDown);
            }

            return matrix;
        }
    }
}
