namespace NanoPhone.Boards.Rules
{
    /// <summary>
    /// GPIO facts of the ESP32 (ESP32-D0WD in ESP32-WROOM-32/-WROVER modules).
    /// Sources:
    /// ESP-IDF Programming Guide, API Reference, "GPIO &amp; RTC GPIO" (ESP32 GPIO summary table): pads
    /// GPIO0-19, 21-23, 25-27, 32-39 (GPIO20 only on ESP32-PICO-V3); GPIO6-11 "SPI0/1"; GPIO34-39 "GPI",
    /// input only and without software pull-up/pull-down.
    /// ESP32 Series Datasheet, section "Strapping Pins" (2.4 in v3.x; Table "Strapping Pins"), and
    /// ESP32-WROOM-32D datasheet section 2.3, Table 4: MTDI (GPIO12), GPIO0, GPIO2, MTDO (GPIO15), GPIO5.
    /// ESP32-WROOM-32 datasheet, section 2.2 "Pin Description" notes: GPIO6-11 (SCK/CLK, SDO/SD0, SDI/SD1,
    /// SHD/SD2, SWP/SD3, SCS/CMD) connect to the module's SPI flash and are not recommended for other uses.
    /// ESP32-DevKitC V4 user guide, "Pin Headers" note: GPIO16/17 are used internally on ESP32-WROVER boards.
    /// </summary>
    public static class Esp32PinFacts
    {
        public static bool Exists(int pin)
        {
            return (pin >= 0 && pin <= 19) || (pin >= 21 && pin <= 23) || (pin >= 25 && pin <= 27)
                || (pin >= 32 && pin <= 39);
        }

        /// <summary>GPIO34-39: input only, and no internal pull-up/pull-down.</summary>
        public static bool IsInputOnly(int pin)
        {
            return pin >= 34 && pin <= 39;
        }

        public static bool HasInternalPull(int pin)
        {
            return Exists(pin) && !IsInputOnly(pin);
        }

        /// <summary>Why a pin must not be used at all, or null.</summary>
        public static string ReservedFor(int pin)
        {
            if (pin >= 6 && pin <= 11)
            {
                return "wired to the module's SPI flash (SPI0/1)";
            }

            return null;
        }

        /// <summary>Why a usable pin deserves a second look, or null.</summary>
        public static string CautionFor(int pin)
        {
            switch (pin)
            {
                case 0:
                    return "strapping pin: held low at reset it selects download boot";
                case 2:
                    return "strapping pin: must be low or floating to enter download boot";
                case 5:
                    return "strapping pin: sampled at reset for SDIO slave timing";
                case 12:
                    return "strapping pin (MTDI): high at reset selects 1.8 V flash voltage";
                case 15:
                    return "strapping pin (MTDO): low at reset silences the boot log";
                case 1:
                    return "UART0 TXD: console and flashing";
                case 3:
                    return "UART0 RXD: console and flashing";
                case 16:
                case 17:
                    return "used by the PSRAM on ESP32-WROVER modules";
                default:
                    return null;
            }
        }
    }
}
