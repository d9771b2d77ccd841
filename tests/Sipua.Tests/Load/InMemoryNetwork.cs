using System;
using System.Collections.Generic;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>Something attached to the in-memory network: a phone, a scripted peer, a flood of callers.</summary>
public interface INetworkNode
{
    /// <summary>One datagram for this node. buf is the network's and is reused after the call returns.</summary>
    void Receive(byte[] buf, int off, int len, Endpoint source);

    /// <summary>When the node next has work (TimerQueue.Never if none).</summary>
    long NextDueMs { get; }

    /// <summary>Runs whatever is due at the clock's current time.</summary>
    void Tick();
}

/// <summary>
/// A deterministic in-memory UDP network on a manual clock. Nodes attach at an address and get an
/// IDatagramSender; a datagram sent is copied into a preallocated slot and delivered after the
/// link's delay, unless the link's loss draw drops it. Links are per direction (a→b and b→a are
/// set apart); a seeded System.Random decides every loss, so a seed replays the same pattern as
/// long as the nodes behave the same. Delivery order: due time, then send order.
/// Sending and delivering allocate nothing once a slot has carried its first datagram (a slot's
/// buffer is allocated on first use), so allocation counters around a phone measure the phone alone.
/// </summary>
public sealed class InMemoryNetwork
{
    public const int MaxDatagram = 4096;

    private sealed class Node
    {
        public readonly Endpoint Address = new();
        public INetworkNode Target = null!;
        public Port Port = null!;
    }

    private sealed class Link
    {
        public readonly Endpoint From = new();
        public readonly Endpoint To = new();
        public double Loss;
        public int DelayMs;
    }

    /// <summary>A node's way out: sends from its own address.</summary>
    public sealed class Port : IDatagramSender
    {
        private readonly InMemoryNetwork _net;
        internal readonly int Index;

        internal Port(InMemoryNetwork net, int index)
        {
            _net = net;
            Index = index;
        }

        public Endpoint Address => _net._nodes[Index].Address;

        public bool Send(byte[] buf, int off, int len, Endpoint to) => _net.Enqueue(Index, buf, off, len, to);
    }

    /// <summary>What the tap sees of a datagram when it is sent.</summary>
    public readonly struct Datagram
    {
        public readonly long AtMs;
        public readonly Endpoint From;
        public readonly Endpoint To;
        public readonly byte[] Buffer;
        public readonly int Offset;
        public readonly int Length;
        public readonly bool Lost;

        public Datagram(long atMs, Endpoint from, Endpoint to, byte[] buffer, int offset, int length, bool lost)
        {
            AtMs = atMs; From = from; To = to; Buffer = buffer; Offset = offset; Length = length; Lost = lost;
        }

        public string Text => System.Text.Encoding.ASCII.GetString(Buffer, Offset, Length);
    }

    private readonly ManualClock _clock;
    private readonly Random _random;
    private readonly List<Node> _nodes = new();
    private readonly List<Link> _links = new();

    // Packet slots: a binary min-heap over (due, seq) of slot indices, and a free stack.
    private readonly byte[]?[] _data;
    private readonly int[] _length;
    private readonly long[] _due;
    private readonly long[] _seq;
    private readonly int[] _from;
    private readonly Endpoint[] _to;
    private readonly int[] _heap;
    private readonly int[] _free;
    private int _count;
    private int _freeCount;
    private long _nextSeq;
    private readonly Endpoint _source = new();

