using System;
using System.Collections.Generic;
using System.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>How a scripted peer resends something until it is answered (RFC 3261 §17, §13.3.1.4).</summary>
public enum Resend
{
    /// <summary>Sent once.</summary>
    None,
    /// <summary>INVITE request: Timer A from T1, doubling without cap, until Timer B = 64·T1.</summary>
    TimerA,
    /// <summary>Non-INVITE request: Timer E from T1, doubling up to T2, until Timer F = 64·T1.</summary>
    TimerE,
    /// <summary>INVITE final response (non-2xx: Timer G until H; 2xx: §13.3.1.4): T1 doubling up to T2, until 64·T1.</summary>
    TimerG,
}

/// <summary>
/// A peer written as a small state machine on the network's manual clock: it sends text and
/// resends requests and INVITE final responses per RFC 3261's timers until told to stop (a
/// response or an ACK came) or the timeout (64·T1) passes, when OnGiveUp says which one.
/// </summary>
public abstract class ScriptedPeer : INetworkNode
{
    private sealed class Pending
    {
        public byte[] Bytes = Array.Empty<byte>();
        public readonly Endpoint To = new();
        public long Next;
        public int Interval;
        public long Deadline;
        public Resend Rule;
    }

    protected readonly InMemoryNetwork Net;
    public readonly Endpoint Address = new();
    protected readonly InMemoryNetwork.Port Port;
    public readonly TimerSettings Timers = new();
    private readonly Dictionary<string, Pending> _pending = new();
    private readonly List<string> _due = new();
    private long _nextDue = TimerQueue.Never;
    private bool _dirty;

    /// <summary>Copies sent again by a timer (not first sends).</summary>
    public int Retransmissions { get; private set; }
    /// <summary>CRLF keep-alives received.</summary>
    public int KeepAlives { get; private set; }

    protected ScriptedPeer(InMemoryNetwork net, Endpoint address)
    {
        Net = net;
        Address.CopyFrom(address);
        Port = net.Attach(address, this);
    }

    protected long Now => Net.Clock.NowMs;

    protected void Send(string text, Endpoint to)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        Port.Send(b, 0, b.Length, to);
    }

    /// <summary>Sends text now and keeps resending it by rule under key until StopResending(key).</summary>
    protected void SendReliably(string key, string text, Endpoint to, Resend rule)
    {
        Send(text, to);
        if (rule == Resend.None) return;
        var p = new Pending
        {
            Bytes = Encoding.ASCII.GetBytes(text),
            Interval = Timers.T1,
            Next = Now + Timers.T1,
            Deadline = Now + 64L * Timers.T1,
            Rule = rule,
        };
        p.To.CopyFrom(to);
        _pending[key] = p;
        _dirty = true;
    }

    protected bool StopResending(string key)
    {
        _dirty = true;
        return _pending.Remove(key);
    }

    public bool IsResending(string key) => _pending.ContainsKey(key);

    public int PendingCount => _pending.Count + _later.Count;

    private readonly List<(long Due, Action Action)> _later = new();

    /// <summary>Runs action after delayMs of simulated time (a peer's own timer, e.g. retry after Retry-After).</summary>
    protected void Later(long delayMs, Action action)
    {
        _later.Add((Now + delayMs, action));
        _dirty = true;
    }

    /// <summary>The timeout passed (Timer B, F or H): key was never answered.</summary>
    protected virtual void OnGiveUp(string key) { }

    public long NextDueMs
    {
        get
        {
            if (_dirty)
            {
                _nextDue = TimerQueue.Never;
                foreach (var p in _pending.Values)
                {
                    if (p.Next < _nextDue) _nextDue = p.Next;
                }
                foreach (var l in _later)
                {
                    if (l.Due < _nextDue) _nextDue = l.Due;
                }
                _dirty = false;
            }
            return _nextDue;
        }
    }

    public void Tick()
    {
        long now = Now;
        for (int i = 0; i < _later.Count; i++)
        {
            if (_later[i].Due > now) continue;
            Action a = _later[i].Action;
            _later.RemoveAt(i--);
            a();
        }
        _due.Clear();
        foreach (var kv in _pending)
        {
            if (kv.Value.Next <= now) _due.Add(kv.Key);
        }
        foreach (string key in _due)
        {
            if (!_pending.TryGetValue(key, out Pending? p) || p.Next > now) continue;
            if (now >= p.Deadline)
            {
                _pending.Remove(key);
                OnGiveUp(key);
                continue;
            }
            Port.Send(p.Bytes, 0, p.Bytes.Length, p.To);
            Retransmissions++;
            p.Interval = p.Rule == Resend.TimerA ? p.Interval * 2 : Math.Min(p.Interval * 2, Timers.T2);
            p.Next = Math.Min(now + p.Interval, p.Deadline);
        }
        _dirty = true;
    }

    public void Receive(byte[] buf, int off, int len, Endpoint source)
    {
        if (SipText.IsKeepAlive(buf, off, len))
        {
            KeepAlives++;
            return;
        }
        var from = new Endpoint();
        from.CopyFrom(source);
        OnMessage(SipText.Parse(buf, off, len), from);
    }

    protected abstract void OnMessage(SipText m, Endpoint source);
}
