using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Dns;

/// <summary>
/// The servers to try for a SIP target, in order (RFC 3263 §4.3): each an address, port and
/// transport, the host name it came from (for logs and the status), its SRV priority, and whether
/// it is the configured backup (sip.server.backup) rather than the server itself. The list lives as
/// long as its shortest TTL (<see cref="ExpiresAtMs"/>). Fixed capacity; an entry's endpoint is
/// made the first time the list grows that long and reused after (a numeric server needs one).
/// </summary>
public sealed class TargetList
{
    public const int Capacity = 8;

    private readonly Endpoint[] _targets = new Endpoint[Capacity];
    private readonly string[] _names = Text.Strings.NewArray(Capacity);
    private readonly int[] _priority = new int[Capacity];
    private readonly bool[] _backup = new bool[Capacity];

    public TargetList()
    {
        Clear();
    }

    public int Count { get; private set; }

    /// <summary>When the DNS answers behind the list may no longer be used (long.MaxValue: never, for literals).</summary>
    public long ExpiresAtMs;

    public Endpoint At(int i) { return _targets[i]; }

    /// <summary>The host name the target was found under (the SRV target or the configured name); null for a configured address.</summary>
    public string NameAt(int i) { return _names[i]; }

    public int PriorityAt(int i) { return _priority[i]; }

    /// <summary>True for a target of sip.server.backup.</summary>
    public bool IsBackupAt(int i) { return _backup[i]; }

    public void Clear()
    {
        Count = 0;
        ExpiresAtMs = long.MaxValue;
    }

    /// <summary>Appends a target unless the list is full or holds the same address, port and transport already.</summary>
    public bool Add(Endpoint target, string name, int priority, bool backup)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_targets[i].SameFlow(target)) return false;
        }
        if (Count == Capacity) return false;
        if (_targets[Count] == null) _targets[Count] = new Endpoint();
        _targets[Count].CopyFrom(target);
        _names[Count] = name;
        _priority[Count] = priority;
        _backup[Count] = backup;
        Count++;
        return true;
    }

    /// <summary>Appends every target of other (marked backup when backup is true).</summary>
    public void AddAll(TargetList other, bool backup)
    {
        for (int i = 0; i < other.Count; i++) Add(other._targets[i], other._names[i], other._priority[i], backup || other._backup[i]);
        if (other.ExpiresAtMs < ExpiresAtMs) ExpiresAtMs = other.ExpiresAtMs;
    }

    /// <summary>The index of a target with this address, port and transport, or -1.</summary>
    public int IndexOf(Endpoint target)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_targets[i].SameFlow(target)) return i;
        }
        return -1;
    }

    /// <summary>"sip.example.com 192.0.2.1:5060/udp" for target i (allocates; logs, status).</summary>
    public string Describe(int i)
    {
        string where = _targets[i].ToString() + "/" + TransportProtocols.Name(_targets[i].Protocol);
        return _names[i] == null ? where : _names[i] + " " + where;
    }
}
