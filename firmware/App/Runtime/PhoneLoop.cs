using System.Threading;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Runtime;

/// <summary>
/// The one thread that owns all SIP state: it runs posted work, receives datagrams, and fires the
/// agent's timers, sleeping in the transport's poll until the next timer is due. Other threads
/// only Post. The inbox is bounded; a full inbox refuses work instead of growing.
/// A turn waits at most <see cref="MaxWaitMs"/>, so the owner's per-turn work (polling the
/// hardware) runs often enough; with a poller that Post can wake (<see cref="IWakeablePoller"/>)
/// the owner may allow longer waits while it has nothing to poll (<see cref="WaitLimitMs"/>), so
/// an idle phone wakes only for its timers, a datagram or posted work.
/// </summary>
public sealed class PhoneLoop : IDatagramReceiver
{
    public const int InboxCapacity = 64;
    /// <summary>Longest single wait unless the owner raises <see cref="WaitLimitMs"/>, so posted work never waits long for the poll to return.</summary>
    public const int MaxWaitMs = 20;
    /// <summary>Upper bound of <see cref="WaitLimitMs"/>.</summary>
    public const int MaxIdleWaitMs = 60000;

    private readonly UserAgent _agent;
    private readonly IDatagramPoller _poller;
    private readonly IWakeablePoller _waker;
    private readonly IClock _clock;
    private readonly ILoopWork[] _inbox = new ILoopWork[InboxCapacity];
    private readonly object _gate = new object();
    private int _head;
    private int _count;
    private bool _waiting;          // under _gate: the loop is (about to be) in a wait Post must cut short
    private bool _wakeRequested;    // under _gate: WakeUp came while the loop was not waiting
    private int _waitLimitMs = MaxWaitMs;
    private bool _stop;
    private Thread _thread;

    public PhoneLoop(UserAgent agent, IDatagramPoller poller, IClock clock)
    {
        _agent = agent;
        _poller = poller;
        _waker = poller as IWakeablePoller;
        _clock = clock;
    }

    public UserAgent Agent { get { return _agent; } }

    /// <summary>
    /// The longest wait of the next turns when no timer is due sooner: <see cref="MaxWaitMs"/> unless
    /// the owner raises it (up to <see cref="MaxIdleWaitMs"/>), e.g. while no key, hook change or
    /// dial timer needs the per-turn polling. Only a poller that Post can wake waits longer than
    /// <see cref="MaxWaitMs"/>; with any other the raise is ignored. Loop thread (or before Start).
    /// </summary>
    public int WaitLimitMs
    {
        get { return _waitLimitMs; }
        set { _waitLimitMs = value < 0 ? 0 : value > MaxIdleWaitMs ? MaxIdleWaitMs : value; }
    }

    /// <summary>Queues work for the loop thread (waking its poll); false if the inbox is full.</summary>
    public bool Post(ILoopWork work)
    {
        bool wake;
        lock (_gate)
        {
            if (_count == InboxCapacity) return false;
            _inbox[(_head + _count) % InboxCapacity] = work;
            _count++;
            wake = _waiting;
            _waiting = false;      // one wake-up per wait is enough
        }
        if (wake) _waker.Wake();
        return true;
    }

    /// <summary>
    /// Cuts the loop's current wait short, or its next one if it is not waiting (any thread), e.g.
    /// after setting the owner's stop flag. Only with a poller that can be woken; others return
    /// within <see cref="MaxWaitMs"/> anyway.
    /// </summary>
    public void WakeUp()
    {
        bool wake;
        lock (_gate)
        {
            wake = _waiting;
            _waiting = false;
            if (!wake) _wakeRequested = true;
        }
        if (wake) _waker.Wake();
    }

    /// <summary>
    /// One turn: posted work, at most one datagram (waiting up to the next timer), due timers. A
    /// turn that ran posted work does not wait, so the owner's per-turn work after it (hardware,
    /// input) sees the work's effects at once.
    /// </summary>
    public void RunOnce()
    {
        ILoopWork work;
        bool ranWork = false;
        while ((work = Take()) != null)
        {
            work.Run();
            ranWork = true;
        }
        _agent.Tick();
        long wait = _agent.NextDueMs - _clock.NowMs;
        int limit = _waker != null ? _waitLimitMs : _waitLimitMs < MaxWaitMs ? _waitLimitMs : MaxWaitMs;
        int waitMs = ranWork || wait < 0 ? 0 : wait > limit ? limit : (int)wait;
        if (_waker != null && waitMs > 0)
        {
            lock (_gate)
            {
                // Work posted (or a wake-up asked for) since the inbox was emptied: no wait.
                // Otherwise Post and WakeUp wake the poll.
                if (_count > 0 || _wakeRequested) waitMs = 0;
                else _waiting = true;
                _wakeRequested = false;
            }
            _poller.Poll(waitMs, this);
            lock (_gate) _waiting = false;
        }
        else
        {
            _poller.Poll(waitMs, this);
        }
        _agent.Tick();
    }

    public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
    {
        _agent.Receive(buf, off, len, source);
    }

    /// <summary>Runs the loop on a new thread until Stop.</summary>
    public void Start()
    {
        _stop = false;
        _thread = new Thread(Run);
        _thread.Start();
    }

    public void Run()
    {
        while (!_stop) RunOnce();
        ILoopWork work;
        while ((work = Take()) != null) work.Run();
    }

    /// <summary>Ends the loop after its current turn (runs what was posted first) and waits for it.</summary>
    public void Stop()
    {
        _stop = true;
        WakeUp();
        if (_thread != null)
        {
            _thread.Join();
            _thread = null;
        }
    }

    private ILoopWork Take()
    {
        lock (_gate)
        {
            if (_count == 0) return null;
            ILoopWork w = _inbox[_head];
            _inbox[_head] = null;
            _head = (_head + 1) % InboxCapacity;
            _count--;
            return w;
        }
    }
}
