namespace NanoPhone.App.Phone;

/// <summary>
/// Where the phone app reports what happens, one line per event, keyword first (see
/// <see cref="PhoneEventLines"/> for the format): the desktop simulator prints them on stdout, the
/// device may write them to its serial console, tests record them. Called on the loop thread.
/// </summary>
public interface IPhoneEventSink
{
    void PhoneEvent(string line);
}
