namespace NanoPhone.Boards
{
    /// <summary>
    /// A board as data: which GPIO does what. The HAL is handed one of these and opens exactly the pins
    /// named here; nothing about a board lives in code elsewhere. Build one with an object initializer
    /// (see Catalog/) and check it with <see cref="Rules.BoardCheck"/> before use.
    /// </summary>
    /// <remarks>
    /// Wiring conventions the HAL relies on:
    /// keypad rows are outputs driven high one at a time; keypad columns are inputs pulled down (a pressed
    /// key connects its row to its column); direct keys and the hook switch close to GND and are pulled up
    /// (internally unless the board says an external resistor is fitted); LEDs light when driven
    /// <see cref="LedsActiveHigh"/>; the buzzer pin carries a PWM tone. Audio, when fitted, is one I2S
    /// bus that the chip drives as master: BCLK and WS go to both the microphone (INMP441 class: SCK, WS)
    /// and the amplifier (MAX98357A class: BCLK, LRC), data out to the amplifier's DIN, data in from the
    /// microphone's SD; the amplifier's SD_MODE pin, when wired to a GPIO, switches it on (high) and off.
    /// </remarks>
    public sealed class BoardPins
    {
        /// <summary>Marks an optional pin as absent.</summary>
        public const int NotFitted = -1;

        public BoardPins(string id, string description, ChipFamily chip)
        {
            Id = id;
            Description = description;
            Chip = chip;
            KeypadRowPins = new int[0];
            KeypadColumnPins = new int[0];
            KeyLayout = new string[0];
            DirectKeyPins = new int[0];
            DirectKeyLabels = "";
            HookPin = NotFitted;
            BuzzerPin = NotFitted;
            LedRegisteredPin = NotFitted;
            LedMessageWaitingPin = NotFitted;
            LedDndPin = NotFitted;
            LedInCallPin = NotFitted;
            LedsActiveHigh = true;
            I2sBitClockPin = NotFitted;
            I2sWordSelectPin = NotFitted;
            I2sDataOutPin = NotFitted;
            I2sDataInPin = NotFitted;
            AmplifierEnablePin = NotFitted;
            RelayPin = NotFitted;
            RelayActiveHigh = true;
        }

        /// <summary>The name a configuration uses to choose this board, e.g. "esp32-devkitc".</summary>
        public string Id { get; }

        public string Description { get; }

        public ChipFamily Chip { get; }

        /// <summary>Matrix rows, driven high one at a time while the columns are read.</summary>
        public int[] KeypadRowPins { get; set; }

        /// <summary>Matrix columns, inputs with pull-down.</summary>
        public int[] KeypadColumnPins { get; set; }

        /// <summary>One string per row, one <see cref="KeyLabels"/> character per column.</summary>
        public string[] KeyLayout { get; set; }

        /// <summary>Keys wired straight to a pin (switch to GND), e.g. a board's BOOT button.</summary>
        public int[] DirectKeyPins { get; set; }

        /// <summary>One <see cref="KeyLabels"/> character per entry of <see cref="DirectKeyPins"/>.</summary>
        public string DirectKeyLabels { get; set; }

        /// <summary>True when the direct keys have external pull-up resistors fitted.</summary>
        public bool DirectKeysExternalPullUp { get; set; }

        /// <summary>The hook switch: closes to GND.</summary>
        public int HookPin { get; set; }

        /// <summary>True when the hook switch has an external pull-up resistor (needed on ESP32 GPIO34-39).</summary>
        public bool HookExternalPullUp { get; set; }

        /// <summary>True when the hook contact is closed while the handset is lifted.</summary>
        public bool HookClosedWhenOffHook { get; set; }

        /// <summary>The passive buzzer, driven with a PWM tone.</summary>
        public int BuzzerPin { get; set; }

        public int LedRegisteredPin { get; set; }

        public int LedMessageWaitingPin { get; set; }

        public int LedDndPin { get; set; }

        public int LedInCallPin { get; set; }

        public bool LedsActiveHigh { get; set; }

        /// <summary>I2S bit clock (BCLK/SCK), driven by the chip to the microphone and the amplifier.</summary>
        public int I2sBitClockPin { get; set; }

        /// <summary>I2S word select (WS/LRCLK), driven by the chip to the microphone and the amplifier.</summary>
        public int I2sWordSelectPin { get; set; }

