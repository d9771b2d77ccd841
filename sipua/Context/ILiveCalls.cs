namespace NanoPhone.Sip.Context;

/// <summary>Whether the phone has a call now (ringing, being placed, talking); the calls answer it.</summary>
public interface ILiveCalls
{
    bool HasLive { get; }
}
