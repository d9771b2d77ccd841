using System.Threading;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Runtime;

/// <summary>
/// The one thread that owns all SIP state: it runs posted work, receives datagrams, and fires the
/// agent's timers, sleeping in the transport's poll until the next timer is due. Other threads
/// only Post. The inbox is bounded; a full inbox refuses work instead of growing.
/// </summary>
public sealed class PhoneLoop : IDatagramReceiver
{
    public const int InboxCapacity = 64;
    /// <summary>Longest single wait, so posted work never waits long for the poll to return.</summary>
    public const int MaxWaitMs = 20;

    private readonly UserAgent _agent;
    private readonly IDatagramPoller _poller;
    private readonly IClock _clock;
    private readonly ILoopWork[] _inbox = new ILoopWork[InboxCapacity];
    private readonly object _gate = new object();
    private int _head;
    private int _count;
    private bool _stop;
    private Thread _thread;

    public PhoneLoop(UserAgent agent, IDatagramPoller poller, IClock clock)
    {
        _agent = agent;
        _poller = poller;
        _clock = clock;
    }

    public UserAgent Agent { get { return _agent; } }

    /// <summary>Queues work for the loop thread; false if the inbox is full.</summary>
    public bool Post(ILoopWork work)
    {
        lock (_gate)
        {
            if (_count == InboxCapacity) return false;
            _inbox[(_head + _count) % InboxCapacity] = work;
            _count++;
            return true;
        }
    }

    /// <summary>One turn: posted work, at most one datagram (waiting up to the next timer), due timers.</summary>
    public void RunOnce()
    {
        ILoopWork work;
        while ((work = Take()) != null) work.Run();
        _agent.Tick();
        long wait = _agent.NextDueMs - _clock.NowMs;
        int waitMs = wait < 0 ? 0 : wait > MaxWaitMs ? MaxWaitMs : (int)wait;
        _poller.Poll(waitMs, this);
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
