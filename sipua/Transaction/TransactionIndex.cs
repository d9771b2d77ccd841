using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// Hash buckets over one kind of pool slots (clients or servers), so matching a message costs
/// the few transactions in its bucket instead of the whole pool. A slot is added once its key is
/// set and removed when it is released. The hash is taken from what every matching message
/// shares with the one that created the transaction (TransactionKey's rules):
///  - requests (§17.2.3): with a magic-cookie branch, the branch folded to lower case (it compares
///    case-insensitively); without one (RFC 2543), the Call-ID bytes and the CSeq number (both
///    compared exactly). A CANCEL or ACK carries the INVITE's branch, so it lands with the INVITE.
///  - responses (§17.1.3): the top Via branch, folded to lower case.
/// Within a bucket slots are kept in pool order, so the first match is the one a scan of the
/// whole pool would find. Preallocated int arrays: adding, removing and lookups allocate nothing.
/// </summary>
internal sealed class TransactionIndex
{
    private const int End = -1;        // _next: last slot of its bucket; _head: empty bucket
    private const int NotIndexed = -2; // _next: the slot is in no bucket

    private readonly int _first;   // pool index of the first slot covered
    private readonly int _mask;    // bucket count - 1 (a power of two)
    private readonly int[] _head;  // bucket -> first slot (relative to _first), or End
    private readonly int[] _next;  // slot -> next slot in its bucket, End, or NotIndexed
    private readonly int[] _hash;  // slot -> the hash it was added with

    /// <summary>An index for pool slots first..first+count-1, with about one bucket per slot.</summary>
    public TransactionIndex(int first, int count)
    {
        int buckets = 1;
        while (buckets < count) buckets <<= 1;
        _first = first;
        _mask = buckets - 1;
        _head = new int[buckets];
        _next = new int[count];
        _hash = new int[count];
        for (int i = 0; i < buckets; i++) _head[i] = End;
        for (int i = 0; i < count; i++) _next[i] = NotIndexed;
    }

    /// <summary>Buckets (for memory budgets).</summary>
    public int BucketCount { get { return _head.Length; } }

    /// <summary>Adds pool slot index under hash (a slot already added is moved).</summary>
    public void Add(int index, int hash)
    {
        int slot = index - _first;
        if (_next[slot] != NotIndexed) Remove(index);
        _hash[slot] = hash;
        int bucket = hash & _mask;
        int prev = End;
        int at = _head[bucket];
        while (at != End && at < slot)
        {
            prev = at;
            at = _next[at];
        }
        _next[slot] = at;
        if (prev == End) _head[bucket] = slot;
        else _next[prev] = slot;
    }

    /// <summary>Takes pool slot index out of its bucket; nothing if it is in none.</summary>
    public void Remove(int index)
    {
        int slot = index - _first;
        if (_next[slot] == NotIndexed) return;
        int bucket = _hash[slot] & _mask;
        int prev = End;
        int at = _head[bucket];
        while (at != slot)
        {
            prev = at;
            at = _next[at];
        }
        if (prev == End) _head[bucket] = _next[slot];
        else _next[prev] = _next[slot];
        _next[slot] = NotIndexed;
    }

    /// <summary>The first pool index added with this hash, or -1. Candidates only: match the key.</summary>
    public int First(int hash)
    {
        return Scan(_head[hash & _mask], hash);
    }

    /// <summary>The pool index after index (from First or Next) with this hash, or -1.</summary>
    public int Next(int index, int hash)
    {
        return Scan(_next[index - _first], hash);
    }

    private int Scan(int slot, int hash)
    {
        while (slot != End && _hash[slot] != hash) slot = _next[slot];
        return slot == End ? -1 : slot + _first;
    }

    // ---- Hashes ------------------------------------------------------------------------------

    /// <summary>Hash of a request for the server index: equal for all requests MatchesRequest pairs.</summary>
    public static int RequestHash(SipMessage m)
    {
        Via v = m.TopVia;
        if (v.HasRfc3261Branch) return Finish(Folded(Seed, m.Buffer, v.BranchOffset, v.BranchLength));
        // RFC 2543: Call-ID and CSeq number are among what the fallback rule compares byte for byte.
        uint h = Exact(Seed, m.Buffer, m.CallIdOffset, m.CallIdLength);
        long cseq = m.CSeq;
        h = (h ^ (uint)(cseq & 0xFFFFFFFF)) * Prime;
        h = (h ^ (uint)((cseq >> 32) & 0xFFFFFFFF)) * Prime;
        return Finish(h);
    }

    /// <summary>Hash of a response for the client index: its top Via branch, as BranchHash.</summary>
    public static int ResponseHash(SipMessage r)
    {
        Via v = r.TopVia;
        return BranchHash(r.Buffer, v.BranchOffset, v.BranchLength);
    }

    /// <summary>Hash of a client transaction's branch, case-folded as MatchesResponse compares it.</summary>
    public static int BranchHash(byte[] b, int off, int len)
    {
        return Finish(Folded(Seed, b, off, len));
    }

    // FNV-1a over the bytes, then a final mix so the low bits (the bucket) depend on every byte.
    private const uint Seed = 2166136261;
    private const uint Prime = 16777619;

    private static uint Folded(uint h, byte[] b, int off, int len)
    {
        // The case folding table read inline: a call per byte (Ascii.Lower) costs more than the
        // hash step on the nanoFramework interpreter.
        byte[] lower = Ascii.LowerCase;
        for (int i = 0; i < len; i++)
        {
            h = (h ^ lower[b[off + i]]) * Prime;
        }
        return h;
    }

    private static uint Exact(uint h, byte[] b, int off, int len)
    {
        for (int i = 0; i < len; i++) h = (h ^ b[off + i]) * Prime;
        return h;
    }

    private static int Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        return (int)h;
    }
}
