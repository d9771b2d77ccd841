using NanoPhone.App.Config;
using NanoPhone.Sip.Agent;

namespace NanoPhone.App.Phone;

/// <summary>
/// Placing our own calls. With the handset up and no call, digits (0-9, *) are collected; <c>#</c>
/// dials them at once, otherwise <c>dial.timeout.seconds</c> after the last digit does (on the loop
/// clock). The redial key dials the last number again, the console's <c>call</c> anything; the
/// dialled text goes to CallManager.Dial (digits become sip:digits@domain).
/// </summary>
internal sealed class Dialling
{
    /// <summary>Digits the keypad collects for one number; more are ignored.</summary>
    public const int MaxDigits = 32;

    private readonly PhoneConfig _config;
    private readonly UserAgent _agent;
    private readonly PhoneOutput _out;
    private readonly char[] _digits = new char[MaxDigits];
    private int _digitCount;
    private long _dialAtMs;
    private string _lastDialled;
    private int _transferCall;

    public Dialling(PhoneConfig config, UserAgent agent, PhoneOutput output)
    {
        _config = config;
        _agent = agent;
        _out = output;
    }

    /// <summary>The digits typed so far, or "".</summary>
    public string Digits { get { return new string(_digits, 0, _digitCount); } }

    /// <summary>How many digits are typed so far (0: none; the dial tone plays).</summary>
    public int Count { get { return _digitCount; } }

    /// <summary>What the redial key dials: the last number or URI a call was placed to, or null.</summary>
    public string LastDialled { get { return _lastDialled; } }

    /// <summary>Drops the digits typed so far.</summary>
    public void Clear()
    {
        _digitCount = 0;
        _transferCall = 0;
    }

    /// <summary>
    /// The transfer key with one call: the digits typed next (# or the timeout ends them) are where
    /// call number goes, by a blind transfer, instead of a new call.
    /// </summary>
    public void StartTransfer(int number)
    {
        _digitCount = 0;
        _transferCall = number;
    }

    /// <summary>True while digits are collected for a transfer target.</summary>
    public bool IsTransferring { get { return _transferCall != 0; } }

    /// <summary>A dial key (handset up, no call): # dials what was typed, anything else is collected.</summary>
    public void Key(char c, long atMs)
    {
        if (c == '\0') return;
        if (c == '#')
        {
            if (_digitCount > 0) DialDigits();
            return;
        }
        if (_digitCount == MaxDigits) return;
        _digits[_digitCount++] = c;
        _dialAtMs = atMs + TimeoutMs();
        _out.Emit(PhoneEventLines.Digits(Digits));
    }

    /// <summary>The loop's turn: dials the digits once the inter-digit timeout has passed.</summary>
    public void Poll(long nowMs)
    {
        if (_digitCount > 0 && nowMs >= _dialAtMs) DialDigits();
    }

    private long TimeoutMs()
    {
        int seconds = _config.GetInt(ConfigKeys.DialTimeoutSeconds, 4);
        return (seconds < 1 ? 1 : seconds) * 1000L;
    }

    private void DialDigits()
    {
        if (_transferCall != 0)
        {
            int call = _transferCall;
            string target = Digits;
            Clear();
            string error = _agent.Calls.Transfer(call, target);
            if (error != null) _out.Emit(PhoneEventLines.Unavailable("TRANSFER", error));
            return;
        }
        string why;
        if (Dial(Digits, out why) == 0) _out.Emit(PhoneEventLines.Unavailable("DIAL", why));
    }

    /// <summary>The redial key while idle: the last target again.</summary>
    public void Redial()
    {
        if (_lastDialled == null)
        {
            Clear();
            _out.Emit(PhoneEventLines.Unavailable("DIAL", "nothing to redial"));
            return;
        }
        string why;
        if (Dial(_lastDialled, out why) == 0) _out.Emit(PhoneEventLines.Unavailable("DIAL", why));
    }

    /// <summary>
    /// Places a call to a number or SIP URI; drops the digits typed so far and remembers the target
    /// for the redial key. Returns the call number, or 0 and why not.
    /// </summary>
    public int Dial(string target, out string error)
    {
        Clear();
        int number = _agent.Calls.Dial(target, out error);
        if (number > 0) _lastDialled = target.Trim();
        return number;
    }
}
