using System;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

public class PhoneAppConstructionTests
{
    [Fact]
    public void A_new_app_is_idle_and_wired_to_its_config_and_hardware()
    {
        var rig = new PhoneRig();
        Assert.Same(rig.Config, rig.App.Config);
        Assert.Same(rig.Hw, rig.App.Hardware);
        Assert.Same(rig.App, rig.Config.ForwardGuard);
        Assert.False(rig.App.IsRunning);
        Assert.Equal(-1, rig.App.RingingCall);
        Assert.Equal(-1, rig.App.ActiveCall);
        Assert.Equal(0, rig.App.CallLog.Count);
        Assert.Equal(CallLog.DefaultCapacity, rig.App.CallLog.Capacity);
        Assert.Equal("idle", rig.App.CallState);
        Assert.Equal("not registered", rig.App.Registration);
        Assert.Equal("linda", rig.App.Agent.Settings.User);
        Assert.Equal("127.0.0.1:5062", rig.App.Agent.LocalContact.ToString());
        Assert.Empty(rig.Out);
        Assert.Empty(rig.Events);
    }

    [Fact]
    public void Start_lights_the_DND_lamp_when_dnd_is_on()
    {
        var rig = new PhoneRig(c => c.TrySet(ConfigKeys.Dnd, "on", out _));
        Assert.Equal(LampMode.Off, rig.Lamp(Indicator.Dnd));
        rig.App.Start();
        Assert.Equal(LampMode.On, rig.Lamp(Indicator.Dnd));
        Assert.Contains("LAMP dnd on", rig.Events);
    }

    [Fact]
    public void Null_config_hardware_or_clock_is_refused()
    {
        var rig = new PhoneRig();
        var local = new Endpoint("127.0.0.1", 5062);
        Assert.Throws<ArgumentNullException>(() => new PhoneApp(null!, rig.Hw, rig.Clock, rig, local, 1));
        Assert.Throws<ArgumentNullException>(() => new PhoneApp(new PhoneConfig(), null!, rig.Clock, rig, local, 1));
        Assert.Throws<ArgumentNullException>(() => new PhoneApp(new PhoneConfig(), rig.Hw, null!, rig, local, 1));
    }
}