    /// <param name="capacity">Datagrams in flight at once, at most (more are counted in Overflow and dropped).</param>
    /// <param name="preallocate">Allocate every slot's buffer now (capacity × 4 KB) instead of on first use, so the
    /// network's own memory never changes while a test compares heap sizes.</param>
    public InMemoryNetwork(ManualClock clock, int seed, int capacity = 1024, bool preallocate = false)
    {
        _clock = clock;
        _random = new Random(seed);
        _data = new byte[]?[capacity];
        _length = new int[capacity];
        _due = new long[capacity];
        _seq = new long[capacity];
        _from = new int[capacity];
        _to = new Endpoint[capacity];
        _heap = new int[capacity];
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            if (preallocate) _data[i] = new byte[MaxDatagram];
            _to[i] = new Endpoint();
            _free[i] = capacity - 1 - i;
        }
        _freeCount = capacity;
    }

    public ManualClock Clock => _clock;

    /// <summary>Loss share (0..1) and one-way delay of links that have no SetLink of their own.</summary>
    public double DefaultLoss;
    public int DefaultDelayMs;

    public long Sent { get; private set; }
    public long Delivered { get; private set; }
    public long Lost { get; private set; }
    /// <summary>Datagrams to an address nobody is attached at (dropped, like UDP).</summary>
    public long Unroutable { get; private set; }
    /// <summary>Datagrams dropped because all slots were in flight (a test sizing error: assert 0).</summary>
    public long Overflow { get; private set; }
    /// <summary>Datagrams in flight now.</summary>
    public int InFlight => _count;


    /// <summary>Sees every datagram as it is sent (lost or not). Set it only where allocation does not matter.</summary>
    public Action<Datagram>? Tap;

    /// <summary>Called after each delivery and each node's Tick: a place for invariants.</summary>
    public Action? AfterStep;

    public Port Attach(Endpoint address, INetworkNode node)
    {
        foreach (Node n in _nodes)
        {
            if (n.Address.Equals(address)) throw new ArgumentException("address in use: " + address);
        }
        var added = new Node { Target = node };
        added.Address.CopyFrom(address);
        added.Port = new Port(this, _nodes.Count);
        _nodes.Add(added);
        return added.Port;
    }

    /// <summary>Loss and delay for datagrams from → to (this direction only).</summary>
    public void SetLink(Endpoint from, Endpoint to, double loss, int delayMs)
    {
        foreach (Link l in _links)
        {
            if (l.From.Equals(from) && l.To.Equals(to)) { l.Loss = loss; l.DelayMs = delayMs; return; }
        }
        var link = new Link { Loss = loss, DelayMs = delayMs };
        link.From.CopyFrom(from);
        link.To.CopyFrom(to);
        _links.Add(link);
    }

    /// <summary>The same loss and delay both ways between a and b.</summary>
    public void SetPath(Endpoint a, Endpoint b, double loss, int delayMs)
    {
        SetLink(a, b, loss, delayMs);
        SetLink(b, a, loss, delayMs);
    }

    private bool Enqueue(int fromNode, byte[] buf, int off, int len, Endpoint to)
    {
        Sent++;
        Endpoint from = _nodes[fromNode].Address;
        double loss = DefaultLoss;
        int delay = DefaultDelayMs;
        for (int i = 0; i < _links.Count; i++)
        {
            Link l = _links[i];
            if (l.From.Equals(from) && l.To.Equals(to)) { loss = l.Loss; delay = l.DelayMs; break; }
        }
        // One draw per datagram whatever the loss, so the pattern depends only on the send order.
        bool lost = _random.NextDouble() < loss;
        Tap?.Invoke(new Datagram(_clock.NowMs, from, to, buf, off, len, lost));
        if (lost)
        {
            Lost++;
            return true;   // UDP: the sender never knows
        }
        if (len > MaxDatagram) throw new ArgumentException("datagram larger than " + MaxDatagram);
        if (_freeCount == 0)
        {
            Overflow++;
            return true;
        }
        int slot = _free[--_freeCount];
        byte[] data = _data[slot] ??= new byte[MaxDatagram];   // once per slot: the most datagrams ever in flight at once
        Buffer.BlockCopy(buf, off, data, 0, len);
        _length[slot] = len;
        _due[slot] = _clock.NowMs + delay;
        _seq[slot] = _nextSeq++;
        _from[slot] = fromNode;
        _to[slot].CopyFrom(to);
        _heap[_count] = slot;
        SiftUp(_count++);
        return true;
    }

    /// <summary>
    /// True for the network's own datagram buffers: a phone's parsed message keeps pointing into
    /// the buffer it was parsed from, which on a device is the transport's. Footprint walks stop here.
    /// </summary>
    public bool Owns(object o)
    {
        if (o is not byte[] b || b.Length != MaxDatagram) return false;
        foreach (byte[]? d in _data)
        {
            if (ReferenceEquals(d, b)) return true;
        }
        return false;
    }

    /// <summary>When the next datagram arrives (TimerQueue.Never if none in flight).</summary>
    public long NextDeliveryMs => _count == 0 ? TimerQueue.Never : _due[_heap[0]];

    /// <summary>
    /// Runs the network and its nodes on the manual clock for at most durationMs: delivers what is
    /// due, ticks nodes whose work is due, then jumps the clock to the next delivery or timer.
    /// Stops as soon as until() holds (checked whenever nothing more is due at the current time)
    /// and returns true; returns false when the time is up (the clock then stands at the end).
    /// </summary>
    public bool Run(long durationMs, Func<bool>? until = null)
    {
        long end = _clock.NowMs + durationMs;
        while (true)
        {
            Settle();
            if (until != null && until()) return true;
            long next = NextDeliveryMs;
            for (int i = 0; i < _nodes.Count; i++)
            {
                long d = _nodes[i].Target.NextDueMs;
                if (d < next) next = d;
            }
            if (next > end)
            {
                if (end > _clock.NowMs) _clock.Set(end);
                Settle();
                return until != null && until();
            }
            if (next > _clock.NowMs) _clock.Set(next);
        }
    }

    /// <summary>Delivers and ticks until nothing more is due at the current time.</summary>
    public void Settle()
    {
        long now = _clock.NowMs;
        bool progressed = true;
        int rounds = 0;
        while (progressed)
        {
            if (++rounds > 1_000_000) throw new InvalidOperationException("a node stays due without making progress at " + now + " ms");
            progressed = false;
            while (_count > 0 && _due[_heap[0]] <= now)
            {
                DeliverFirst();
                progressed = true;
                AfterStep?.Invoke();
            }
            for (int i = 0; i < _nodes.Count; i++)
            {
                INetworkNode n = _nodes[i].Target;
                if (n.NextDueMs <= now)
                {
                    n.Tick();
                    progressed = true;
                    AfterStep?.Invoke();
                }
            }
        }
    }

    private void DeliverFirst()
    {
        int slot = _heap[0];
        _count--;
        if (_count > 0)
        {
            _heap[0] = _heap[_count];
            SiftDown(0);
        }
        Node? target = null;
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Address.Equals(_to[slot])) { target = _nodes[i]; break; }
        }
        if (target == null)
        {
            Unroutable++;
            _free[_freeCount++] = slot;
            return;
        }
        Delivered++;
        // The receiver may change the buffer (parsing unfolds in place) and the source endpoint;
        // both are the network's scratch, never the sender's.
        _source.CopyFrom(_nodes[_from[slot]].Address);
        try
        {
            target.Target.Receive(_data[slot]!, 0, _length[slot], _source);
        }
        finally
        {
            _free[_freeCount++] = slot;
        }
    }

    private bool Earlier(int a, int b) => _due[a] < _due[b] || (_due[a] == _due[b] && _seq[a] < _seq[b]);

    private void SiftUp(int i)
    {
        int slot = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Earlier(slot, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = slot;
    }

    private void SiftDown(int i)
    {
        int slot = _heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child])) child++;
            if (!Earlier(_heap[child], slot)) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = slot;
    }
}
