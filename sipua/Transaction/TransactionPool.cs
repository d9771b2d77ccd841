namespace NanoPhone.Sip.Transaction;

/// <summary>
/// Preallocated transactions: client and server slots counted apart, so a flood of incoming
/// requests cannot take the slots the phone needs for its own requests (REGISTER refreshes).
/// </summary>
internal sealed class TransactionPool
{
    private readonly SipTransaction[] _slots;
    private readonly int _clientCapacity;
    private int _clients, _servers;
    private int _nextId = 1;

    public TransactionPool(int clientCapacity, int serverCapacity)
    {
        if (clientCapacity < 1 || serverCapacity < 1) throw new System.ArgumentException("capacities must be at least 1");
        _clientCapacity = clientCapacity;
        _slots = new SipTransaction[clientCapacity + serverCapacity];
        for (int i = 0; i < _slots.Length; i++) _slots[i] = new SipTransaction(i, i >= clientCapacity);
    }

    public int Size { get { return _slots.Length; } }

    public int ClientCapacity { get { return _clientCapacity; } }

    public int ServerCapacity { get { return _slots.Length - _clientCapacity; } }

    public int ClientCount { get { return _clients; } }

    public int ServerCount { get { return _servers; } }

    public bool HasFree(bool server)
    {
        return server ? _servers < ServerCapacity : _clients < _clientCapacity;
    }

    public SipTransaction At(int index) { return _slots[index]; }

    /// <summary>A free slot of the kind asked, with a fresh Id; null when all are in use.</summary>
    public SipTransaction Acquire(bool server)
    {
        if (!HasFree(server)) return null;
        int start = server ? _clientCapacity : 0;
        int end = server ? _slots.Length : _clientCapacity;
        for (int i = start; i < end; i++)
        {
            SipTransaction t = _slots[i];
            if (t.State != TransactionState.Free) continue;
            t.Reset();
            t.Id = _nextId;
            _nextId = _nextId == int.MaxValue ? 1 : _nextId + 1;
            if (server) _servers++; else _clients++;
            return t;
        }
        return null;
    }

    public void Release(SipTransaction t)
    {
        if (t.Id == 0) return;
        if (t.IsServer) _servers--; else _clients--;
        t.Reset();
    }
}
