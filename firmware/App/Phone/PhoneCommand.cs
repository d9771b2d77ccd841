using NanoPhone.App.Console;

namespace NanoPhone.App.Phone;

/// <summary>
/// The console's call commands, added to its registry by <see cref="PhoneApp.AttachTo"/> (so the
/// device's serial console and the simulator both have them). They run on the loop thread, as every
/// console line does. Success prints nothing (the event lines DIALING, ENDED, HOLD... say what
/// happened); a refusal prints one "error: ..." line that never repeats what was typed.
/// <code>
/// call NUMBER|URI     place a call: digits become sip:NUMBER@domain, a SIP URI is used as is;
///                     the handset may stay down (hands-free, as if off-hook)
/// hangup              end the call (BYE), or stop calling (CANCEL); not a call ringing here
/// hold | resume       put the answered call on hold (re-INVITE a=sendonly) or take it off
/// swap                with a call held beside the one talked on: take it back, hold the other
/// transfer [URI]      send the call to URI (blind, REFER); without URI, join the held call to the
///                     one talked on (attended: REFER with Replaces)
/// conference          with a call held beside the one talked on: join the two (the phone mixes
///                     their audio); hangup then ends both
/// </code>
/// </summary>
internal sealed class PhoneCommand : IConsoleCommand
{
    private const int CallCommand = 0;
    private const int HangUpCommand = 1;
    private const int HoldCommand = 2;
    private const int ResumeCommand = 3;
    private const int SwapCommand = 4;
    private const int TransferCommand = 5;
    private const int ConferenceCommand = 6;

    private readonly PhoneApp _app;
    private readonly int _kind;

    private PhoneCommand(PhoneApp app, int kind)
    {
        _app = app;
        _kind = kind;
    }

    /// <summary>Adds call, hangup, hold and resume (a name already taken is left as it is).</summary>
    public static void AddTo(ConsoleCommandRegistry commands, PhoneApp app)
    {
        commands.Add("call", "call NUMBER|URI", "call a number or SIP URI (the handset may stay down: hands-free)", new PhoneCommand(app, CallCommand));
        commands.Add("hangup", "hangup", "end the call, or stop calling", new PhoneCommand(app, HangUpCommand));
        commands.Add("hold", "hold", "put the call on hold", new PhoneCommand(app, HoldCommand));
        commands.Add("resume", "resume", "take the call off hold", new PhoneCommand(app, ResumeCommand));
        commands.Add("swap", "swap", "take back the held call, hold the other", new PhoneCommand(app, SwapCommand));
        commands.Add("conference", "conference", "join the held call and this one in a 3-way conference (hangup ends both)", new PhoneCommand(app, ConferenceCommand));
        commands.Add("transfer", "transfer [NUMBER|URI]", "send the call on (blind); no target: join the held call to this one (attended)", new PhoneCommand(app, TransferCommand));
    }

    public void Run(string args, IConsoleOutput output)
    {
        string error;
        switch (_kind)
        {
            case CallCommand:
                if (args.Length == 0) { output.WriteLine("error: usage: call NUMBER|URI"); return; }
                if (_app.Dial(args, out error) == 0) output.WriteLine("error: " + WithoutTarget(error, args));
                return;
            case HangUpCommand:
                if (args.Length > 0) { output.WriteLine("error: usage: hangup (no arguments)"); return; }
                if (!_app.HangUp()) output.WriteLine("error: no call to hang up");
                return;
            case SwapCommand:
                if (args.Length > 0) { output.WriteLine("error: usage: swap (no arguments)"); return; }
                if (!_app.Swap(out error)) output.WriteLine("error: " + error);
                return;
            case ConferenceCommand:
                if (args.Length > 0) { output.WriteLine("error: usage: conference (no arguments)"); return; }
                if (!_app.StartConference(out error)) output.WriteLine("error: " + error);
                return;
            case TransferCommand:
                if (args.Length == 0 && !_app.CanTransferAttended) { output.WriteLine("error: usage: transfer NUMBER|URI (or, with a call held beside this one, transfer)"); return; }
                if (!_app.Transfer(args, out error)) output.WriteLine("error: " + WithoutTarget(error, args));
                return;
            default:
                bool hold = _kind == HoldCommand;
                if (args.Length > 0) { output.WriteLine("error: usage: " + (hold ? "hold" : "resume") + " (no arguments)"); return; }
                if (!_app.Hold(hold, out error)) output.WriteLine("error: " + error);
                return;
        }
    }

    /// <summary>The console never repeats what was typed in an error (it might be a secret typed in the wrong place).</summary>
    private static string WithoutTarget(string error, string typed)
    {
        if (error == null || error.Length == 0) return "cannot call";
        int at = error.IndexOf(": " + typed);
        return at > 0 ? error.Substring(0, at) : error;
    }
}
