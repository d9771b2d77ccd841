using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Dns;

/// <summary>
/// Finds the servers for a SIP host (RFC 3263 §4) with its own DNS queries (RFC 1035 over UDP): an
/// IP address is used as it is; a name with a port is looked up as A (then AAAA); a name whose
/// transport is fixed (sip.transport, sips:) gets that transport's SRV records (RFC 2782: by
/// priority, then weighted random); otherwise NAPTR chooses among UDP, TCP and TLS (the first
/// supported record by order and preference), and without NAPTR records the SRV records of TLS,
/// TCP and UDP are asked for in that order; without SRV records, the name's A records with the
/// default port. SRV targets take their addresses from the additional section when it has them.
/// The answer is a <see cref="TargetList"/> that lives as long as its shortest TTL. One query is in
/// flight at a time, retried once (1 s, then 2 s); no answer at all ends the resolution. Replies
/// are matched by id, source and question; a broken or truncated reply is used for what can be
/// read of it. Runs on the agent's loop thread; time comes from the injected clock.
/// </summary>
public sealed class SipResolver : ITimerTarget
{
    /// <summary>First wait for an answer; the retry waits twice as long.</summary>
    public const int QueryTimeoutMs = 1000;
    public const int Tries = 2;
    /// <summary>Longest a list is kept, whatever the TTLs say.</summary>
    public const int MaxTtlSeconds = 86400;
    private const int MaxSrvNames = 4;
    private const int MaxCnameSteps = 8;

    private enum Step : byte { Idle, Naptr, Srv, Address, Host, HostV6 }

    private readonly IClock _clock;
    private readonly TimerQueue _timers;
    private readonly IDatagramSender _sender;
    private readonly IRandom _random;
    private readonly Endpoint _scratch = new Endpoint();

    // The DNS client's tables (~3.5 KB on the device), made by the first name the phone asks its
    // DNS server for and kept: a phone with a numeric server, or without a DNS server, never makes them.
    private DnsResponse _reply;
    private byte[] _query;
    private byte[] _address;

    // SRV names to ask (from NAPTR, or the fallback list), with their transports.
    private string[] _srvNames;
    private TransportProtocol[] _srvProtocols;
    private int _srvCount;
    private int _srvIndex;

    // SRV records chosen, in the order they will be tried, and their addresses.
    private string[] _hosts;
    private int[] _ports;
    private int[] _priorities;
    private int[] _weights;
    private Endpoint[] _found;
    private bool[] _hasAddress;
    private TransportProtocol _srvProtocol;
    private int _hostCount;
    private int _addressIndex;

    private Step _step;
    private string _host;
    private int _port;
    private TransportProtocol _protocol;
    private bool _protocolFixed;
    private int _queryId;
    private string _queryName;
    private int _queryType;
    private int _queryLength;
    private int _tries;
    private int _timer = TimerQueue.None;
    private long _minTtl;

    public SipResolver(IClock clock, TimerQueue timers, IDatagramSender sender, IRandom random, IResolverEvents events)
    {
        _clock = clock;
        _timers = timers;
        _sender = sender;
        _random = random;
        Events = events;
    }

    /// <summary>The DNS client's tables, made the first time a name goes to the DNS server.</summary>
    private void MakeTables()
    {
        if (_reply != null) return;
        _reply = new DnsResponse();
        _query = new byte[DnsQuery.MaxLength];
        _address = new byte[16];
        _srvNames = Strings.NewArray(MaxSrvNames);
        _srvProtocols = new TransportProtocol[MaxSrvNames];
        _hosts = Strings.NewArray(TargetList.Capacity);
        _ports = new int[TargetList.Capacity];
        _priorities = new int[TargetList.Capacity];
        _weights = new int[TargetList.Capacity];
        _found = new Endpoint[TargetList.Capacity];
        for (int i = 0; i < TargetList.Capacity; i++) _found[i] = new Endpoint();
        _hasAddress = new bool[TargetList.Capacity];
    }

    /// <summary>Told when a resolution that did not finish at once has finished.</summary>
    public IResolverEvents Events { get; set; }

    /// <summary>The DNS server (net.dns, DHCP's, resolv.conf's). Kind None: no DNS of our own; names go to the platform as they are.</summary>
    public Endpoint Server { get; } = new Endpoint();

