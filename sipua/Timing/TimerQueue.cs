namespace NanoPhone.Sip.Timing;

/// <summary>
/// A fixed-capacity timer queue for the one loop thread: a binary min-heap over preallocated
/// slots ordered by (due time, scheduling order). Scheduling, cancelling and firing allocate
/// nothing; a fired or cancelled timer's slot is reused. Handles carry a generation, so a stale
/// handle (of a timer that already fired or was cancelled) never cancels another timer.
/// A handle holds slot + 1 in its low bits (as many as the capacity needs, at most 20) and the
/// generation in the bits above them, below the sign bit: it is never None nor negative, and a
/// small queue cycles through more generations before a slot's handle repeats.
/// </summary>
public sealed class TimerQueue
{
    /// <summary>NextDueMs when no timer is pending.</summary>
    public const long Never = long.MaxValue;
    /// <summary>The handle that names no timer (Schedule's answer when the queue is full).</summary>
    public const int None = 0;

    /// <summary>Largest capacity: slot + 1 then takes 20 bits, leaving 11 for the generation (1..2047).</summary>
    public const int MaxCapacity = 0xFFFFF;

    private readonly int _slotBits;       // low handle bits holding slot + 1
    private readonly int _slotMask;
    private readonly int _maxGeneration;  // generations run 1.._maxGeneration, then wrap to 1

    private readonly long[] _due;
    private readonly long[] _seq;
    private readonly ITimerTarget[] _target;
    private readonly int[] _kind;
    private readonly int[] _cookie;
    private readonly int[] _generation;
    private readonly int[] _heap;   // heap position -> slot
    private readonly int[] _pos;    // slot -> heap position, -1 when the slot is free
    private readonly int[] _free;   // stack of free slots
    private int _freeCount;
    private int _count;
    private long _nextSeq;

    public TimerQueue(int capacity)
    {
        if (capacity < 1 || capacity > MaxCapacity) throw new System.ArgumentException("capacity must be 1..1048575");
        int bits = 1;
        while ((1 << bits) - 1 < capacity) bits++;
        _slotBits = bits;
        _slotMask = (1 << bits) - 1;
        _maxGeneration = (1 << (31 - bits)) - 1;
        _due = new long[capacity];
        _seq = new long[capacity];
        _target = new ITimerTarget[capacity];
        _kind = new int[capacity];
        _cookie = new int[capacity];
        _generation = new int[capacity];
        _heap = new int[capacity];
        _pos = new int[capacity];
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _pos[i] = -1;
            _free[i] = capacity - 1 - i;
            _generation[i] = 1;
        }
        _freeCount = capacity;
    }

    public int Capacity { get { return _due.Length; } }

    /// <summary>Timers pending.</summary>
    public int Count { get { return _count; } }

    /// <summary>Timers that can still be scheduled.</summary>
    public int FreeCount { get { return _freeCount; } }

    /// <summary>Due time of the earliest pending timer, or Never: how long the loop may sleep.</summary>
    public long NextDueMs { get { return _count == 0 ? Never : _due[_heap[0]]; } }

    /// <summary>
    /// Schedules target.OnTimer(timerKind, cookie) at dueMs. Returns a handle for Cancel, or
    /// None when the queue is full (size it for the worst case; callers check FreeCount).
    /// </summary>
    public int Schedule(long dueMs, ITimerTarget target, int timerKind, int cookie)
    {
        if (target == null) throw new System.ArgumentNullException("target");
        if (_freeCount == 0) return None;
        int slot = _free[--_freeCount];
        _due[slot] = dueMs;
        _seq[slot] = _nextSeq++;
        _target[slot] = target;
        _kind[slot] = timerKind;
        _cookie[slot] = cookie;
        _heap[_count] = slot;
        _pos[slot] = _count;
        _count++;
        SiftUp(_count - 1);
        return (_generation[slot] << _slotBits) | (slot + 1);
    }

    /// <summary>Cancels a pending timer. False if the handle is None, stale, fired or cancelled.</summary>
    public bool Cancel(int handle)
    {
        int slot = SlotOf(handle);
        if (slot < 0) return false;
        RemoveAt(_pos[slot]);
        Release(slot);
        return true;
    }

    /// <summary>Cancels the timer handle names, if any is pending, and sets handle to None.</summary>
    public void Cancel(ref int handle)
    {
        if (handle != None) Cancel(handle);
        handle = None;
    }

    /// <summary>True while the timer this handle names is still waiting to fire.</summary>
    public bool IsPending(int handle) { return SlotOf(handle) >= 0; }

    /// <summary>When the timer fires, or Never if the handle names no pending timer.</summary>
    public long DueMsOf(int handle)
    {
        int slot = SlotOf(handle);
        return slot < 0 ? Never : _due[slot];
    }

    /// <summary>
    /// Fires every timer due at or before nowMs, earliest first, ties in scheduling order.
    /// A timer scheduled by a target with a due time at or before nowMs fires in the same call.
    /// Each slot is freed before its target runs, so targets may schedule and cancel freely.
    /// Returns the number of timers fired.
    /// </summary>
    public int RunDue(long nowMs)
    {
        int fired = 0;
        while (_count > 0)
        {
            int slot = _heap[0];
            if (_due[slot] > nowMs) break;
            ITimerTarget target = _target[slot];
            int kind = _kind[slot];
            int cookie = _cookie[slot];
            RemoveAt(0);
            Release(slot);
            fired++;
            target.OnTimer(kind, cookie);
        }
        return fired;
    }

    private int SlotOf(int handle)
    {
        int slot = (handle & _slotMask) - 1;
        if (slot < 0 || slot >= _due.Length) return -1;
        if (_pos[slot] < 0 || _generation[slot] != (handle >> _slotBits)) return -1;
        return slot;
    }

    private void Release(int slot)
    {
        _pos[slot] = -1;
        _target[slot] = null;
        int g = _generation[slot] + 1;
        _generation[slot] = g > _maxGeneration ? 1 : g;
        _free[_freeCount++] = slot;
    }

    private void RemoveAt(int i)
    {
        _count--;
        if (i == _count) return;
        int moved = _heap[_count];
        _heap[i] = moved;
        _pos[moved] = i;
        if (i > 0 && Earlier(moved, _heap[(i - 1) / 2])) SiftUp(i);
        else SiftDown(i);
    }

    private bool Earlier(int a, int b)
    {
        return _due[a] < _due[b] || (_due[a] == _due[b] && _seq[a] < _seq[b]);
    }

    private void SiftUp(int i)
    {
        int slot = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            int p = _heap[parent];
            if (!Earlier(slot, p)) break;
            _heap[i] = p;
            _pos[p] = i;
            i = parent;
        }
        _heap[i] = slot;
        _pos[slot] = i;
    }

    private void SiftDown(int i)
    {
        int slot = _heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child])) child++;
            int c = _heap[child];
            if (!Earlier(c, slot)) break;
            _heap[i] = c;
            _pos[c] = i;
            i = child;
        }
        _heap[i] = slot;
        _pos[slot] = i;
    }
}
