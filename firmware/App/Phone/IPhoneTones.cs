namespace NanoPhone.App.Phone;

/// <summary>
/// The tones the phone plays in the earpiece (not the ringer), through the media path: the call
/// waiting beep (the media core's ToneKind.CallWaiting) while a second caller waits during a call.
/// Called on the loop thread; a tone already in the state asked for is left as it is.
/// </summary>
public interface IPhoneTones
{
    void CallWaiting(bool on);
}
