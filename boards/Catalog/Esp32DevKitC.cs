namespace NanoPhone.Boards.Catalog
{
    /// <summary>
    /// ESP32-DevKitC V4 (ESP32-WROOM-32) handset: 4x4 membrane keypad (A answer, H hang-up, R redial,
    /// D DND), the board's BOOT button (GPIO0) as the Forward key, hook microswitch on GPIO34 with an
    /// external 10k pull-up (GPIO34-39 have no internal pulls), passive buzzer, four LEDs (active high,
    /// with series resistors), I2S audio: an INMP441 microphone and a MAX98357A amplifier sharing BCLK
    /// (GPIO5) and WS (GPIO15), the amplifier's DIN on GPIO2, the microphone's SD on GPIO35 (input only:
    /// fit the microphone's 100k pull-down there). The three outputs are strapping pins, harmless here
    /// because the chips on them only listen at reset; the amplifier's SD_MODE is left on its breakout
    /// pull-up (always on), as the one free output left, GPIO12, must not be pulled high at reset.
    /// GPIO16/17 are left free for the serial console (and so the same wiring fits a WROVER DevKitC).
    /// </summary>
    public static class Esp32DevKitC
    {
        public const string Id = "esp32-devkitc";

        public static BoardPins Create()
        {
            return new BoardPins(Id, "ESP32-DevKitC V4, 4x4 matrix keypad, hook switch, passive buzzer, 4 LEDs, I2S microphone and amplifier", ChipFamily.Esp32)
            {
                KeypadRowPins = new int[] { 32, 33, 25, 26 },
                KeypadColumnPins = new int[] { 27, 14, 13, 4 },
                KeyLayout = new string[] { "123A", "456H", "789R", "*0#D" },
                DirectKeyPins = new int[] { 0 },
                DirectKeyLabels = "F",
                HookPin = 34,
                HookExternalPullUp = true,
                HookClosedWhenOffHook = false,
                BuzzerPin = 18,
                LedRegisteredPin = 19,
                LedMessageWaitingPin = 21,
                LedDndPin = 22,
                LedInCallPin = 23,
                LedsActiveHigh = true,
                I2sBitClockPin = 5,
                I2sWordSelectPin = 15,
                I2sDataOutPin = 2,
                I2sDataInPin = 35,
            };
        }
    }
}