    /// <summary>The answer of the last resolution.</summary>
    public TargetList Targets { get; } = new TargetList();

    /// <summary>What went wrong or was odd in the last resolution (no answer, a bad reply, no records), for the event line; null if nothing.</summary>
    public string Problem { get; private set; }

    /// <summary>True while a resolution waits for an answer.</summary>
    public bool Busy { get { return _step != Step.Idle; } }

    /// <summary>Queries sent since construction (tests, the status).</summary>
    public int QueriesSent { get; private set; }

    /// <summary>Replies from the server that were dropped (unmatched id or question, unreadable).</summary>
    public int RepliesDropped { get; private set; }

    /// <summary>
    /// Starts resolving host (a name or an IP literal). port 0: none given (SRV applies).
    /// protocolFixed: only protocol may be used (sip.transport set, a sips: target). Returns true
    /// when the answer is ready at once (a literal, no DNS server, a name that is no DNS name):
    /// then no OnResolved follows. Otherwise OnResolved comes later; a resolution running is replaced.
    /// </summary>
    public bool Resolve(string host, int port, TransportProtocol protocol, bool protocolFixed)
    {
        Cancel();
        Targets.Clear();
        Problem = null;
        _host = host;
        _port = port;
        _protocol = protocol;
        _protocolFixed = protocolFixed;
        _minTtl = MaxTtlSeconds;
        if (host == null || host.Length == 0)
        {
            Problem = "no server";
            return true;
        }
        if (_scratch.TrySetHost(host, port != 0 ? port : TransportProtocols.DefaultPort(protocol)) && !_scratch.IsName)
        {
            _scratch.Protocol = protocol;
            Targets.Add(_scratch, null, 0, false);
            return true;
        }
        if (!_scratch.IsName || Server.Kind == HostKind.None || Server.Port == 0)
        {
            NameTarget();
            return true;
        }
        MakeTables();
        if (port != 0)
        {
            StartHost();
        }
        else if (protocolFixed)
        {
            _srvCount = 0;
            AddSrvName(SrvName(protocol, host), protocol);
            _srvIndex = 0;
            AskSrv();
        }
        else
        {
            Ask(Step.Naptr, host, DnsType.Naptr);
        }
        return false;
    }

    /// <summary>Stops a resolution in progress (no OnResolved).</summary>
    public void Cancel()
    {
        _timers.Cancel(ref _timer);
        _step = Step.Idle;
    }

    /// <summary>
    /// A datagram from the network: true if it came from the DNS server (then it is consumed here,
    /// used if it answers the query in flight), false if it is not for the resolver.
    /// </summary>
    public bool OnDatagram(byte[] buf, int off, int len, Endpoint source)
    {
        if (Server.Kind == HostKind.None || !source.Equals(Server)) return false;
        if (_step == Step.Idle || !_reply.Parse(buf, off, len) || _reply.Id != _queryId
            || _reply.QuestionType != _queryType || !_reply.NameEquals(_reply.QuestionNameOffset, _queryName))
        {
            RepliesDropped++;
            return true;
        }
        _timers.Cancel(ref _timer);
        if (_reply.Truncated) Note("truncated DNS reply for " + _queryName + " (used as far as it goes)");
        else if (_reply.BadRecords > 0 || _reply.Incomplete) Note("DNS reply for " + _queryName + ": " + _reply.Error);
        switch (_step)
        {
            case Step.Naptr: OnNaptr(); break;
            case Step.Srv: OnSrv(); break;
            case Step.Address: OnAddress(); break;
            default: OnHost(); break;
        }
        return true;
    }

    public void OnTimer(int timerKind, int cookie)
    {
        _timer = TimerQueue.None;
        if (_step == Step.Idle) return;
        if (_tries < Tries)
        {
            Send();
            return;
        }
        // A server that answers nothing will not answer the next question either.
        Problem = "no answer from the DNS server " + Server.ToString() + " for " + _queryName;
        _step = Step.Idle;
        if (Targets.Count == 0) NameTarget();
        if (Events != null) Events.OnResolved(this);
    }

    // ---- Steps ----------------------------------------------------------------------------------

