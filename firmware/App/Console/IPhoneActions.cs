namespace NanoPhone.App.Console;

/// <summary>Actions the console asks the phone app for.</summary>
public interface IPhoneActions
{
    /// <summary>Starts or stops printing SIP messages (<c>log sip on|off</c>).</summary>
    void SetSipLog(bool on);

    /// <summary>Registers again now (<c>register</c>).</summary>
    void Register();

    /// <summary>Restarts the phone (<c>reboot</c>); may not return.</summary>
    void Reboot();
}
