using NanoPhone.Boards;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>Turns the key labels of a <see cref="BoardPins"/> into <see cref="PhoneKey"/>s.</summary>
    public static class BoardKeyMap
    {
        public static PhoneKey FromLabel(char label)
        {
            switch (label)
            {
                case KeyLabels.Answer:
                    return PhoneKey.Answer;
                case KeyLabels.HangUp:
                    return PhoneKey.HangUp;
                case KeyLabels.Dnd:
                    return PhoneKey.Dnd;
                case KeyLabels.Forward:
                    return PhoneKey.Forward;
                case KeyLabels.Redial:
                    return PhoneKey.Redial;
                case KeyLabels.Transfer:
                    return PhoneKey.Transfer;
                case KeyLabels.Speaker:
                    return PhoneKey.Speaker;
                case KeyLabels.Mute:
                    return PhoneKey.Mute;
                case KeyLabels.VolumeUp:
                    return PhoneKey.VolumeUp;
                case KeyLabels.VolumeDown:
                    return PhoneKey.VolumeDown;
                default:
                    return PhoneKeys.FromDialChar(label);
            }
        }

        /// <summary>The key at each matrix position, row by row (index = row * columns + column).</summary>
        public static PhoneKey[] MatrixKeys(BoardPins board)
        {
            int columns = board.KeypadColumnPins.Length;
            PhoneKey[] keys = new PhoneKey[board.KeypadRowPins.Length * columns];
            for (int r = 0; r < board.KeypadRowPins.Length; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    keys[r * columns + c] = FromLabel(board.KeyLabelAt(r, c));
                }
            }

            return keys;
        }
    }
}
