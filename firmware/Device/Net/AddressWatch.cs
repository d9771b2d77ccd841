using System;
using System.Net.NetworkInformation;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;

namespace NanoPhone.Device.Net;

/// <summary>
/// Moves the phone's Contact when its address changes (DHCP after a late Wi-Fi connection, a new
/// lease after a reconnect): NetworkChange.NetworkAddressChanged, raised on an event thread, posts
/// the change to the loop, where the app re-registers from the new address.
/// </summary>
public sealed class AddressWatch : ILoopWork
{
    private readonly PhoneApp _app;
    private readonly UdpSocketTransport _transport;
    private readonly PhoneLoop _loop;

    private AddressWatch(PhoneApp app, UdpSocketTransport transport, PhoneLoop loop)
    {
        _app = app;
        _transport = transport;
        _loop = loop;
    }

    public static void Start(PhoneApp app, UdpSocketTransport transport, PhoneLoop loop)
    {
        AddressWatch watch = new AddressWatch(app, transport, loop);
        NetworkChange.NetworkAddressChanged += watch.OnAddressChanged;
    }

    private void OnAddressChanged(object sender, EventArgs e)
    {
        _loop.Post(this);
    }

    /// <summary>On the loop thread: the Contact follows the interface's address.</summary>
    public void Run()
    {
        _app.SetLocalContact(_transport.LocalEndpoint());
    }
}
