namespace NanoPhone.Sip.Timing;

/// <summary>A monotonic millisecond clock: never goes back, unaffected by wall-clock changes.</summary>
public interface IClock
{
    long NowMs { get; }
}
