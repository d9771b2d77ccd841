namespace NanoPhone.Boards.Rules
{
    /// <summary>
    /// GPIO facts of the ESP32-S3 (ESP32-S3-WROOM-1/-2 modules, ESP32-S3-DevKitC-1).
    /// Sources:
    /// ESP-IDF Programming Guide (esp32s3), API Reference, "GPIO &amp; RTC GPIO" (GPIO summary table and its
    /// notes): 45 pads GPIO0-21 and GPIO26-48; strapping pins GPIO0, GPIO3, GPIO45, GPIO46; GPIO19/20
    /// "USB-JTAG"; GPIO26-32 "SPI0/1", usually used for SPI flash and PSRAM; GPIO33-37 also taken when the
    /// module has octal flash or octal PSRAM.
    /// ESP32-S3 Series Datasheet, section "Strapping Pins" (GPIO0, GPIO3, GPIO45, GPIO46).
    /// ESP32-S3-DevKitC-1 user guide, "Description of Components" note: on boards with ESP32-S3-WROOM-1/1U
    /// (octal SPI flash/PSRAM) or ESP32-S3-WROOM-2, GPIO35-37 are used between the chip and flash/PSRAM.
    /// Every S3 GPIO can be an output and has internal pull resistors.
    /// </summary>
    public static class Esp32S3PinFacts
    {
        public static bool Exists(int pin)
        {
            return (pin >= 0 && pin <= 21) || (pin >= 26 && pin <= 48);
        }

        public static bool IsInputOnly(int pin)
        {
            return false;
        }

        public static bool HasInternalPull(int pin)
        {
            return Exists(pin);
        }

        /// <summary>Why a pin must not be used at all, or null.</summary>
        public static string ReservedFor(int pin)
        {
            if (pin >= 26 && pin <= 32)
            {
                return "SPI0/1: wired to the module's flash/PSRAM on most modules";
            }

            if (pin == 19)
            {
                return "USB_D- of the chip's USB port (USB-Serial-JTAG/OTG)";
            }

            if (pin == 20)
            {
                return "USB_D+ of the chip's USB port (USB-Serial-JTAG/OTG)";
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
                case 3:
                    return "strapping pin: with eFuses it selects the JTAG source";
                case 45:
                    return "strapping pin: sets VDD_SPI voltage, keep low at reset";
                case 46:
                    return "strapping pin: must be low or floating to enter download boot";
                case 43:
                    return "UART0 TXD: console and flashing";
                case 44:
                    return "UART0 RXD: console and flashing";
                case 33:
                case 34:
                case 35:
                case 36:
                case 37:
                    return "used by octal flash/PSRAM on some modules (e.g. ESP32-S3-WROOM-1-N8R8, -WROOM-2)";
                default:
                    return null;
            }
        }
    }
}
