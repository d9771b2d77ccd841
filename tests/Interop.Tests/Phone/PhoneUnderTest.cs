using System;
using System.Threading;
using NanoPhone.App.Runtime;
using NanoPhone.Host;
using NanoPhone.Net;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Interop.Tests.Phone;

/// <summary>
/// A NanoPhone as the firmware runs it, on the desktop: a real UDP socket (UdpTransport), the
/// user agent, the PhoneLoop that owns all SIP state, and the real monotonic clock. The test
/// thread talks to it the way the phone's other threads do: by posting work to the loop
/// (OnLoop), which it then waits for, bounded. Everything it records (events, datagrams) is
/// stamped with the phone's own clock, so times can be compared.
///
/// The loop thread calls PhoneLoop.RunOnce — the body of PhoneLoop.Run — inside a catch, so
/// that an exception in sipua fails the test (with the exception) instead of killing the test host.
/// </summary>
public sealed class PhoneUnderTest : IDisposable, IPhoneOnTheWire
{
    /// <summary>How long OnLoop waits for the loop to run posted work.</summary>
    public static readonly TimeSpan LoopTimeout = TimeSpan.FromSeconds(5);

    private static int _seedCounter;

    private readonly PhoneLoop _loop;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _disposed;

    /// <param name="registrarPort">Kamailio's port on 127.0.0.1 (registrar and outbound proxy).</param>
    /// <param name="configure">Changes to the settings (password, expiry...) before the agent exists.</param>
    /// <param name="localAddress">The address the phone's socket binds to (port chosen by the system).</param>
    /// <param name="calls">Call slots (one is kept for a call ending): 3 gives the device's two live calls (call waiting, transfer).</param>
    /// <param name="streams">TCP and TLS connections (the settings choose the transport); null: UDP only.</param>
    public PhoneUnderTest(int registrarPort, Action<AgentSettings>? configure = null, string localAddress = "127.0.0.1", int calls = 2,
        StreamSockets? streams = null)
    {
        Settings = new AgentSettings
        {
            User = TestUsers.Linda,
            Password = TestUsers.LindaPassword,
            Domain = TestUsers.Domain,
            Expires = 600,
        };
        Settings.Server.CopyFrom(new Endpoint("127.0.0.1", registrarPort));
        configure?.Invoke(Settings);

        Clock = new SystemClock();
        Events = new PhoneEvents(Clock);
        var socket = new UdpTransport(localAddress, 0);
        Network = new PhoneNetwork(socket, Clock);
        uint seed = (uint)Environment.TickCount ^ (uint)Interlocked.Increment(ref _seedCounter) * 2654435761u;
        Agent = new UserAgent(Settings, Clock, Network, Events, new Randomness(seed), socket.LocalEndpoint,
            new AgentCapacity(16, 16, calls), null, streams);
        if (streams != null) Network.Attach(streams, Agent.Flows);
        _loop = new PhoneLoop(Agent, Network, Clock);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "phone loop " + socket.LocalEndpoint };
        _thread.Start();
    }

    public AgentSettings Settings { get; }

    public SystemClock Clock { get; }

    public PhoneEvents Events { get; }

    public PhoneNetwork Network { get; }

    /// <summary>The agent; its state belongs to the loop thread: read it through OnLoop.</summary>
    public UserAgent Agent { get; }

    /// <summary>The socket's address now ("127.0.0.1:port").</summary>
    public Endpoint LocalEndpoint => Network.Current.LocalEndpoint;

    public int LocalPort => LocalEndpoint.Port;

    /// <summary>The Contact the phone registers now, as Kamailio lists it: "sip:linda@127.0.0.1:port".</summary>
    public string Contact => $"sip:{Settings.User}@{LocalEndpoint}";

    public RegistrationState State => OnLoop(() => Agent.Registration.State);

    public string Detail => OnLoop(() => Agent.Registration.Detail);

    public int GrantedExpires => OnLoop(() => Agent.Registration.GrantedExpires);

    /// <summary>Starts registering (as the console's "register" does); returns the phone-clock time it was asked.</summary>
    public long StartRegistration()
    {
        long at = Clock.NowMs;
        OnLoop(() => Agent.Registration.Start());
        return at;
    }

    /// <summary>Removes the binding (un-REGISTER) and stops refreshing.</summary>
    public long StopRegistration()
    {
        long at = Clock.NowMs;
        OnLoop(() => Agent.Registration.Stop());
        return at;
    }

    /// <summary>
    /// The phone got a new address: binds a socket on <paramref name="address"/>, and on the loop
    /// thread switches to it and tells the agent (SetLocalContact), as the network watcher would.
    /// The old socket is closed: that address is gone. Returns the phone-clock time of the move.
    /// </summary>
    public long MoveTo(string address)
    {
        var next = new UdpTransport(address, 0);
        long at = Clock.NowMs;
        UdpTransport? old = null;
        try
        {
            OnLoop(() =>
            {
                old = Network.Use(next);
                Agent.SetLocalContact(next.LocalEndpoint);
            });
        }
        catch
        {
            if (old == null) next.Dispose();
            throw;
        }
        old?.Dispose();
        return at;
    }

    /// <summary>Waits (bounded) for a registration event in state, after event index <paramref name="after"/>.</summary>
    public RegistrationEvent WaitFor(RegistrationState state, TimeSpan timeout, int after = 0) =>
        Events.WaitFor(state, timeout, after);

    /// <summary>
    /// Waits (bounded) for the first call event in <paramref name="state"/> of any call, or of call
    /// <paramref name="number"/> (then failing at once if that call ends otherwise): PhoneEvents.WaitForCall,
    /// with the datagram log in the timeout message.
    /// </summary>
    public PhoneCallEvent WaitForCall(CallEventKind kind, TimeSpan timeout, int? number = null) =>
        Events.WaitForCall(kind, timeout, number, () => "-- datagrams\n" + Network.Describe());

    /// <summary>Runs f on the loop thread and returns its result; bounded by LoopTimeout.</summary>
    public T OnLoop<T>(Func<T> f)
    {
        T result = default!;
        OnLoop(() => { result = f(); });
        return result;
    }

    /// <summary>Runs a on the loop thread and waits for it (bounded); rethrows what it threw.</summary>
    public void OnLoop(Action a)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(PhoneUnderTest));
        var work = new Work(a);
        if (!_loop.Post(work)) throw new InvalidOperationException("the phone loop's inbox is full");
        if (!work.Done.Wait(LoopTimeout))
        {
            Exception? fault = Events.LoopFault;
            throw new TimeoutException($"the phone loop did not run posted work within {LoopTimeout.TotalSeconds} s", fault);
        }
        if (work.Error != null) throw new InvalidOperationException("posted work failed on the loop thread", work.Error);
    }

    /// <summary>Registration and call events and every datagram, for assertion messages.</summary>
    public string Describe() =>
        $"phone {LocalEndpoint}\n-- registration events\n{Events.Describe()}\n-- call events\n{Events.DescribeCalls()}\n-- datagrams\n{Network.Describe()}";

    private void RunLoop()
    {
        try
        {
            while (!_stopping) _loop.RunOnce();
        }
        catch (Exception e)
        {
            Events.LoopFailed(e);
        }
    }

    /// <summary>Stops the loop thread (bounded) and closes the socket. Does not un-REGISTER.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        // A turn waits at most PhoneLoop.MaxWaitMs in the poll; 5 s is plenty even under load.
        _thread.Join(TimeSpan.FromSeconds(5));
        Network.Dispose();
    }

    private sealed class Work : ILoopWork
    {
        private readonly Action _action;
        public readonly ManualResetEventSlim Done = new ManualResetEventSlim();
        public Exception? Error;

        public Work(Action action) { _action = action; }

        public void Run()
        {
            try { _action(); }
            catch (Exception e) { Error = e; }
            finally { Done.Set(); }
        }
    }
}