    private void OnNaptr()
    {
        // RFC 3263 §4.1: records with flag "s" for a SIP service we support, by order then preference.
        _srvCount = 0;
        int count = _reply.RecordCount;
        for (int pass = 0; pass < count && _srvCount < MaxSrvNames; pass++)
        {
            int best = -1;
            for (int i = 0; i < count; i++)
            {
                if (_reply.TypeAt(i) != DnsType.Naptr || _reply.SectionAt(i) != 1 || !_reply.NameEquals(_reply.NameOffsetAt(i), _host)) continue;
                if (Taken(i)) continue;
                if (best < 0 || Before(i, best)) best = i;
            }
            if (best < 0) break;
            Take(best);
            TransportProtocol p;
            if (!UsableNaptr(best, out p)) continue;
            AddTtl(_reply.TtlAt(best));
            AddSrvName(_reply.NameText(_reply.NaptrReplacement(best)), p);
        }
        ClearTaken();
        if (_srvCount == 0)
        {
            // No NAPTR: ask for the SRV records of each transport we support (§4.1), TLS first.
            if (!_protocolFixed || _protocol == TransportProtocol.Tls) AddSrvName(SrvName(TransportProtocol.Tls, _host), TransportProtocol.Tls);
            if (!_protocolFixed || _protocol == TransportProtocol.Tcp) AddSrvName(SrvName(TransportProtocol.Tcp, _host), TransportProtocol.Tcp);
            if (!_protocolFixed || _protocol == TransportProtocol.Udp) AddSrvName(SrvName(TransportProtocol.Udp, _host), TransportProtocol.Udp);
        }
        _srvIndex = 0;
        AskSrv();
    }

    private void AskSrv()
    {
        if (_srvIndex >= _srvCount)
        {
            StartHost();
            return;
        }
        Ask(Step.Srv, _srvNames[_srvIndex], DnsType.Srv);
    }

    private void OnSrv()
    {
        _hostCount = 0;
        _srvProtocol = _srvProtocols[_srvIndex];
        int count = _reply.RecordCount;
        for (int i = 0; i < count && _hostCount < TargetList.Capacity; i++)
        {
            if (_reply.TypeAt(i) != DnsType.Srv || _reply.SectionAt(i) != 1 || !_reply.NameEquals(_reply.NameOffsetAt(i), _queryName)) continue;
            int target = _reply.SrvTarget(i);
            // "." means the service is decidedly not available at this domain (RFC 2782).
            if (_reply.Buffer[target] == 0 || !_reply.IsHostName(target) || _reply.SrvPort(i) == 0) continue;
            AddTtl(_reply.TtlAt(i));
            int k = _hostCount++;
            _hosts[k] = _reply.NameText(target);
            _ports[k] = _reply.SrvPort(i);
            _priorities[k] = _reply.SrvPriority(i);
            _weights[k] = _reply.SrvWeight(i);
            _hasAddress[k] = AddressFor(target, _found[k], _ports[k]);
        }
        if (_hostCount == 0)
        {
            _srvIndex++;
            AskSrv();
            return;
        }
        OrderByPriorityAndWeight();
        _addressIndex = -1;
        NextAddress();
    }

    /// <summary>Asks for the address of the next SRV target that has none yet; builds the list when all have been tried.</summary>
    private void NextAddress()
    {
        while (++_addressIndex < _hostCount)
        {
            if (_hasAddress[_addressIndex]) continue;
            Ask(Step.Address, _hosts[_addressIndex], DnsType.A);
            return;
        }
        for (int i = 0; i < _hostCount; i++)
        {
            if (!_hasAddress[i]) continue;
            _found[i].Protocol = _srvProtocol;
            Targets.Add(_found[i], _hosts[i], _priorities[i], false);
        }
        if (Targets.Count == 0)
        {
            // Every SRV target was without an address: try the next transport's SRV records.
            Note("no address for the SRV targets of " + _srvNames[_srvIndex]);
            _srvIndex++;
            AskSrv();
            return;
        }
        Finish();
    }

    private void OnAddress()
    {
        int k = _addressIndex;
        _hasAddress[k] = AddressOf(_found[k], _ports[k]);
        NextAddress();
    }

    private void StartHost()
    {
        _srvProtocol = _protocol;
        Ask(Step.Host, _host, DnsType.A);
    }

