namespace NanoPhone.Boards
{
    /// <summary>The chip a board carries; it decides which pin rules apply (see Rules/ChipPinRules).</summary>
    public enum ChipFamily
    {
        /// <summary>ESP32 (ESP32-D0WD family, as on ESP32-WROOM-32 / ESP32-DevKitC).</summary>
        Esp32 = 0,

        /// <summary>ESP32-S3 (as on ESP32-S3-WROOM-1 / ESP32-S3-DevKitC-1).</summary>
        Esp32S3 = 1,

        /// <summary>The desktop simulator: pins are numbers in a simulated GPIO controller, no chip rules.</summary>
        Simulator = 2,
    }
}
