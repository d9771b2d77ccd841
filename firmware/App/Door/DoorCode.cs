namespace NanoPhone.App.Door;

/// <summary>
/// Matches the door code against the keys the far end sends during a call (RFC 4733 events or SIP
/// INFO): the last keys received, compared with the code after each one, so "5*1" opens for "*1".
/// A pause longer than <see cref="GapMs"/> starts over (keys a person pressed minutes apart are not
/// one code); a match starts over too, so the code opens once per entry. A key that is not part of
/// a code (0-9 * # A-D) starts over. Fixed buffer, nothing allocated per key.
/// </summary>
public sealed class DoorCode
{
    public const int MaxLength = 16;

    /// <summary>Longest pause between two keys of one code, ms.</summary>
    public const int GapMs = 5000;

    private readonly char[] _recent = new char[MaxLength];
    private int _count;
    private long _lastKeyMs;
    private string _code;

    /// <summary>The code; null or empty turns the door opener off.</summary>
    public string Code
    {
        get { return _code; }
        set
        {
            _code = value != null && value.Length <= MaxLength ? value : null;
            Reset();
        }
    }

    /// <summary>Forgets the keys received (the call ended, a new call).</summary>
    public void Reset()
    {
        _count = 0;
    }

    /// <summary>One key from the far end at nowMs; true when it completes the code.</summary>
    public bool OnKey(char key, long nowMs)
    {
        if (_code == null || _code.Length == 0) return false;
        if (!IsKey(key))
        {
            Reset();
            return false;
        }
        if (_count > 0 && nowMs - _lastKeyMs > GapMs) Reset();
        _lastKeyMs = nowMs;
        if (_count == MaxLength)
        {
            for (int i = 1; i < MaxLength; i++) _recent[i - 1] = _recent[i];
            _count--;
        }
        _recent[_count++] = key;
        int n = _code.Length;
        if (_count < n) return false;
        for (int i = 0; i < n; i++)
        {
            if (_recent[_count - n + i] != _code[i]) return false;
        }
        Reset();
        return true;
    }

    private static bool IsKey(char c)
    {
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
    }
}
