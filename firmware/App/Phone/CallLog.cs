using NanoPhone.App.Console;

namespace NanoPhone.App.Phone;

/// <summary>
/// The phone's call log: the last <see cref="Capacity"/> calls, incoming and our own, in a fixed ring
/// buffer (allocated once; the oldest entry makes room), newest first. The console's <c>calls</c> lists it.
/// An entry reads "UPTIME KIND PEER[ DETAIL]", e.g.
/// "00:12:05 answered Graham &lt;sip:graham@example.com&gt;, 63 s",
/// "00:13:40 forwarded Graham &lt;sip:graham@example.com&gt; to sip:voicemail@example.com",
/// "00:14:02 rejected sip:scan@203.0.113.9 (486 Busy Here)",
/// "00:15:30 dialled sip:1234@example.com, 42 s", "00:16:00 dialled sip:1234@example.com (cancelled)",
/// "00:16:10 failed sip:1234@example.com (486 Busy Here)". UPTIME is the phone's clock when the
/// call ended (hours:minutes:seconds since start; the phone has no wall clock). Loop thread only.
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
        string text = PhoneText.Uptime(_atMs[i]) + " " + KindName(_kinds[i]) + " " + _peers[i];
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
