using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Actors;

/// <summary>
/// A process the demo started (or one of its children, e.g. a Kamailio worker or dumpcap), with its
/// start time from /proc (so a PID reused by a stranger is never taken for it).
/// </summary>
public sealed record StartedProcess(string Name, int Pid, long StartTime)
{
    /// <summary>True while this very process (same PID and start time) is alive and not a zombie.</summary>
    public bool IsAlive => PeerProcess.IsAlive(Pid) && ProcessLedger.StartTimeOf(Pid) == StartTime;

    public override string ToString() => $"{Name} (pid {Pid})";
}

/// <summary>
/// Every process the demo started, by PID. After the clean-up, <see cref="Survivors"/> lists the
/// ones still alive; <see cref="KillSurvivors"/> SIGKILLs exactly those PIDs (never by name).
/// </summary>
public sealed class ProcessLedger
{
    private readonly object _gate = new();
    private readonly List<StartedProcess> _all = new();

    public IReadOnlyList<StartedProcess> All { get { lock (_gate) return _all.ToList(); } }

    public void Add(string name, int pid)
    {
        lock (_gate)
        {
            if (_all.Any(p => p.Pid == pid)) return;
            long start = StartTimeOf(pid);
            if (start < 0) return; // already gone
            _all.Add(new StartedProcess(name, pid, start));
        }
    }

    /// <summary>Records <paramref name="pid"/> and its current direct children (workers, dumpcap).</summary>
    public void AddWithChildren(string name, int pid, IEnumerable<int>? children = null)
    {
        Add(name, pid);
        foreach (int c in children ?? PeerProcess.ChildrenOf(pid)) Add(name + " (child)", c);
    }

    /// <summary>Recorded processes still alive (zombies count as gone). Waits up to <paramref name="grace"/> for them to go.</summary>
    public IReadOnlyList<StartedProcess> Survivors(TimeSpan grace)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var alive = All.Where(p => p.IsAlive).ToList();
            if (alive.Count == 0 || sw.Elapsed >= grace) return alive;
            Thread.Sleep(50);
        }
    }

    /// <summary>SIGKILLs the given PIDs (only those); the last resort after a failed clean-up.</summary>
    public static void KillSurvivors(IEnumerable<StartedProcess> survivors)
    {
        foreach (var p in survivors)
            if (p.IsAlive) kill(p.Pid, PeerProcess.SIGKILL);
    }

    /// <summary>Field 22 of /proc/PID/stat (clock ticks since boot), or -1 if there is no such process.</summary>
    public static long StartTimeOf(int pid)
    {
        try
        {
            string stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            string[] f = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return long.Parse(f[19], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException
            || e is FormatException || e is IndexOutOfRangeException || e is ArgumentOutOfRangeException)
        {
            return -1;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
