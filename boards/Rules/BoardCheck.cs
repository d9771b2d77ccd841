namespace NanoPhone.Boards.Rules
{
    /// <summary>
    /// Checks a <see cref="BoardPins"/> against its chip's rules (<see cref="ChipPinRules"/>) and the
    /// phone's needs. Errors: a pin the chip lacks or reserves (flash, USB), an output on an input-only
    /// pin, an internal pull asked of a pin without one, a pin used twice, a keypad layout that does not
    /// fit its pins, a key missing or doubled, no hook switch or buzzer, an I2S bus with some of its four
    /// pins missing, an amplifier enable pin without the bus. Warnings: pins that work but
    /// bite (strapping pins, UART0, PSRAM pins).
    /// </summary>
    public static class BoardCheck
    {
        public static BoardReport Run(BoardPins board)
        {
            TextList errors = new TextList();
            TextList warnings = new TextList();
            PinUse[] uses = board.Uses();

            for (int i = 0; i < uses.Length; i++)
            {
                CheckPin(board.Chip, uses[i], errors, warnings);
                for (int j = 0; j < i; j++)
                {
                    if (uses[j].Pin == uses[i].Pin)
                    {
                        errors.Add("GPIO" + uses[i].Pin.ToString() + " used twice: " + uses[j].Function + " and " + uses[i].Function);
                    }
                }
            }

            CheckLayout(board, errors);
            CheckEveryKeyOnce(board, errors);
            if (board.HookPin == BoardPins.NotFitted)
            {
                errors.Add("no hook switch pin");
            }

            if (board.BuzzerPin == BoardPins.NotFitted)
            {
                errors.Add("no buzzer pin");
            }

            CheckAudio(board, errors);
            return new BoardReport(board.Id, errors.ToArray(), warnings.ToArray());
        }

        private static void CheckPin(ChipFamily chip, PinUse use, TextList errors, TextList warnings)
        {
            string name = use.ToString();
            if (!ChipPinRules.Exists(chip, use.Pin))
            {
                errors.Add(name + ": no such GPIO on this chip");
                return;
            }

            string reserved = ChipPinRules.ReservedFor(chip, use.Pin);
            if (reserved != null)
            {
                errors.Add(name + ": reserved, " + reserved);
            }

            if (use.Direction == PinDirection.Output && !ChipPinRules.CanOutput(chip, use.Pin))
            {
                errors.Add(name + ": output on an input-only pin");
            }

            if (use.NeedsInternalPull && !ChipPinRules.HasInternalPull(chip, use.Pin))
            {
                errors.Add(name + ": needs an internal pull resistor, this pin has none (fit an external one)");
            }

            string caution = ChipPinRules.CautionFor(chip, use.Pin);
            if (caution != null)
            {
                warnings.Add(name + ": " + caution);
            }
        }

        /// <summary>Audio is optional, but its bus is whole or absent: BCLK and WS clock both chips, the
        /// microphone needs data in and the amplifier data out.</summary>
        private static void CheckAudio(BoardPins board, TextList errors)
        {
            string missing = "";
            int fitted = 0;
            missing = Missing(board.I2sBitClockPin, "BCLK", missing, ref fitted);
            missing = Missing(board.I2sWordSelectPin, "WS", missing, ref fitted);
            missing = Missing(board.I2sDataOutPin, "data out", missing, ref fitted);
            missing = Missing(board.I2sDataInPin, "data in", missing, ref fitted);
            if (fitted > 0 && fitted < 4)
            {
                errors.Add("I2S audio needs BCLK, WS, data out and data in; missing: " + missing);
            }

            if (board.AmplifierEnablePin != BoardPins.NotFitted && fitted < 4)
            {
                errors.Add("amplifier enable pin without the I2S audio");
            }

            // A MAX98357A breakout pulls SD_MODE up (to select its channel): on the ESP32's MTDI strap
            // that selects 1.8 V flash at reset, and the module does not boot.
            if (board.Chip == ChipFamily.Esp32 && board.AmplifierEnablePin == 12)
            {
                errors.Add("GPIO12 (amplifier enable): the amplifier's SD_MODE pull-up would hold the MTDI strap high at reset (1.8 V flash)");
            }
        }

        private static string Missing(int pin, string name, string missing, ref int fitted)
        {
            if (pin != BoardPins.NotFitted)
            {
                fitted++;
                return missing;
            }

            return missing.Length == 0 ? name : missing + ", " + name;
        }

        private static void CheckLayout(BoardPins board, TextList errors)
        {
            int rows = board.KeypadRowPins.Length;
            int columns = board.KeypadColumnPins.Length;
            if (board.KeyLayout.Length != rows)
            {
                errors.Add("key layout has " + board.KeyLayout.Length.ToString() + " rows for " + rows.ToString() + " row pins");
            }

            for (int r = 0; r < board.KeyLayout.Length; r++)
            {
                string row = board.KeyLayout[r];
                if (row.Length != columns)
                {
                    errors.Add("key layout row " + r.ToString() + " has " + row.Length.ToString() + " keys for " + columns.ToString() + " column pins");
                }

                CheckLabels(row, "key layout row " + r.ToString(), errors);
            }

            if (board.DirectKeyLabels.Length != board.DirectKeyPins.Length)
            {
                errors.Add("direct keys: " + board.DirectKeyLabels.Length.ToString() + " labels for " + board.DirectKeyPins.Length.ToString() + " pins");
            }

            CheckLabels(board.DirectKeyLabels, "direct keys", errors);
        }

        private static void CheckLabels(string labels, string where, TextList errors)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                if (!KeyLabels.IsKnown(labels[i]))
                {
                    errors.Add(where + ": unknown key label '" + labels.Substring(i, 1) + "'");
                }
            }
        }

        private static void CheckEveryKeyOnce(BoardPins board, TextList errors)
        {
            string all = board.DirectKeyLabels;
            for (int r = 0; r < board.KeyLayout.Length; r++)
            {
                all = all + board.KeyLayout[r];
            }

            for (int k = 0; k < KeyLabels.Required.Length; k++)
            {
                char key = KeyLabels.Required[k];
                int count = 0;
                for (int i = 0; i < all.Length; i++)
                {
                    if (all[i] == key)
                    {
                        count++;
                    }
                }

                if (count == 0)
                {
                    errors.Add("key '" + KeyLabels.Required.Substring(k, 1) + "' is missing");
                }
                else if (count > 1)
                {
                    errors.Add("key '" + KeyLabels.Required.Substring(k, 1) + "' appears " + count.ToString() + " times");
                }
            }
        }
    }
}
