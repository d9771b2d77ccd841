namespace NanoPhone.Boards.Catalog
{
    /// <summary>
    /// ESP32-S3-DevKitC-1 (ESP32-S3-WROOM-1) handset: 5x4 keypad (rows 1-4 as a telephone pad plus a
    /// function column, row 5 the Forward key), hook switch on its normally-closed contact (closed while
    /// the handset is lifted), passive buzzer, four LEDs, I2S audio: an INMP441 microphone and a MAX98357A
    /// amplifier sharing BCLK (GPIO39) and WS (GPIO40), the amplifier's DIN on GPIO41 and its SD_MODE on
    /// GPIO21 (on while a route is chosen), the microphone's SD on GPIO42. Avoids GPIO19/20 (USB), GPIO26-37 (flash and
    /// octal PSRAM), GPIO38/48 (the board's RGB LED, v1.1/v1.0), GPIO43/44 (UART0), GPIO1/2 (the serial
    /// console) and the strapping pins. The door relay is on GPIO47.
    /// </summary>
    public static class Esp32S3DevKitC1
    {
        public const string Id = "esp32-s3-devkitc-1";

        public static BoardPins Create()
        {
            return new BoardPins(Id, "ESP32-S3-DevKitC-1, 5x4 matrix keypad, hook switch, passive buzzer, 4 LEDs, I2S microphone and amplifier", ChipFamily.Esp32S3)
            {
                KeypadRowPins = new int[] { 4, 5, 6, 7, 15 },
                KeypadColumnPins = new int[] { 16, 17, 18, 8 },
                KeyLayout = new string[] { "123A", "456H", "789R", "*0#D", "F..." },
                HookPin = 9,
                HookExternalPullUp = false,
                HookClosedWhenOffHook = true,
                BuzzerPin = 10,
                LedRegisteredPin = 11,
                LedMessageWaitingPin = 12,
                LedDndPin = 13,
                LedInCallPin = 14,
                RelayPin = 47,
                LedsActiveHigh = true,
                I2sBitClockPin = 39,
                I2sWordSelectPin = 40,
                I2sDataOutPin = 41,
                I2sDataInPin = 42,
                AmplifierEnablePin = 21,
            };
        }
    }
}
