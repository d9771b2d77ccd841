using NanoPhone.Sip.Dns;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Context;

/// <summary>
/// Where requests outside a dialog go, and where to go when that fails (RFC 3263 §4.3): the first
/// hop (the outbound proxy, else sip.server) resolved by <see cref="SipResolver"/>, followed by
/// sip.server.backup resolved the same way, as one ordered <see cref="TargetList"/>; the current
/// target, the next one on a failure, the first (preferred) one again later. Registration moves it;
/// calls send their new requests to <see cref="Current"/>. The list is looked up again once its
/// TTL has passed. Loop thread only.
/// </summary>
public sealed class ServerLocator : IResolverEvents
{
    private readonly AgentSettings _settings;
    private readonly TargetList _targets = new TargetList();
    private bool _resolvingBackup;
    private bool _stale = true;

    public ServerLocator(AgentSettings settings, SipResolver resolver)
    {
        _settings = settings;
        Resolver = resolver;
    }

    public SipResolver Resolver { get; }

    /// <summary>Told when a lookup that did not finish at once has finished (registration).</summary>
    public IResolverEvents Listener { get; set; }

    public TargetList Targets { get { return _targets; } }

    /// <summary>The target in use (index into Targets).</summary>
    public int Index { get; private set; }

    public int Count { get { return _targets.Count; } }

    /// <summary>True while a lookup is running.</summary>
    public bool Busy { get { return Resolver.Busy; } }

    /// <summary>What the lookup found odd or wrong (for event lines); null if nothing.</summary>
    public string Problem { get; private set; }

    /// <summary>The target in use: a resolved server, or the first hop as configured before any lookup.</summary>
    public Endpoint Current { get { return _targets.Count > 0 ? _targets.At(Index) : _settings.FirstHop; } }

    /// <summary>The first target: where the phone wants to be registered.</summary>
    public Endpoint Preferred { get { return _targets.Count > 0 ? _targets.At(0) : _settings.FirstHop; } }

    /// <summary>
    /// The name the target in use must prove with its TLS certificate (RFC 5922 §4: the configured
    /// host, not the SRV target): sip.server's (or the outbound proxy's), or the backup's.
    /// </summary>
    public string CurrentServerName
    {
        get
        {
            bool backup = _targets.Count > 0 && _targets.IsBackupAt(Index);
            return HostOf(backup ? _settings.Backup : _settings.FirstHop);
        }
    }

    /// <summary>True when the target in use is the first one.</summary>
    public bool OnPreferred { get { return Index == 0; } }

    /// <summary>"sip1.example.com 192.0.2.1:5060/udp" for the target in use (allocates).</summary>
    public string Describe()
    {
        return _targets.Count > 0 ? _targets.Describe(Index) : Current.ToString();
    }

    /// <summary>True when the targets are known, for the first hop and backup configured now, and their TTL has not passed.</summary>
    public bool IsReady(long nowMs)
    {
        if (_stale || Resolver.Busy || _targets.Count == 0 || nowMs >= _targets.ExpiresAtMs) return false;
        return _resolvedHop.SameFlow(_settings.FirstHop) && _resolvedBackup.SameFlow(_settings.Backup)
            && _resolvedHop.Kind == _settings.FirstHop.Kind && _resolvedBackup.Kind == _settings.Backup.Kind;
    }

    private readonly Endpoint _resolvedHop = new Endpoint();
    private readonly Endpoint _resolvedBackup = new Endpoint();

    /// <summary>The settings changed: look the servers up again before the next request.</summary>
    public void Invalidate()
    {
        _stale = true;
        Resolver.Cancel();
        _resolvingBackup = false;
    }

    /// <summary>
    /// Looks the servers up: true when done at once (addresses, no DNS), false when the answer
    /// comes later through Listener. The target in use stays the same server when it is still listed.
    /// </summary>
    public bool Resolve()
    {
        _stale = false;
        Problem = null;
        _resolvingBackup = false;
        Endpoint hop = _settings.FirstHop;
        _resolvedHop.CopyFrom(hop);
        _resolvedBackup.CopyFrom(_settings.Backup);
        string host = HostOf(hop);
        bool done = Resolver.Resolve(host, _settings.FirstHopPortGiven ? hop.Port : 0, hop.Protocol, _settings.FirstHopTransportFixed);
        if (!done) return false;
        return TookPrimary();
    }

    public void OnResolved(SipResolver resolver)
    {
        if (_resolvingBackup)
        {
            TookBackup();
        }
        else if (!TookPrimary())
        {
            return;
        }
        if (Listener != null) Listener.OnResolved(resolver);
    }

    /// <summary>The primary's answer is in: keep it, then look up the backup. True when everything is done.</summary>
    private bool TookPrimary()
    {
        Endpoint keep = _kept;
        bool hadCurrent = _targets.Count > 0;
        if (hadCurrent) keep.CopyFrom(_targets.At(Index));
        _targets.Clear();
        _targets.AddAll(Resolver.Targets, false);
        Problem = Resolver.Problem;
        Index = 0;
        if (hadCurrent)
        {
            int i = _targets.IndexOf(keep);
            if (i >= 0) Index = i;
        }
        Endpoint backup = _settings.Backup;
        if (backup.Kind == HostKind.None) return true;
        _resolvingBackup = true;
        bool done = Resolver.Resolve(HostOf(backup), _settings.BackupPortGiven ? backup.Port : 0, backup.Protocol, _settings.FirstHopTransportFixed);
        if (!done) return false;
        TookBackup();
        return true;
    }

    private void TookBackup()
    {
        _resolvingBackup = false;
        _targets.AddAll(Resolver.Targets, true);
        if (Problem == null) Problem = Resolver.Problem;
    }

    private readonly Endpoint _kept = new Endpoint();

    /// <summary>The next target after a failure; false when none is left (Index stays).</summary>
    public bool Advance()
    {
        if (Index + 1 >= _targets.Count) return false;
        Index++;
        return true;
    }

    /// <summary>Back to the first (preferred) target.</summary>
    public void Restart()
    {
        Index = 0;
    }

    /// <summary>The host of an endpoint as text: its name, or its address without brackets (allocates).</summary>
    public static string HostOf(Endpoint e)
    {
        if (e.IsName) return e.HostName;
        if (e.Kind == HostKind.None) return null;
        byte[] t = new byte[Endpoint.MaxAddressTextLength];
        int n = e.WriteHost(t, 0);
        return e.IsIPv6 ? NanoPhone.Sip.Text.Ascii.ToString(t, 1, n - 2) : NanoPhone.Sip.Text.Ascii.ToString(t, 0, n);
    }
}
