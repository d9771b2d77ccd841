namespace NanoPhone.Hal.Gpio
{
    /// <summary>A raw contact change: <paramref name="closed"/> is true when the switch connects its pin to GND.</summary>
    public delegate void ContactChangedHandler(bool closed, long atMs);
}
