namespace NanoPhone.Boards
{
    /// <summary>One use of one pin by a board: what it is for, which way it goes, and whether it needs
    /// the chip's internal pull resistor (no external resistor fitted).</summary>
    public sealed class PinUse
    {
        public PinUse(int pin, PinDirection direction, bool needsInternalPull, string function)
        {
            Pin = pin;
            Direction = direction;
            NeedsInternalPull = needsInternalPull;
            Function = function;
        }

        public int Pin { get; }

        public PinDirection Direction { get; }

        public bool NeedsInternalPull { get; }

        /// <summary>A short name such as "keypad row 1" or "LED in call", used in check messages.</summary>
        public string Function { get; }

        public override string ToString()
        {
            return "GPIO" + Pin.ToString() + " (" + Function + ")";
        }
    }
}
