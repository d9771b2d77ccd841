namespace NanoPhone.Hal
{
    /// <summary>Whatever shows the indicators: LEDs on GPIO pins, a recorder in tests, a window in the simulator.</summary>
    public interface ILampOutput
    {
        void SetLamp(Indicator which, bool lit);
    }
}
