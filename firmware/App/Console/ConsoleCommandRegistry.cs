using NanoPhone.App.Config;

namespace NanoPhone.App.Console;

/// <summary>The commands a host added to the console: name (lower case), usage, one line of help, handler.</summary>
public sealed class ConsoleCommandRegistry
{
    private string[] _names = NanoPhone.Sip.Text.Strings.NewArray(4);
    private string[] _usages = NanoPhone.Sip.Text.Strings.NewArray(4);
    private string[] _helps = NanoPhone.Sip.Text.Strings.NewArray(4);
    private IConsoleCommand[] _handlers = new IConsoleCommand[4];
    private readonly string[] _reserved;

    /// <param name="reserved">Names that may not be added (the built-in commands).</param>
    public ConsoleCommandRegistry(string[] reserved)
    {
        _reserved = reserved;
    }

    public int Count { get; private set; }

    /// <summary>
    /// Adds a command. <paramref name="usage"/> is how to call it, e.g. "key K". False when the name
    /// is taken, empty or holds a space or control character.
    /// </summary>
    public bool Add(string name, string usage, string help, IConsoleCommand handler)
    {
        if (name == null || name.Length == 0 || handler == null) return false;
        for (int i = 0; i < name.Length; i++)
        {
            if (ConfigText.IsBlank(name[i]) || ConfigText.IsControl(name[i])) return false;
        }
        name = ConfigText.ToLower(name);
        if (IndexOf(name) >= 0) return false;
        for (int i = 0; i < _reserved.Length; i++) if (_reserved[i] == name) return false;
        if (Count == _names.Length) Grow();
        _names[Count] = name;
        _usages[Count] = usage == null || usage.Length == 0 ? name : usage;
        _helps[Count] = help == null ? "" : help;
        _handlers[Count] = handler;
        Count++;
        return true;
    }

    /// <summary>Index of the command called <paramref name="name"/> (lower case), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Count; i++) if (_names[i] == name) return i;
        return -1;
    }

    public string Name(int index) { return _names[index]; }

    public string Usage(int index) { return _usages[index]; }

    public string Help(int index) { return _helps[index]; }

    public IConsoleCommand Handler(int index) { return _handlers[index]; }

    private void Grow()
    {
        int n = _names.Length * 2;
        string[] names = NanoPhone.Sip.Text.Strings.NewArray(n), usages = NanoPhone.Sip.Text.Strings.NewArray(n), helps = NanoPhone.Sip.Text.Strings.NewArray(n);
        IConsoleCommand[] handlers = new IConsoleCommand[n];
        System.Array.Copy(_names, names, Count);
        System.Array.Copy(_usages, usages, Count);
        System.Array.Copy(_helps, helps, Count);
        System.Array.Copy(_handlers, handlers, Count);
        _names = names; _usages = usages; _helps = helps; _handlers = handlers;
    }
}
