namespace NanoPhone.Sip.Transaction;

/// <summary>
/// Preallocated transactions: client and server slots counted apart, so a flood of incoming
/// requests cannot take the slots the phone needs for its own requests (REGISTER refreshes).
/// Free slots wait on a stack per kind, so Acquire and Release take the same time with 16 slots
/// or 100,000; the slot released last is reused first (its arrays are already grown). Each kind
/// has a TransactionIndex for matching: the layer adds a slot once its key is set, Release takes
/// it out.
/// </summary>
internal sealed class TransactionPool
{
    private readonly SipTransaction[] _slots;
    private readonly int _clientCapacity;
    private readonly int[] _freeClients;   // stack of free client slots, top at _freeClientCount - 1
    private readonly int[] _freeServers;   // the same for server slots
    private int _freeClientCount, _freeServerCount;
    private int _nextId = 1;

    /// <summary>Client transactions by the branch of their request (§17.1.3).</summary>
    public readonly TransactionIndex Clients;

    /// <summary>Server transactions by what §17.2.3 matches requests on.</summary>
    public readonly TransactionIndex Servers;

    public TransactionPool(int clientCapacity, int serverCapacity)
    {
        if (clientCapacity < 1 || serverCapacity < 1) throw new System.ArgumentException("capacities must be at least 1");
        _clientCapacity = clientCapacity;
        _slots = new SipTransaction[clientCapacity + serverCapacity];
        for (int i = 0; i < _slots.Length; i++) _slots[i] = new SipTransaction(i, i >= clientCapacity);
        // Lowest slots on top, so a fresh pool hands them out in order.
        _freeClients = new int[clientCapacity];
        for (int i = 0; i < clientCapacity; i++) _freeClients[i] = clientCapacity - 1 - i;
        _freeClientCount = clientCapacity;
        _freeServers = new int[serverCapacity];
        for (int i = 0; i < serverCapacity; i++) _freeServers[i] = _slots.Length - 1 - i;
        _freeServerCount = serverCapacity;
        Clients = new TransactionIndex(0, clientCapacity);
        Servers = new TransactionIndex(clientCapacity, serverCapacity);
    }

    public int Size { get { return _slots.Length; } }

    public int ClientCapacity { get { return _clientCapacity; } }

    public int ServerCapacity { get { return _slots.Length - _clientCapacity; } }

    public int ClientCount { get { return _clientCapacity - _freeClientCount; } }

    public int ServerCount { get { return _freeServers.Length - _freeServerCount; } }

    public bool HasFree(bool server)
    {
        return server ? _freeServerCount > 0 : _freeClientCount > 0;
    }

    public SipTransaction At(int index) { return _slots[index]; }

    /// <summary>A free slot of the kind asked, with a fresh Id; null when all are in use.</summary>
    public SipTransaction Acquire(bool server)
    {
        if (!HasFree(server)) return null;
        int index = server ? _freeServers[--_freeServerCount] : _freeClients[--_freeClientCount];
        SipTransaction t = _slots[index];
        t.Reset();
        t.Id = _nextId;
        _nextId = _nextId == int.MaxValue ? 1 : _nextId + 1;
        return t;
    }

    /// <summary>Takes t out of its index and puts its slot back on the free stack (once).</summary>
    public void Release(SipTransaction t)
    {
        if (t.Id == 0) return;
        if (t.IsServer)
        {
            Servers.Remove(t.Index);
            _freeServers[_freeServerCount++] = t.Index;
        }
        else
        {
            Clients.Remove(t.Index);
            _freeClients[_freeClientCount++] = t.Index;
        }
        t.Reset();
    }
}
