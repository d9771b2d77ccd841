namespace NanoPhone.Boards.Rules
{
    /// <summary>The pin rules of each <see cref="ChipFamily"/>; the simulator has 64 unrestricted pins.</summary>
    public static class ChipPinRules
    {
        public const int SimulatorPinCount = 64;

        public static bool Exists(ChipFamily chip, int pin)
        {
            switch (chip)
            {
                case ChipFamily.Esp32:
                    return Esp32PinFacts.Exists(pin);
                case ChipFamily.Esp32S3:
                    return Esp32S3PinFacts.Exists(pin);
                default:
                    return pin >= 0 && pin < SimulatorPinCount;
            }
        }

        public static bool CanOutput(ChipFamily chip, int pin)
        {
            switch (chip)
            {
                case ChipFamily.Esp32:
                    return Esp32PinFacts.Exists(pin) && !Esp32PinFacts.IsInputOnly(pin);
                case ChipFamily.Esp32S3:
                    return Esp32S3PinFacts.Exists(pin) && !Esp32S3PinFacts.IsInputOnly(pin);
                default:
                    return Exists(chip, pin);
            }
        }

        public static bool HasInternalPull(ChipFamily chip, int pin)
        {
            switch (chip)
            {
                case ChipFamily.Esp32:
                    return Esp32PinFacts.HasInternalPull(pin);
                case ChipFamily.Esp32S3:
                    return Esp32S3PinFacts.HasInternalPull(pin);
                default:
                    return Exists(chip, pin);
            }
        }

        /// <summary>Why a pin must not be used at all on this chip, or null.</summary>
        public static string ReservedFor(ChipFamily chip, int pin)
        {
            switch (chip)
            {
                case ChipFamily.Esp32:
                    return Esp32PinFacts.ReservedFor(pin);
                case ChipFamily.Esp32S3:
                    return Esp32S3PinFacts.ReservedFor(pin);
                default:
                    return null;
            }
        }

        /// <summary>Why a usable pin deserves a warning on this chip (strapping, console, PSRAM), or null.</summary>
        public static string CautionFor(ChipFamily chip, int pin)
        {
            switch (chip)
            {
                case ChipFamily.Esp32:
                    return Esp32PinFacts.CautionFor(pin);
                case ChipFamily.Esp32S3:
                    return Esp32S3PinFacts.CautionFor(pin);
                default:
                    return null;
            }
        }
    }
}
