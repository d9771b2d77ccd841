namespace NanoPhone.Sip.Transaction;

/// <summary>The transaction timers of RFC 3261 §17 (A–K) and RFC 6026 (L, M), as TimerQueue kinds.</summary>
public static class TimerKind
{
    public const int A = 1;
    public const int B = 2;
    public const int D = 3;
    public const int E = 4;
    public const int F = 5;
    public const int G = 6;
    public const int H = 7;
    public const int I = 8;
    public const int J = 9;
    public const int K = 10;
    public const int L = 11;
    public const int M = 12;

    /// <summary>A, E and G pace retransmissions; the others end a state.</summary>
    public static bool IsRetransmit(int kind) { return kind == A || kind == E || kind == G; }

    public static string Name(int kind)
    {
        switch (kind)
        {
            case A: return "Timer A";
            case B: return "Timer B";
            case D: return "Timer D";
            case E: return "Timer E";
            case F: return "Timer F";
            case G: return "Timer G";
            case H: return "Timer H";
            case I: return "Timer I";
            case J: return "Timer J";
            case K: return "Timer K";
            case L: return "Timer L";
            case M: return "Timer M";
            default: return "Timer ?";
        }
    }
}
