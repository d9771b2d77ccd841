namespace NanoPhone.Boards
{
    /// <summary>Whether the phone drives a pin or reads it.</summary>
    public enum PinDirection
    {
        Input = 0,
        Output = 1,
    }
}
