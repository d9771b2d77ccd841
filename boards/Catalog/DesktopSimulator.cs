namespace NanoPhone.Boards.Catalog
{
    /// <summary>
    /// The desktop simulator: the same 5x4 keypad as the S3 handset on pins 0-8 of a simulated GPIO
    /// controller, hook on 9, buzzer on 10, LEDs on 11-14, door relay on 15. No chip rules apply beyond "no pin twice".
    /// </summary>
    public static class DesktopSimulator
    {
        public const string Id = "desktop-simulator";

        public static BoardPins Create()
        {
            return new BoardPins(Id, "Desktop simulator over a simulated GPIO controller", ChipFamily.Simulator)
            {
                KeypadRowPins = new int[] { 0, 1, 2, 3, 4 },
                KeypadColumnPins = new int[] { 5, 6, 7, 8 },
                KeyLayout = new string[] { "123A", "456H", "789R", "*0#D", "FT.." },
                HookPin = 9,
                HookExternalPullUp = false,
                HookClosedWhenOffHook = false,
                BuzzerPin = 10,
                LedRegisteredPin = 11,
                LedMessageWaitingPin = 12,
                LedDndPin = 13,
                LedInCallPin = 14,
                LedsActiveHigh = true,
                RelayPin = 15,
            };
        }
    }
}
