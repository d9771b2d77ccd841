namespace NanoPhone.Sip.Agent;

/// <summary>
/// The sizes of the agent's tables: nothing grows past them, so these bound the phone's signalling
/// memory and the load it takes before it sheds (503, 486). Transactions and timers are made at
/// construction; a call or connection slot when a call or connection first finds the made ones
/// taken, and it is kept for the next.
/// <see cref="Device"/> fits an ESP32's ~100 KB heap; <see cref="Desktop"/> lets the same code on a
/// PC hold thousands of calls per second, each keeping its CANCEL transaction for Timer J (32 s).
/// </summary>
public sealed class AgentCapacity
{
    /// <summary>Largest table the timer queue and transaction index address.</summary>
    public const int MaxTransactions = 400000;
    public const int MaxCalls = 1024;

    public AgentCapacity(int serverTransactions, int clientTransactions, int calls)
    {
        if (serverTransactions < 4 || clientTransactions < 4 || serverTransactions + clientTransactions > MaxTransactions)
            throw new System.ArgumentException("transactions: at least 4 of each kind, at most " + MaxTransactions + " in all");
        if (calls < 2 || calls > MaxCalls) throw new System.ArgumentException("calls: 2.." + MaxCalls);
        ServerTransactions = serverTransactions;
        ClientTransactions = clientTransactions;
        Calls = calls;
    }

    /// <summary>Server transactions: requests the phone is answering or keeps for their retransmissions.</summary>
    public int ServerTransactions { get; }

    /// <summary>Client transactions: the phone's own requests (REGISTER, INVITE, CANCEL, BYE...).</summary>
    public int ClientTransactions { get; }

    /// <summary>Call slots (made as calls need them), one of them kept for a call that is ending while another is live.</summary>
    public int Calls { get; }

    /// <summary>Calls that may ring or talk at once; one more caller gets 486 Busy Here.</summary>
    public int LiveCalls { get { return Calls - 1; } }

    /// <summary>TCP/TLS connection slots (the registration's flow, one spare); 2 unless set.</summary>
    public int Connections = 2;

    /// <summary>The longest message taken from a connection (its framer's buffer, made on the slot's first use); 4096 unless set.</summary>
    public int MaxStreamMessage = 4096;

    /// <summary>Timers: two per transaction (retransmit, lifetime), four per call (ringing's three and the session timer), one per connection, and the agent's own.</summary>
    public int Timers { get { return 2 * (ServerTransactions + ClientTransactions) + 4 * Calls + Connections + 32; } }

    /// <summary>
    /// An ESP32 desk phone: 12 server transactions (10 for new requests, 2 kept for CANCEL, BYE and
    /// in-dialog ones), 8 client transactions (REGISTER, INVITE, CANCEL, BYEs, a re-INVITE, REFER,
    /// NOTIFY), two live calls (call waiting, a transfer's consultation call) and one ending. Sized
    /// so that even every slot holding a 1.5 KB message stays near the ~100 KB managed heap
    /// (bench/README.md has the projection).
    /// </summary>
    public static AgentCapacity Device() { return new AgentCapacity(12, 8, 3); }

    /// <summary>
    /// A PC (the simulator under load): a cancelled call keeps its CANCEL transaction 32 s (Timer J)
    /// and its INVITE transaction 5 s (Timer I), so 120,000 server transactions hold 3,000 such
    /// calls a second; 64 calls may ring at once.
    /// </summary>
    public static AgentCapacity Desktop()
    {
        AgentCapacity c = new AgentCapacity(120000, 1024, 64);
        c.Connections = 16;
        c.MaxStreamMessage = 65535;
        return c;
    }
}