    private void OnHost()
    {
        int port = _port != 0 ? _port : TransportProtocols.DefaultPort(_protocol);
        int added = 0;
        int count = _reply.RecordCount;
        int canonical = Canonical(_reply.QuestionNameOffset);
        for (int i = 0; i < count; i++)
        {
            int t = _reply.TypeAt(i);
            if ((t != DnsType.A && t != DnsType.Aaaa) || _reply.SectionAt(i) != 1 || !_reply.SameName(_reply.NameOffsetAt(i), canonical)) continue;
            _scratch.SetAddress(_reply.Buffer, _reply.DataOffsetAt(i), t == DnsType.A ? 4 : 16, port);
            _scratch.Protocol = _protocol;
            AddTtl(_reply.TtlAt(i));
            if (Targets.Add(_scratch, _host, 0, false)) added++;
        }
        if (added == 0 && _step == Step.Host)
        {
            Ask(Step.HostV6, _host, DnsType.Aaaa);
            return;
        }
        if (Targets.Count == 0)
        {
            // Our DNS knows no address: let the platform try the name (its hosts file, its own resolver).
            Note("no address for " + _host + " in DNS");
            NameTarget();
        }
        Finish();
    }

    private void Finish()
    {
        _step = Step.Idle;
        Targets.ExpiresAtMs = _clock.NowMs + _minTtl * 1000;
        if (Events != null) Events.OnResolved(this);
    }

    // ---- Helpers --------------------------------------------------------------------------------

    /// <summary>The unresolved name as the only target: the platform resolves it when sending.</summary>
    private void NameTarget()
    {
        if (!_scratch.TrySetHost(_host, _port != 0 ? _port : TransportProtocols.DefaultPort(_protocol)))
        {
            if (Problem == null) Problem = "not a host name: " + _host;
            return;
        }
        _scratch.Protocol = _protocol;
        Targets.Add(_scratch, _host, 0, false);
        Targets.ExpiresAtMs = _clock.NowMs + 60000;
    }

    private void Ask(Step step, string name, int type)
    {
        _step = step;
        _queryName = name;
        _queryType = type;
        _queryId = (int)(_random.Next() & 0xFFFF);
        _queryLength = DnsQuery.Write(_query, 0, _queryId, name, type);
        _tries = 0;
        if (_queryLength < 0)
        {
            // A name DNS cannot carry (from a broken reply, or the configuration): no answer for it.
            Note("not a DNS name: " + name);
            switch (step)
            {
                case Step.Srv: _srvIndex++; AskSrv(); return;
                case Step.Address: _hasAddress[_addressIndex] = false; NextAddress(); return;
                default: NameTarget(); Finish(); return;
            }
        }
        Send();
    }

    private void Send()
    {
        _tries++;
        QueriesSent++;
        _sender.Send(_query, 0, _queryLength, Server);
        _timer = _timers.Schedule(_clock.NowMs + (QueryTimeoutMs << (_tries - 1)), this, 0, 0);
    }

    private void Note(string what)
    {
        if (Problem == null) Problem = what;
    }

    private void AddTtl(int ttl)
    {
        if (ttl < _minTtl) _minTtl = ttl;
    }

    private void AddSrvName(string name, TransportProtocol p)
    {
        if (_srvCount < MaxSrvNames)
        {
            _srvNames[_srvCount] = name;
            _srvProtocols[_srvCount] = p;
            _srvCount++;
        }
    }

    private static string SrvName(TransportProtocol p, string host)
    {
        switch (p)
        {
            case TransportProtocol.Tls: return "_sips._tcp." + host;
            case TransportProtocol.Tcp: return "_sip._tcp." + host;
            default: return "_sip._udp." + host;
        }
    }

    /// <summary>A NAPTR for SIP with flag "s", an empty regexp and a service we support (and may use).</summary>
    private bool UsableNaptr(int i, out TransportProtocol p)
    {
        p = TransportProtocol.Udp;
        int off, len;
        _reply.NaptrField(i, 0, out off, out len);
        if (len != 1 || (_reply.Buffer[off] | 0x20) != (byte)'s') return false;
        _reply.NaptrField(i, 2, out off, out len);
        if (len != 0) return false;
        _reply.NaptrField(i, 1, out off, out len);
        byte[] b = _reply.Buffer;
        if (len == 7 && Ascii.EqualsIgnoreCase(b, off, len, "SIP+D2U")) p = TransportProtocol.Udp;
        else if (len == 7 && Ascii.EqualsIgnoreCase(b, off, len, "SIP+D2T")) p = TransportProtocol.Tcp;
        else if (len == 8 && Ascii.EqualsIgnoreCase(b, off, len, "SIPS+D2T")) p = TransportProtocol.Tls;
        else return false;
        if (_protocolFixed && p != _protocol) return false;
        return _reply.IsHostName(_reply.NaptrReplacement(i));
    }

