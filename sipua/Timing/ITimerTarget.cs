namespace NanoPhone.Sip.Timing;

/// <summary>
/// Receives timers from a TimerQueue. timerKind and cookie are whatever the scheduler passed
/// (e.g. "Timer E" and a transaction's pool index); the queue gives them back unchanged.
/// </summary>
public interface ITimerTarget
{
    void OnTimer(int timerKind, int cookie);
}
