namespace NanoPhone.Hal
{
    /// <summary>The phone's indicator lamps. Values are dense from 0 (see <see cref="Indicators.Count"/>).</summary>
    public enum Indicator
    {
        Registered = 0,
        MessageWaiting = 1,
        Dnd = 2,
        InCall = 3,
    }
}
