namespace NanoPhone.Hal
{
    /// <summary>Whatever makes the ringing sound: a PWM buzzer on a board, a recorder in tests.</summary>
    public interface IToneOutput
    {
        void ToneOn(int frequencyHz);

        void ToneOff();
    }
}
