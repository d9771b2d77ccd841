using NanoPhone.App.Console;

namespace NanoPhone.App.Phone;

/// <summary>
/// The phone's call log: the last <see cref="Capacity"/> calls, incoming and our own, in a fixed ring
/// buffer (allocated once; the oldest entry makes room), newest first. The console's <c>calls</c> lists it.
/// An entry reads "WHEN KIND PEER[ DETAIL]", e.g. (WHEN as before the first sync)
/// "2026-12-06 14:41:05 UTC answered Graham &lt;sip:graham@example.com&gt;, 63 s",
/// "... forwarded Graham &lt;sip:graham@example.com&gt; to sip:voicemail@example.com",
/// "... rejected sip:scan@203.0.113.9 (486 Busy Here)",
/// "... dialled sip:1234@example.com, 42 s", "... dialled sip:1234@example.com (cancelled)",
/// "... failed sip:1234@example.com (486 Busy Here)". WHEN is the date and time the call ended,
/// "2026-12-06 14:41:05 UTC", once the phone's <see cref="Clock"/> was set (SNTP; entries from before
/// the first sync get their date then too), and before that "(time not set, up 00:12:05)", the time
/// since start. Never a 1970 date. Loop thread only.
/// </summary>
public sealed class CallLog : ICallLog
{
    public const int DefaultCapacity = 20;

    private readonly CallLogKind[] _kinds;
    private readonly string[] _peers;
    private readonly string[] _details;
    private readonly long[] _atMs;
    private readonly int[] _seconds;
    private int _next;
    private int _count;

    public CallLog(int capacity)
    {
        if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
        _kinds = new CallLogKind[capacity];
        _peers = NanoPhone.Sip.Text.Strings.NewArray(capacity);
        _details = NanoPhone.Sip.Text.Strings.NewArray(capacity);
        _atMs = new long[capacity];
        _seconds = new int[capacity];
    }

    public int Capacity { get { return _kinds.Length; } }

    /// <summary>Dates the entries; null (or not yet set) shows the time since start instead.</summary>
    public NanoPhone.App.Time.WallClock Clock { get; set; }

    public int Count { get { return _count; } }

    /// <summary>Adds a call. <paramref name="detail"/>: the forward target, why it was rejected or failed,
    /// how our call was given up, or null; <paramref name="seconds"/>: how long an answered call lasted.</summary>
    public void Add(CallLogKind kind, string peer, string detail, long atMs, int seconds)
    {
        _kinds[_next] = kind;
        _peers[_next] = peer == null ? "" : peer;
        _details[_next] = detail == null ? "" : detail;
        _atMs[_next] = atMs;
        _seconds[_next] = seconds;
        _next = (_next + 1) % _kinds.Length;
        if (_count < _kinds.Length) _count++;
    }

    public void Clear()
    {
        for (int i = 0; i < _kinds.Length; i++)
        {
            _peers[i] = null;
            _details[i] = null;
        }
        _next = 0;
        _count = 0;
    }

    /// <summary>The kind of entry <paramref name="index"/> (0 = newest).</summary>
    public CallLogKind Kind(int index) { return _kinds[Slot(index)]; }

    public string Peer(int index) { return _peers[Slot(index)]; }

    public string Detail(int index) { return _details[Slot(index)]; }

    public long AtMs(int index) { return _atMs[Slot(index)]; }

    /// <summary>How long an answered call (incoming or our own) lasted, seconds (0 for the other kinds).</summary>
    public int Seconds(int index) { return _seconds[Slot(index)]; }

    public string Entry(int index)
    {
        int i = Slot(index);
        string text = When(_atMs[i]) + " " + KindName(_kinds[i]) + " " + _peers[i];
        switch (_kinds[i])
        {
            case CallLogKind.Answered:
                return text + ", " + _seconds[i] + " s";
            case CallLogKind.Forwarded:
                return _details[i].Length > 0 ? text + " to " + _details[i] : text;
            case CallLogKind.Rejected:
            case CallLogKind.Failed:
                return _details[i].Length > 0 ? text + " (" + _details[i] + ")" : text;
            case CallLogKind.Dialled:
                // Answered: how long; given up before an answer: how.
                return _details[i].Length > 0 ? text + " (" + _details[i] + ")" : text + ", " + _seconds[i] + " s";
            default:
                return text;
        }
    }

    /// <summary>The date and time of a monotonic moment, or "(time not set, up hh:mm:ss)".</summary>
    public string When(long atMs)
    {
        return WhenText(UnixMsAt(atMs), atMs);
    }

    /// <summary>UTC milliseconds of a monotonic moment, or -1 while the clock is not set.</summary>
    public long UnixMsAt(long atMs)
    {
        NanoPhone.App.Time.WallClock clock = Clock;
        return clock == null ? -1 : clock.UnixMsAt(atMs);
    }

    /// <summary>"2026-12-06 14:41:05 UTC", or "(time not set, up hh:mm:ss)" when <paramref name="unixMs"/> is -1.</summary>
    public static string WhenText(long unixMs, long uptimeMs)
    {
        if (unixMs >= 0) return NanoPhone.App.Time.DateText.Readable(unixMs);
        return "(" + NanoPhone.App.Time.WallClock.NotSet + ", up " + PhoneText.Uptime(uptimeMs) + ")";
    }

    public static string KindName(CallLogKind kind)
    {
        switch (kind)
        {
            case CallLogKind.Answered: return "answered";
            case CallLogKind.Missed: return "missed";
            case CallLogKind.Forwarded: return "forwarded";
            case CallLogKind.AnsweredElsewhere: return "answered elsewhere";
            case CallLogKind.Dialled: return "dialled";
            case CallLogKind.Failed: return "failed";
            default: return "rejected";
        }
    }

    private int Slot(int index)
    {
        if (index < 0 || index >= _count) throw new System.ArgumentOutOfRangeException("index");
        int slot = _next - 1 - index;
        return slot < 0 ? slot + _kinds.Length : slot;
    }
}
