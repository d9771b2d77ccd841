using System;
using System.Device.Gpio;
using Iot.Device.KeyMatrix;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// dotnet/iot (Iot.Device.Bindings 4.2.0): KeyMatrix takes the pins as IEnumerable&lt;int&gt; and the
    /// column pin mode, and opens the columns with that pull-down itself.
    /// The nanoFramework twin is hal/Gpio.Nano/KeyMatrixAdapter.cs.
    /// </summary>
    internal static class KeyMatrixAdapter
    {
        public static KeyMatrix Open(int[] rowPins, int[] columnPins, TimeSpan scanInterval, GpioController controller)
        {
            return new KeyMatrix(rowPins, columnPins, scanInterval, PinMode.InputPullDown, controller, false);
        }
    }
}
