using NanoPhone.App.Config;

namespace NanoPhone.App.Console;

/// <summary>
/// The serial console: a line-oriented command interpreter shared by the device's COM2 and the
/// desktop's stdin/stdout. <see cref="Execute"/> takes one line and writes the answer through
/// <see cref="IConsoleOutput"/>. Bad input gets one line "error: ..." and changes nothing; no input
/// makes it throw. Secrets are never written: values show masked, and errors never repeat what was
/// typed (a value, or a secret typed where a key or command belongs), only known names.
/// </summary>
public sealed class SerialConsole
{
    /// <summary>Longer lines are refused whole.</summary>
    public const int MaxLineLength = 512;

    internal static readonly string[] BuiltIns =
        { "help", "show", "set", "unset", "save", "status", "calls", "log", "register", "reboot" };

    private static readonly string[] BuiltInUsage =
    {
        "help [COMMAND|KEY|keys]", "show [PREFIX]", "set KEY VALUE", "unset KEY", "save", "status", "calls",
        "log sip on|off", "register", "reboot",
    };

    private static readonly string[] BuiltInHelp =
    {
        "this list; one command or setting in detail; all settings",
        "settings whose key starts with PREFIX (secrets masked)",
        "change a setting (checked; save keeps it); escapes \\\\ \\n \\r \\t \\s",
        "put a setting back to its default",
        "write the settings to storage",
        "registration, call state, free memory",
        "the call log, most recent first",
        "print SIP messages, or stop",
        "register again now",
        "restart the phone",
    };

    private readonly IConsoleOutput _out;
    private readonly SettingsCommands _settings;

    /// <param name="store">Where <c>save</c> writes; null if the host has no storage.</param>
    public SerialConsole(PhoneConfig config, ConfigStore store, IConsoleOutput output)
    {
        if (config == null) throw new System.ArgumentNullException("config");
        if (output == null) throw new System.ArgumentNullException("output");
        _out = output;
        _settings = new SettingsCommands(config, store, output);
        Commands = new ConsoleCommandRegistry(BuiltIns);
    }

    /// <summary>The host's extra commands.</summary>
    public ConsoleCommandRegistry Commands { get; }

    /// <summary>Source of <c>status</c>; null until the app provides one.</summary>
    public IPhoneStatus Status { get; set; }

    /// <summary>Source of <c>calls</c>; null until the app provides one.</summary>
    public ICallLog CallLog { get; set; }

    /// <summary>Where <c>log</c>, <c>register</c> and <c>reboot</c> go; null until the app provides it.</summary>
    public IPhoneActions Actions { get; set; }

    /// <summary>The host's values in effect (the port it bound), shown by <c>show</c> and <c>help KEY</c>; may be null.</summary>
    public ISettingsInEffect SettingsInEffect
    {
        get { return _settings.InEffect; }
        set { _settings.InEffect = value; }
    }

    /// <summary>Runs one line of input (its line ending may be included). Never throws.</summary>
    public void Execute(string line)
    {
        try
        {
            Run(line);
        }
        catch (System.Exception)
        {
            try { _out.WriteLine("error: internal error"); } catch (System.Exception) { }
        }
    }

    private void Run(string line)
    {
        string error;
        string text = ConsoleLine.Clean(line, out error);
        if (error != null) { Error(error); return; }
        if (text.Length == 0) return;
        int blank = ConfigText.IndexOfBlank(text, 0);
        string name = ConfigText.ToLower(blank < 0 ? text : text.Substring(0, blank));
        string args = blank < 0 ? "" : ConfigText.Trim(text.Substring(blank));
        switch (name)
        {
            case "help": Help(args); return;
            case "show": _settings.Show(args); return;
            case "set": _settings.Set(args); return;
            case "unset": _settings.Unset(args); return;
            case "save": if (NoArgs(name, args)) _settings.Save(); return;
            case "status": if (NoArgs(name, args)) ShowStatus(); return;
            case "calls": if (NoArgs(name, args)) ShowCalls(); return;
            case "log": Log(args); return;
            case "register": if (NoArgs(name, args) && Available()) { _out.WriteLine("registering"); Actions.Register(); } return;
            case "reboot": if (NoArgs(name, args) && Available()) Reboot(); return;
        }
        int extra = Commands.IndexOf(name);
        if (extra < 0)
        {
            Error("unknown command (help lists them)");
            return;
        }
        try
        {
            Commands.Handler(extra).Run(args, _out);
        }
        catch (System.Exception)
        {
            Error(name + " failed");
        }
    }

    private void Help(string topic)
    {
        if (topic.Length == 0)
        {
            for (int i = 0; i < BuiltIns.Length; i++) _out.WriteLine(HelpLine(BuiltInUsage[i], BuiltInHelp[i]));
            for (int i = 0; i < Commands.Count; i++) _out.WriteLine(HelpLine(Commands.Usage(i), Commands.Help(i)));
            return;
        }
        string t = ConfigText.ToLower(topic);
        for (int i = 0; i < BuiltIns.Length; i++)
        {
            if (BuiltIns[i] == t) { _out.WriteLine(HelpLine(BuiltInUsage[i], BuiltInHelp[i])); return; }
        }
        int extra = Commands.IndexOf(t);
        if (extra >= 0) { _out.WriteLine(HelpLine(Commands.Usage(extra), Commands.Help(extra))); return; }
        _settings.HelpKeys(topic);
    }

    private static string HelpLine(string usage, string help)
    {
        return "  " + usage.PadRight(26, ' ') + help;
    }

    private void ShowStatus()
    {
        IPhoneStatus s = Status;
        long free = s == null ? -1 : s.FreeMemoryBytes;
        _out.WriteLine("registration: " + (s == null ? "unknown" : s.Registration));
        _out.WriteLine("call: " + (s == null ? "unknown" : s.CallState));
        IMessageStatus messages = s as IMessageStatus;
        if (messages != null) _out.WriteLine("messages: " + messages.Messages);
        _out.WriteLine("free memory: " + (free < 0 ? "unknown" : free.ToString() + " bytes"));
        _out.WriteLine("settings: " + (_settings.IsDirty ? "unsaved changes" : "saved"));
    }

    private void ShowCalls()
    {
        ICallLog log = CallLog;
        if (log == null) { _out.WriteLine("(no call log)"); return; }
        int n = log.Count;
        if (n == 0) { _out.WriteLine("(no calls)"); return; }
        for (int i = 0; i < n; i++) _out.WriteLine(log.Entry(i));
    }

    private void Log(string args)
    {
        string a = ConfigText.ToLower(args);
        int blank = ConfigText.IndexOfBlank(a, 0);
        string what = blank < 0 ? a : a.Substring(0, blank);
        string state = blank < 0 ? "" : ConfigText.Trim(a.Substring(blank));
        if (what != "sip" || (state != "on" && state != "off")) { Error("usage: log sip on|off"); return; }
        if (!Available()) return;
        Actions.SetSipLog(state == "on");
        _out.WriteLine("sip log " + state);
    }

    private void Reboot()
    {
        _out.WriteLine(_settings.IsDirty ? "rebooting (unsaved changes are lost)" : "rebooting");
        Actions.Reboot();
    }

    private bool Available()
    {
        if (Actions != null) return true;
        Error("not available yet");
        return false;
    }

    private bool NoArgs(string name, string args)
    {
        if (args.Length == 0) return true;
        Error("usage: " + name + " (no arguments)");
        return false;
    }

    private void Error(string message) { _out.WriteLine("error: " + message); }
}