    private bool Before(int a, int b)
    {
        int oa = _reply.NaptrOrder(a), ob = _reply.NaptrOrder(b);
        if (oa != ob) return oa < ob;
        return _reply.NaptrPreference(a) < _reply.NaptrPreference(b);
    }

    // Marks for the NAPTR selection (records already ordered), one bit per record.
    private uint _taken;

    private bool Taken(int i) { return (_taken & (1u << i)) != 0; }

    private void Take(int i) { _taken |= 1u << i; }

    private void ClearTaken() { _taken = 0; }

    /// <summary>The address of the name at nameOffset from this reply's A records (any section): into, with port.</summary>
    private bool AddressFor(int nameOffset, Endpoint into, int port)
    {
        for (int i = 0; i < _reply.RecordCount; i++)
        {
            if (_reply.TypeAt(i) != DnsType.A || !_reply.SameName(_reply.NameOffsetAt(i), nameOffset)) continue;
            into.SetAddress(_reply.Buffer, _reply.DataOffsetAt(i), 4, port);
            AddTtl(_reply.TtlAt(i));
            return true;
        }
        return false;
    }

    /// <summary>The first A record of the queried name (following CNAMEs) into into.</summary>
    private bool AddressOf(Endpoint into, int port)
    {
        int canonical = Canonical(_reply.QuestionNameOffset);
        return AddressFor(canonical, into, port);
    }

    /// <summary>The name the question's name is an alias of (CNAME records in the answer), or the name itself.</summary>
    private int Canonical(int name)
    {
        for (int step = 0; step < MaxCnameSteps; step++)
        {
            int next = -1;
            for (int i = 0; i < _reply.RecordCount; i++)
            {
                if (_reply.TypeAt(i) == DnsType.Cname && _reply.SectionAt(i) == 1 && _reply.SameName(_reply.NameOffsetAt(i), name))
                {
                    next = _reply.CnameTarget(i);
                    AddTtl(_reply.TtlAt(i));
                    break;
                }
            }
            if (next < 0) return name;
            name = next;
        }
        return name;
    }

    /// <summary>RFC 2782: lowest priority first; within a priority, weighted random order (weight 0 rarely first).</summary>
    private void OrderByPriorityAndWeight()
    {
        // Insertion sort by priority (few records).
        for (int i = 1; i < _hostCount; i++)
        {
            for (int j = i; j > 0 && _priorities[j] < _priorities[j - 1]; j--) Swap(j, j - 1);
        }
        int start = 0;
        while (start < _hostCount)
        {
            int end = start;
            while (end < _hostCount && _priorities[end] == _priorities[start]) end++;
            for (int pos = start; pos < end - 1; pos++)
            {
                int sum = 0;
                for (int k = pos; k < end; k++) sum += _weights[k];
                int pick = pos;
                if (sum > 0)
                {
                    int r = (int)(_random.Next() % (uint)(sum + 1));
                    int running = 0;
                    for (int k = pos; k < end; k++)
                    {
                        running += _weights[k];
                        if (running >= r && (_weights[k] > 0 || r == 0)) { pick = k; break; }
                    }
                }
                Swap(pos, pick);
            }
            start = end;
        }
    }

    private void Swap(int a, int b)
    {
        if (a == b) return;
        string h = _hosts[a]; _hosts[a] = _hosts[b]; _hosts[b] = h;
        int t = _ports[a]; _ports[a] = _ports[b]; _ports[b] = t;
        t = _priorities[a]; _priorities[a] = _priorities[b]; _priorities[b] = t;
        t = _weights[a]; _weights[a] = _weights[b]; _weights[b] = t;
        Endpoint e = _found[a]; _found[a] = _found[b]; _found[b] = e;
        bool x = _hasAddress[a]; _hasAddress[a] = _hasAddress[b]; _hasAddress[b] = x;
    }
}

/// <summary>Where <see cref="SipResolver"/> reports a finished resolution (its Targets and Problem).</summary>
public interface IResolverEvents
{
    void OnResolved(SipResolver resolver);
}
