namespace NanoPhone.App.Console;

/// <summary>A command the host adds to the console (the simulator's offhook, onhook, key, call).</summary>
public interface IConsoleCommand
{
    /// <summary>Runs with the rest of the line after the command name (trimmed, possibly empty).</summary>
    void Run(string args, IConsoleOutput output);
}