        /// <summary>I2S data from the chip to the amplifier's DIN (what the phone plays).</summary>
        public int I2sDataOutPin { get; set; }

        /// <summary>I2S data from the microphone's SD to the chip (what the phone sends).</summary>
        public int I2sDataInPin { get; set; }

        /// <summary>The amplifier's shutdown/enable input (MAX98357A SD_MODE): high plays, low shuts it
        /// down. Optional: without it the amplifier stays on and plays silence while the route is off.</summary>
        public int AmplifierEnablePin { get; set; }

        /// <summary>True when the board has the I2S audio: the four bus pins fitted.</summary>
        public bool HasAudio
        {
            get
            {
                return I2sBitClockPin != NotFitted && I2sWordSelectPin != NotFitted
                    && I2sDataOutPin != NotFitted && I2sDataInPin != NotFitted;
            }
        }
        /// <summary>The door opener: a relay (through a transistor or a relay module) pulsed to release a door strike.</summary>
        public int RelayPin { get; set; }

        /// <summary>True when the relay is energised by driving its pin high (most modules with an NPN driver).</summary>
        public bool RelayActiveHigh { get; set; }

        /// <summary>Every pin the board uses, with direction and purpose; absent pins are left out.</summary>
        public PinUse[] Uses()
        {
            PinUse[] all = new PinUse[KeypadRowPins.Length + KeypadColumnPins.Length + DirectKeyPins.Length + 12];
            int n = 0;
            for (int i = 0; i < KeypadRowPins.Length; i++)
            {
                all[n++] = new PinUse(KeypadRowPins[i], PinDirection.Output, false, "keypad row " + i.ToString());
            }

            for (int i = 0; i < KeypadColumnPins.Length; i++)
            {
                all[n++] = new PinUse(KeypadColumnPins[i], PinDirection.Input, true, "keypad column " + i.ToString());
            }

            for (int i = 0; i < DirectKeyPins.Length; i++)
            {
                string label = i < DirectKeyLabels.Length ? DirectKeyLabels.Substring(i, 1) : "?";
                all[n++] = new PinUse(DirectKeyPins[i], PinDirection.Input, !DirectKeysExternalPullUp, "key " + label);
            }

            n = AddIfFitted(all, n, HookPin, PinDirection.Input, !HookExternalPullUp, "hook switch");
            n = AddIfFitted(all, n, BuzzerPin, PinDirection.Output, false, "buzzer");
            n = AddIfFitted(all, n, LedRegisteredPin, PinDirection.Output, false, "LED registered");
            n = AddIfFitted(all, n, LedMessageWaitingPin, PinDirection.Output, false, "LED message waiting");
            n = AddIfFitted(all, n, LedDndPin, PinDirection.Output, false, "LED DND");
            n = AddIfFitted(all, n, LedInCallPin, PinDirection.Output, false, "LED in call");
            n = AddIfFitted(all, n, I2sBitClockPin, PinDirection.Output, false, "I2S BCLK");
            n = AddIfFitted(all, n, I2sWordSelectPin, PinDirection.Output, false, "I2S WS");
            n = AddIfFitted(all, n, I2sDataOutPin, PinDirection.Output, false, "I2S data out");
            n = AddIfFitted(all, n, I2sDataInPin, PinDirection.Input, false, "I2S data in");
            n = AddIfFitted(all, n, AmplifierEnablePin, PinDirection.Output, false, "amplifier enable");
            n = AddIfFitted(all, n, RelayPin, PinDirection.Output, false, "door relay");

            PinUse[] used = new PinUse[n];
            for (int i = 0; i < n; i++)
            {
                used[i] = all[i];
            }

            return used;
        }

        /// <summary>The key label at a matrix position, or <see cref="KeyLabels.NoKey"/> outside the layout.</summary>
        public char KeyLabelAt(int row, int column)
        {
            if (row < 0 || row >= KeyLayout.Length || column < 0 || column >= KeyLayout[row].Length)
            {
                return KeyLabels.NoKey;
            }

            return KeyLayout[row][column];
        }

        public override string ToString()
        {
            return Id;
        }

        private static int AddIfFitted(PinUse[] all, int n, int pin, PinDirection direction, bool needsPull, string function)
        {
            if (pin == NotFitted)
            {
                return n;
            }

            all[n] = new PinUse(pin, direction, needsPull, function);
            return n + 1;
        }
    }
}
