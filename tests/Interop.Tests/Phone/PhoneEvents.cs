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

/// <summary>A registration state change the agent reported (IAgentEvents.OnRegistration), stamped with the phone's clock.</summary>
/// <param name="Contact">The bound Contact when Registered, else null.</param>
public sealed record RegistrationEvent(long AtMs, RegistrationState State, string? Contact, int Expires, string Detail)
{
    public override string ToString() =>
        $"{AtMs,8} ms {RegistrationStates.Name(State)}{(Contact != null ? " " + Contact + " " + Expires + " s" : "")}{(Detail.Length > 0 ? " (" + Detail + ")" : "")}";
}

/// <summary>A call event the agent reported (IAgentEvents.OnCall), stamped with the phone's clock, with the call's state after it.</summary>
/// <param name="Number">The phone's number for the call (not the SIP Call-ID).</param>
/// <param name="Peer">
/// The other party as people read it: the caller ("SIPp caller &lt;sip:sipp@127.0.0.1:port&gt;")
/// for incoming calls, the dialled URI for the phone's own.
/// </param>
/// <param name="Detail">The forward target, the reason it ended..., "" if none.</param>
/// <param name="StateName">The call's state once the event was raised (its name: "confirmed", "terminated"...), "" for a caller turned away without a slot.</param>
public sealed record PhoneCallEvent(long AtMs, int Number, CallEventKind Kind, CallCause Cause, int Status, string Peer, string Detail, string StateName)
{
    /// <summary>"kind (detail)" — compact, for comparing sequences.</summary>
    public string Short => Detail.Length > 0 ? $"{CallEventKinds.Name(Kind)} ({Detail})" : CallEventKinds.Name(Kind);

    public override string ToString() => $"{AtMs} ms call {Number} {CallEventKinds.Name(Kind)} [{StateName}] {Peer} {Detail}";
}

/// <summary>
/// The application side of the agent in the tests: records every event with a timestamp and lets
/// the test thread wait (bounded) for a registration state or a call event. Called on the loop thread.
/// </summary>
public sealed class PhoneEvents : IAgentEvents
{
    private readonly IClock _clock;
    private readonly object _gate = new object();
    private readonly List<RegistrationEvent> _registration = new List<RegistrationEvent>();
    private readonly List<PhoneCallEvent> _calls = new List<PhoneCallEvent>();
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

    public void OnCall(CallEvent e)
    {
        lock (_gate)
        {
            _calls.Add(new PhoneCallEvent(_clock.NowMs, e.Number, e.Kind, e.Cause, e.Status, e.Peer, e.Detail, e.Call?.StateName ?? ""));
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

    /// <summary>Every call event so far (all calls), oldest first.</summary>
    public IReadOnlyList<PhoneCallEvent> Calls
    {
        get { lock (_gate) return _calls.ToList(); }
    }

    /// <summary>Every event of call <paramref name="number"/> so far, oldest first.</summary>
    public IReadOnlyList<PhoneCallEvent> CallsOf(int number) => Calls.Where(e => e.Number == number).ToList();

    /// <summary>"state (detail)" of every event of call <paramref name="number"/>.</summary>
    public IReadOnlyList<string> History(int number) => CallsOf(number).Select(e => e.Short).ToList();

    /// <summary>How many registration events so far: pass it as "after" to wait only for newer ones.</summary>
    public int Mark
    {
        get { lock (_gate) return _registration.Count; }
    }

    /// <summary>
    /// Waits (bounded) for the first registration event at index &gt;= after in state; returns it.
    /// Throws TimeoutException with the history if it does not come.
    /// </summary>
    public RegistrationEvent WaitFor(RegistrationState state, TimeSpan timeout, int after = 0) =>
        Wait(() =>
            {
                for (int i = after; i < _registration.Count; i++)
                    if (_registration[i].State == state) return _registration[i];
                return null;
            }, timeout,
            () => $"no '{RegistrationStates.Name(state)}' within {timeout.TotalSeconds:0.#} s; registration events:\n{Describe()}");

    /// <summary>
    /// Waits (bounded) for the first event in <paramref name="state"/> of any call, or of call
    /// <paramref name="number"/>; returns it. The event's time is the phone's own stamp. Fails at
    /// once if the loop thread died, or if call <paramref name="number"/> reached another final
    /// state (a call reports nothing after its final state). <paramref name="context"/> adds to
    /// the timeout message (e.g. the datagram log).
    /// </summary>
    public PhoneCallEvent WaitForCall(CallEventKind kind, TimeSpan timeout, int? number = null, Func<string>? context = null) =>
        Wait(() =>
            {
                PhoneCallEvent? hit = _calls.FirstOrDefault(e => e.Kind == kind && (number == null || e.Number == number));
                if (hit != null || number == null) return hit;
                PhoneCallEvent? final = _calls.FirstOrDefault(e => e.Number == number && CallEventKinds.IsFinal(e.Kind));
                if (final != null)
                    throw new InvalidOperationException(
                        $"call {number} ended '{final.Short}' while waiting for '{CallEventKinds.Name(kind)}'; call events:\n{DescribeCalls()}");
                return null;
            }, timeout,
            () => $"no call event '{CallEventKinds.Name(kind)}'{(number != null ? " of call " + number : "")} within " +
                  $"{timeout.TotalSeconds:0.#} s; call events:\n{DescribeCalls()}{(context != null ? "\n" + context() : "")}");

    /// <summary>Registration events, one per line, for assertion messages.</summary>
    public string Describe()
    {
        lock (_gate) return _registration.Count == 0 ? "(none)" : string.Join("\n", _registration);
    }

    /// <summary>Call events, one per line, for assertion messages.</summary>
    public string DescribeCalls()
    {
        lock (_gate) return _calls.Count == 0 ? "(none)" : string.Join("\n", _calls);
    }

    /// <summary>
    /// Runs probe under the lock each time an event (or the loop's death) wakes us, until it
    /// returns something; bounded by timeout. probe may throw to give up early.
    /// </summary>
    private T Wait<T>(Func<T?> probe, TimeSpan timeout, Func<string> timedOut) where T : class
    {
        var sw = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                T? hit = probe();
                if (hit != null) return hit;
                if (_loopFault != null)
                    throw new InvalidOperationException("the phone's loop thread failed", _loopFault);
                TimeSpan left = timeout - sw.Elapsed;
                if (left <= TimeSpan.Zero) throw new TimeoutException(timedOut());
                Monitor.Wait(_gate, left);
            }
        }
    }
}
