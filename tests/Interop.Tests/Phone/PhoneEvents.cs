using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Interop.Tests.Phone;

/// <summary>A registration state change the agent reported, stamped with the phone's clock.</summary>
public sealed class RegistrationEvent
{
    public RegistrationEvent(long atMs, RegistrationState state, string? contact, int expires, string detail)
    {
        AtMs = atMs;
        State = state;
        Contact = contact;
        Expires = expires;
        Detail = detail;
    }

    public long AtMs { get; }
    public RegistrationState State { get; }
    /// <summary>The bound Contact when Registered, else null.</summary>
    public string? Contact { get; }
    public int Expires { get; }
    public string Detail { get; }

    public override string ToString() =>
        $"{AtMs,8} ms {RegistrationStates.Name(State)}{(Contact != null ? " " + Contact + " " + Expires + " s" : "")}{(Detail.Length > 0 ? " (" + Detail + ")" : "")}";
}

/// <summary>
/// The application side of the agent in the tests: records every event with a timestamp and lets
/// the test thread wait (bounded) for a registration state. Called on the loop thread.
/// </summary>
public sealed class PhoneEvents : IAgentEvents
{
    private readonly IClock _clock;
    private readonly object _gate = new object();
    private readonly List<RegistrationEvent> _registration = new List<RegistrationEvent>();
    private readonly List<string> _calls = new List<string>();
    private Exception? _loopFault;

    public PhoneEvents(IClock clock)
    {
        _clock = clock;
    }

    public void OnRegistration(RegistrationState state, string? contact, int expires, string? detail)
    {
        lock (_gate)
        {
            _registration.Add(new RegistrationEvent(_clock.NowMs, state, contact, expires, detail ?? ""));
            Monitor.PulseAll(_gate);
        }
    }

    public void OnCall(int callId, CallState state, string? peer, string? detail)
    {
        lock (_gate)
        {
            _calls.Add($"{_clock.NowMs} ms call {callId} {CallStates.Name(state)} {peer} {detail}");
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The loop thread died: wake every waiter so the test fails now, with the exception.</summary>
    public void LoopFailed(Exception e)
    {
        lock (_gate)
        {
            _loopFault = e;
            Monitor.PulseAll(_gate);
        }
    }

    public Exception? LoopFault
    {
        get { lock (_gate) return _loopFault; }
    }

    /// <summary>Every registration event so far, oldest first.</summary>
    public IReadOnlyList<RegistrationEvent> Registration
    {
        get { lock (_gate) return _registration.ToList(); }
    }

    public IReadOnlyList<string> Calls
    {
        get { lock (_gate) return _calls.ToList(); }
    }

    /// <summary>How many registration events so far: pass it as "after" to wait only for newer ones.</summary>
    public int Mark
    {
        get { lock (_gate) return _registration.Count; }
    }

    /// <summary>
    /// Waits (bounded) for the first registration event at index &gt;= after in state; returns it.
    /// Throws TimeoutException with the history if it does not come.
    /// </summary>
    public RegistrationEvent WaitFor(RegistrationState state, TimeSpan timeout, int after = 0)
    {
        var sw = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                for (int i = after; i < _registration.Count; i++)
                    if (_registration[i].State == state) return _registration[i];
                if (_loopFault != null)
                    throw new InvalidOperationException("the phone's loop thread failed", _loopFault);
                TimeSpan left = timeout - sw.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException(
                        $"no '{RegistrationStates.Name(state)}' within {timeout.TotalSeconds:0.#} s; registration events:\n{Describe()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    public string Describe()
    {
        lock (_gate) return _registration.Count == 0 ? "(none)" : string.Join("\n", _registration);
    }
}
