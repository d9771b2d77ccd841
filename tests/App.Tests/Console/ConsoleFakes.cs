using System.Collections.Generic;
using NanoPhone.App.Config;
using NanoPhone.App.Console;

namespace NanoPhone.App.Tests.Console;

/// <summary>Collects the console's output lines.</summary>
public sealed class RecordingOutput : IConsoleOutput
{
    public List<string> Lines { get; } = new();

    public void WriteLine(string line) => Lines.Add(line);

    public string Text => string.Join("\n", Lines);
}

public sealed class FakeStatus : IPhoneStatus
{
    public string Registration { get; set; } = "registered as sip:alice@example.com";
    public string CallState { get; set; } = "idle";
    public long FreeMemoryBytes { get; set; } = 81920;
}

public sealed class FakeCallLog : ICallLog
{
    public List<string> Entries { get; } = new();
    public int Count => Entries.Count;
    public string Entry(int index) => Entries[index];
}

public sealed class FakeActions : IPhoneActions
{
    public List<string> Calls { get; } = new();
    public void SetSipLog(bool on) => Calls.Add("log " + (on ? "on" : "off"));
    public void Register() => Calls.Add("register");
    public void Reboot() => Calls.Add("reboot");
}

/// <summary>A console over an in-memory store, with every provider attached.</summary>
public sealed class ConsoleRig
{
    public MemoryConfigStorage Storage { get; } = new();
    public PhoneConfig Config { get; } = new();
    public ConfigStore Store { get; }
    public RecordingOutput Output { get; } = new();
    public SerialConsole Console { get; }
    public FakeActions Actions { get; } = new();
    public FakeCallLog CallLog { get; } = new();
    public FakeStatus Status { get; } = new();

    public ConsoleRig()
    {
        Store = new ConfigStore(Storage);
        Console = new SerialConsole(Config, Store, Output)
        {
            Actions = Actions,
            CallLog = CallLog,
            Status = Status,
        };
    }

    /// <summary>Runs one line and returns only what it printed.</summary>
    public List<string> Run(string line)
    {
        int before = Output.Lines.Count;
        Console.Execute(line);
        return Output.Lines.GetRange(before, Output.Lines.Count - before);
    }
}
