using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Web;

/// <summary>
/// Who is logged in to the web page: a login with <c>web.password</c> opens a session, named by a
/// random 128-bit cookie and carrying its own random CSRF token, which every form posts back. At most
/// <see cref="MaxSessions"/> at once (a new login ends the least recently used one); a session ends
/// after <see cref="IdleMs"/> unused, at logout, and when the password changes. Wrong passwords:
/// after <see cref="FreeAttempts"/> in a row, each further attempt must wait a growing delay
/// (<see cref="FirstDelayMs"/>, doubling up to <see cref="MaxDelayMs"/>); an attempt during the wait
/// is refused without looking at the password. The password is compared in constant time.
/// Loop thread only.
/// </summary>
public sealed class WebSessions
{
    public const int MaxSessions = 2;
    public const long IdleMs = 30L * 60 * 1000;
    public const int FreeAttempts = 5;
    public const long FirstDelayMs = 15000;
    public const long MaxDelayMs = 15L * 60 * 1000;
    /// <summary>Hex digits of a session id and of a CSRF token (128 bits).</summary>
    public const int TokenLength = 32;

    private readonly IClock _clock;
    private readonly ISecretRandom _random;
    private readonly string[] _ids = NanoPhone.Sip.Text.Strings.NewArray(MaxSessions);
    private readonly string[] _csrf = NanoPhone.Sip.Text.Strings.NewArray(MaxSessions);
    private readonly long[] _usedAtMs = new long[MaxSessions];
    private readonly byte[] _bytes = new byte[TokenLength / 2];
    private int _failures;
    private long _lockedUntilMs;

    public WebSessions(IClock clock, ISecretRandom random)
    {
        if (clock == null) throw new System.ArgumentNullException("clock");
        if (random == null) throw new System.ArgumentNullException("random");
        _clock = clock;
        _random = random;
    }

    /// <summary>Wrong passwords in a row since the last good one.</summary>
    public int Failures { get { return _failures; } }

    /// <summary>Milliseconds until the next login attempt is looked at; 0 when it may come now.</summary>
    public long WaitMs
    {
        get
        {
            long left = _lockedUntilMs - _clock.NowMs;
            return left > 0 ? left : 0;
        }
    }

    /// <summary>
    /// A login attempt. Returns the new session's index (its cookie is <see cref="Id"/>), or -1: wrong
    /// password, or (<paramref name="waitMs"/> &gt; 0) too soon after too many wrong ones.
    /// </summary>
    public int Login(string typed, string password, out long waitMs)
    {
        waitMs = WaitMs;
        if (waitMs > 0) return -1;
        if (password == null || typed == null || !SameText(typed, password))
        {
            _failures++;
            if (_failures >= FreeAttempts)
            {
                long delay = FirstDelayMs;
                for (int i = FreeAttempts; i < _failures && delay < MaxDelayMs; i++) delay *= 2;
                if (delay > MaxDelayMs) delay = MaxDelayMs;
                _lockedUntilMs = _clock.NowMs + delay;
            }
            return -1;
        }
        _failures = 0;
        _lockedUntilMs = 0;
        int slot = 0;
        long now = _clock.NowMs;
        for (int i = 0; i < MaxSessions; i++)
        {
            if (_ids[i] == null || Expired(i, now)) { slot = i; break; }
            if (_usedAtMs[i] < _usedAtMs[slot]) slot = i;
        }
        _ids[slot] = NewToken();
        _csrf[slot] = NewToken();
        _usedAtMs[slot] = now;
        return slot;
    }

    /// <summary>The session the Cookie field names (cookie <see cref="CookieName"/>), refreshed; -1 for none.</summary>
    public int Find(byte[] buf, int off, int len)
    {
        int vo, vl;
        if (!CookieValue(buf, off, len, out vo, out vl) || vl != TokenLength) return -1;
        long now = _clock.NowMs;
        for (int i = 0; i < MaxSessions; i++)
        {
            if (_ids[i] == null) continue;
            if (Expired(i, now)) { End(i); continue; }
            if (SameBytes(buf, vo, _ids[i])) { _usedAtMs[i] = now; return i; }
        }
        return -1;
    }

    public const string CookieName = "np_session";

    public string Id(int session) { return _ids[session]; }

    public string CsrfToken(int session) { return _csrf[session]; }

    /// <summary>Whether <paramref name="token"/> is the session's CSRF token (constant time).</summary>
    public bool CheckCsrf(int session, string token)
    {
        return session >= 0 && _ids[session] != null && token != null && SameText(token, _csrf[session]);
    }

    public void End(int session)
    {
        if (session < 0) return;
        _ids[session] = null;
        _csrf[session] = null;
    }

    /// <summary>Ends every session (the password changed).</summary>
    public void EndAll()
    {
        for (int i = 0; i < MaxSessions; i++) End(i);
    }

    private bool Expired(int i, long now) { return now - _usedAtMs[i] > IdleMs; }

    private string NewToken()
    {
        _random.Fill(_bytes, 0, _bytes.Length);
        char[] c = new char[TokenLength];
        for (int i = 0; i < _bytes.Length; i++)
        {
            c[2 * i] = HexDigit(_bytes[i] >> 4);
            c[2 * i + 1] = HexDigit(_bytes[i] & 15);
        }
        return new string(c);
    }

    private static char HexDigit(int v) { return (char)(v < 10 ? '0' + v : 'a' + v - 10); }

    /// <summary>Equal texts, in a time that depends on the lengths only.</summary>
    private static bool SameText(string a, string b)
    {
        int diff = a.Length ^ b.Length;
        int n = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < n; i++) diff |= a[i] ^ b[i];
        return diff == 0;
    }

    private static bool SameBytes(byte[] buf, int off, string token)
    {
        int diff = 0;
        for (int i = 0; i < token.Length; i++) diff |= buf[off + i] ^ token[i];
        return diff == 0;
    }

    /// <summary>The value of cookie <see cref="CookieName"/> in a Cookie field ("a=1; np_session=...").</summary>
    private static bool CookieValue(byte[] buf, int off, int len, out int vo, out int vl)
    {
        vo = vl = 0;
        int end = off + len;
        int p = off;
        while (p < end)
        {
            while (p < end && (buf[p] == (byte)' ' || buf[p] == (byte)';')) p++;
            int semi = p;
            while (semi < end && buf[semi] != (byte)';') semi++;
            int eq = p;
            while (eq < semi && buf[eq] != (byte)'=') eq++;
            if (eq < semi && NanoPhone.Sip.Text.Ascii.Equals(buf, p, eq - p, CookieName))
            {
                vo = eq + 1;
                vl = semi - eq - 1;
                return true;
            }
            p = semi + 1;
        }
        return false;
    }
}
