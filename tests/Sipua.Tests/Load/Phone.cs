using System;
using System.Collections.Generic;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>A call event the phone reported, with when.</summary>
public readonly record struct PhoneCallEvent(long AtMs, int Number, CallEventKind Kind, string Detail);

/// <summary>
/// A NanoPhone UserAgent attached to an InMemoryNetwork: the network's port is its transport, the
/// network's manual clock its clock. Records what the agent tells the application. Set
/// RecordEvents = false where the recorder must not grow (endurance, benchmarks): counters only.
/// </summary>
public sealed class Phone : INetworkNode, IAgentEvents
{
    public readonly AgentSettings Settings = new();
    public readonly UserAgent Agent;
    public readonly Endpoint Address = new();
    public readonly InMemoryNetwork Network;

    public bool RecordEvents = true;
    public readonly List<PhoneCallEvent> Calls = new();
    public readonly List<(long AtMs, RegistrationState State, string Detail)> Registrations = new();
    /// <summary>How many call events of each kind the phone reported (never cleared by ClearEvents).</summary>
    public readonly int[] CallEventCounts = new int[32];
    public int LastCallNumber;
    public CallEventKind LastCallEvent;

    public Phone(InMemoryNetwork net, Endpoint address, string user, Endpoint server, uint seed, int transactionCapacity = 8)
    {
        Network = net;
        Address.CopyFrom(address);
        Settings.User = user;
        Settings.Password = user + "-secret";
        Settings.Domain = "nanophone.test";
        Settings.Server.CopyFrom(server);
        Settings.Expires = 3600;
        var port = net.Attach(address, this);
        Agent = new UserAgent(Settings, net.Clock, port, this, new Randomness(seed), address, transactionCapacity);
    }

    /// <summary>Sees each datagram before the agent does (tests: what reached the phone, and when).</summary>
    public Action<byte[], int, int>? Tap;

    /// <summary>
    /// Bytes the agent allocated inside Receive, Tick and the calls made through Measure (this
    /// thread's counter around each; the network allocates nothing, so this is the agent's alone).
    /// </summary>
    public long Allocated;

    public void Receive(byte[] buf, int off, int len, Endpoint source)
    {
        Tap?.Invoke(buf, off, len);
        long a = GC.GetAllocatedBytesForCurrentThread();
        Agent.Receive(buf, off, len, source);
        Allocated += GC.GetAllocatedBytesForCurrentThread() - a;
    }

    public long NextDueMs => Agent.NextDueMs;

    public void Tick()
    {
        long a = GC.GetAllocatedBytesForCurrentThread();
        Agent.Tick();
        Allocated += GC.GetAllocatedBytesForCurrentThread() - a;
    }

    /// <summary>Runs a user action (Dial, Answer, HangUp…) counting what the agent allocates in it.</summary>
    public T Measure<T>(Func<UserAgent, T> action)
    {
        long a = GC.GetAllocatedBytesForCurrentThread();
        T result = action(Agent);
        Allocated += GC.GetAllocatedBytesForCurrentThread() - a;
        return result;
    }

    public void OnCall(CallEvent e)
    {
        CallEventCounts[(int)e.Kind]++;
        LastCallNumber = e.Number;
        LastCallEvent = e.Kind;
        if (RecordEvents) Calls.Add(new PhoneCallEvent(Network.Clock.NowMs, e.Number, e.Kind, e.Detail));
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
    {
        if (RecordEvents) Registrations.Add((Network.Clock.NowMs, state, detail));
    }

    public void ClearEvents()
    {
        Calls.Clear();
        Registrations.Clear();
    }

    /// <summary>When call number first had an event of this kind, or -1.</summary>
    public long When(int number, CallEventKind kind)
    {
        foreach (PhoneCallEvent e in Calls)
        {
            if (e.Number == number && e.Kind == kind) return e.AtMs;
        }
        return -1;
    }

    public long WhenRegistered()
    {
        foreach (var r in Registrations)
        {
            if (r.State == RegistrationState.Registered) return r.AtMs;
        }
        return -1;
    }

    public string CallLog => string.Join(" | ", Calls.ConvertAll(e => (e.AtMs - Network.Clock.NowMs) + "ms " + e.Number + " " + CallEventKinds.Name(e.Kind) + (e.Detail.Length > 0 ? " (" + e.Detail + ")" : "")));

    /// <summary>No live call and no transaction in either pool.</summary>
    public bool IsIdle => Agent.Calls.Current == null && Agent.Layer.ClientCount == 0 && Agent.Layer.ServerCount == 0;
}
