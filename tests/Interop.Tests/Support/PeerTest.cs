using System;
using System.Collections.Generic;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Support;

/// <summary>
/// What every interop test class shares: the test output, the things a test started (peers,
/// phones, captures), disposed in reverse order at the end, and a dump of each phone (events and
/// datagrams) in the test output, so a failed test shows what the phone did.
/// </summary>
public abstract class PeerTest : IDisposable
{
    private readonly Stack<IDisposable> _cleanup = new Stack<IDisposable>();
    private readonly List<PhoneUnderTest> _phones = new List<PhoneUnderTest>();

    protected PeerTest(ITestOutputHelper output)
    {
        Out = output;
    }

    protected ITestOutputHelper Out { get; }

    public void Dispose()
    {
        foreach (PhoneUnderTest phone in _phones) Out.WriteLine(phone.Describe());
        while (_cleanup.Count > 0)
        {
            try { _cleanup.Pop().Dispose(); }
            catch (Exception e) { Out.WriteLine("cleanup: " + e.Message); }
        }
    }

    /// <summary>Disposes <paramref name="thing"/> when the test ends (last owned, first disposed).</summary>
    protected T Own<T>(T thing) where T : IDisposable
    {
        _cleanup.Push(thing);
        return thing;
    }

    /// <summary>Owns the phone and dumps its events and datagrams into the test output at the end.</summary>
    protected PhoneUnderTest OwnPhone(PhoneUnderTest phone)
    {
        Own(phone);
        _phones.Add(phone);
        return phone;
    }

    /// <summary>Sleeps until the phone's clock reads <paramref name="phoneTimeMs"/>.</summary>
    protected static void SleepUntil(PhoneUnderTest phone, long phoneTimeMs)
    {
        long left = phoneTimeMs - phone.Clock.NowMs;
        if (left > 0) Thread.Sleep(TimeSpan.FromMilliseconds(left));
    }
}
