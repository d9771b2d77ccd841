using NanoPhone.Host;

namespace NanoPhone.Interop.Tests.Phone;

/// <summary>
/// A phone under test as its capture sees it: the UDP port it sends from, the datagrams it sent
/// (logged by <see cref="PhoneNetwork"/>) and the clock they are stamped with.
/// </summary>
public interface IPhoneOnTheWire
{
    int LocalPort { get; }

    PhoneNetwork Network { get; }

    SystemClock Clock { get; }
}
