namespace NanoPhone.App.Console;

/// <summary>Where the console writes its answers, one line at a time (without the line ending): COM2 on the device, stdout on a PC.</summary>
public interface IConsoleOutput
{
    void WriteLine(string line);
}
