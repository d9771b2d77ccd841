namespace NanoPhone.Boards.Catalog
{
    /// <summary>
    /// ESP32-DevKitC V4 (ESP32-WROOM-32) handset: 4x4 membrane keypad (A answer, H hang-up, R redial,
    /// D DND), the board's BOOT button (GPIO0) as the Forward key, hook microswitch on GPIO34 with an
    /// external 10k pull-up (GPIO34-39 have no internal pulls), passive buzzer, four LEDs (active high,
    /// with series resistors). GPIO16/17 are left free so the same wiring fits a WROVER DevKitC.
    /// </summary>
    public static class Esp32DevKitC
    {
        public const string Id = "esp32-devkitc";

        public static BoardPins Create()
        {
            return new BoardPins(Id, "ESP32-DevKitC V4, 4x4 matrix keypad, hook switch, passive buzzer, 4 LEDs", ChipFamily.Esp32)
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
            };
        }
    }
}
