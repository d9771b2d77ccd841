using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.Hal;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>
/// Registration as the phone shows it: Start registers with the configured account, the
/// registered lamp and event lines follow the state, a sip.* change re-registers without a
/// reboot (old binding removed first), Shutdown unregisters, SetLocalContact moves the binding.
/// </summary>
public class PhoneAppRegistrationTests
{
    [Fact]
    public void Start_registers_the_configured_account_and_the_lamp_blinks_then_lights()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        Assert.True(rig.App.IsRunning);
        Sent register = rig.Last("REGISTER");
        Assert.Equal("REGISTER sip:nanophone.test SIP/2.0", register.FirstLine);
        Assert.Equal("127.0.0.1:5070", register.To);
        Assert.Contains("sip:linda@nanophone.test", register.Header(HeaderId.From));
        Assert.Contains("<sip:linda@127.0.0.1:5062>", register.Header(HeaderId.Contact));
        Assert.Equal(new[] { "REGISTRATION registering", "LAMP registered slow" }, rig.Events);
        Assert.Equal(LampMode.SlowBlink, rig.Lamp(Indicator.Registered));

        rig.AcceptRegister(1800);
        Assert.Equal(new[] { "REGISTERED sip:linda@127.0.0.1:5062 1800", "LAMP registered on" }, rig.Events.Skip(2));
        Assert.Equal(LampMode.On, rig.Lamp(Indicator.Registered));
        rig.Run(100);
        Assert.True(rig.Lamps.IsLit(Indicator.Registered));
    }

    [Fact]
    public void Account_settings_reach_the_REGISTER()
    {
        var rig = new PhoneRig(c =>
        {
            c.TrySet(ConfigKeys.SipExpires, "600", out _);
            c.TrySet(ConfigKeys.SipQ, "0.5", out _);
        });
        rig.App.Start();
        Sent register = rig.Last("REGISTER");
        Assert.Contains(";q=0.500;expires=600", register.Header(HeaderId.Contact));
        Assert.Contains("\r\nExpires: 600\r\n", register.Text);
    }

    [Fact]
    public void A_registrar_error_means_retrying_with_a_fast_blinking_lamp()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        rig.Deliver(RegistrarReplies.Reply(rig.Last("REGISTER"), 403, "Forbidden"));
        Assert.Equal("REGISTRATION retrying 403 Forbidden", rig.Events[^2]);
        Assert.Equal("LAMP registered fast", rig.Events[^1]);
        Assert.Equal("not registered, retrying after 1 failure: 403 Forbidden", rig.App.Registration);
    }

    [Fact]
    public void No_answer_from_the_registrar_says_registering_then_retrying()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        rig.Run(5_000);
        Assert.Equal("registering, no answer from 127.0.0.1:5070 for 5 s (resending)", rig.App.Registration);
        Assert.True(rig.Requests("REGISTER").Count > 1);
        rig.Run(30_000);
        Assert.Contains("REGISTRATION retrying no response from registrar", rig.Events);
        Assert.Equal(LampMode.FastBlink, rig.Lamp(Indicator.Registered));
    }

    [Fact]
    public void Wrong_password_is_auth_failed_with_the_lamp_off_and_register_tries_again()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        rig.Deliver(RegistrarReplies.Reply(rig.Last("REGISTER"), 401, "Unauthorized", RegistrarReplies.Challenge));
        Assert.Contains("Authorization:", rig.Last("REGISTER").Text);
        rig.Deliver(RegistrarReplies.Reply(rig.Last("REGISTER"), 401, "Unauthorized", RegistrarReplies.Challenge));
        Assert.Contains("REGISTRATION auth-failed authentication failed", rig.Events);
        Assert.Equal(LampMode.Off, rig.Lamp(Indicator.Registered));
        Assert.StartsWith("not registered: authentication failed", rig.App.Registration);

        int sent = rig.Requests("REGISTER").Count;
        rig.App.Register();
        Assert.Equal(sent + 1, rig.Requests("REGISTER").Count);
        Assert.Equal(RegistrationState.Registering, rig.App.Agent.Registration.State);
    }

    [Fact]
    public void An_incomplete_account_waits_and_registers_as_soon_as_the_settings_are_there()
    {
        var rig = new PhoneRig(c => c.Unset(ConfigKeys.SipServer));
        rig.App.Start();
        Assert.Empty(rig.Out);
        Assert.StartsWith("REGISTRATION unregistered account not configured", rig.Events[0]);
        Assert.StartsWith("not registered: account not configured", rig.App.Registration);

        rig.Set(ConfigKeys.SipServer, "127.0.0.1");
        Assert.Empty(rig.Out);                 // applied at the next loop turn
        rig.Run(10);
        Assert.Single(rig.Requests("REGISTER"));
        Assert.Equal("127.0.0.1:5070", rig.Last("REGISTER").To);
    }

    [Fact]
    public void Changing_the_account_while_registered_removes_the_old_binding_then_registers_the_new_one()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        string oldCallId = rig.Last("REGISTER").Header(HeaderId.CallId);

        rig.Set(ConfigKeys.SipUser, "graham");
        rig.Run(10);
        Sent removal = rig.Last("REGISTER");
        Assert.Contains("sip:linda@nanophone.test", removal.Header(HeaderId.From));
        Assert.True(removal.Text.Contains("Expires: 0") || removal.Header(HeaderId.Contact).Contains("expires=0"), removal.Text);
        Assert.Equal(oldCallId, removal.Header(HeaderId.CallId));

        rig.Deliver(RegistrarReplies.Reply(removal, 200, "OK"));
        Sent fresh = rig.Last("REGISTER");
        Assert.NotSame(removal, fresh);
        Assert.Contains("sip:graham@nanophone.test", fresh.Header(HeaderId.From));
        Assert.NotEqual(oldCallId, fresh.Header(HeaderId.CallId));
        rig.AcceptRegister();
        Assert.Equal("REGISTERED sip:graham@127.0.0.1:5062 3600", rig.Events.Last(e => e.StartsWith("REGISTERED")));
    }

    [Fact]
    public void Setting_sip_outbound_while_registered_removes_the_binding_the_old_way_then_registers_through_the_proxy()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        var proxy = new Endpoint("127.0.0.1", 5080);

        rig.Set(ConfigKeys.SipOutbound, "sip:127.0.0.1:5080");
        rig.Run(10);
        Sent removal = rig.Last("REGISTER");
        Assert.Equal("127.0.0.1:5070", removal.To);            // the binding was made without the proxy
        Assert.Equal("", removal.Header(HeaderId.Route));

        rig.Deliver(RegistrarReplies.Reply(removal, 200, "OK"));
        Sent fresh = rig.Last("REGISTER");
        Assert.Equal("127.0.0.1:5080", fresh.To);
        Assert.Equal("<sip:127.0.0.1:5080;lr>", fresh.Header(HeaderId.Route));
        Assert.Equal("REGISTER sip:nanophone.test SIP/2.0", fresh.FirstLine);
        string contact = fresh.Header(HeaderId.Contact);
        rig.Deliver(RegistrarReplies.Reply(fresh, 200, "OK", "Contact: " + contact.Substring(0, contact.IndexOf(';')) + ";expires=3600"), proxy);
        Assert.Equal("REGISTERED sip:linda@127.0.0.1:5062 3600", rig.Events.Last(e => e.StartsWith("REGISTERED")));
    }

    [Fact]
    public void With_sip_outbound_the_status_names_the_proxy_that_does_not_answer()
    {
        var rig = new PhoneRig(c => c.TrySet(ConfigKeys.SipOutbound, "sip:192.0.2.80;lr", out _));
        rig.App.Start();
        rig.Run(5_000);
        Assert.Equal("registering, no answer from 192.0.2.80:5060 for 5 s (resending)", rig.App.Registration);
        Assert.All(rig.Requests("REGISTER"), r => Assert.Equal("192.0.2.80:5060", r.To));
    }

    [Fact]
    public void Several_account_changes_in_one_turn_re_register_once()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        rig.Deliver(RegistrarReplies.Reply(rig.Last("REGISTER"), 503, "Service Unavailable"));
        int before = rig.Requests("REGISTER").Count;
        rig.Set(ConfigKeys.SipServer, "127.0.0.2");
        rig.Set(ConfigKeys.SipPort, "5080");
        rig.Set(ConfigKeys.SipPassword, "new-secret");
        rig.Run(10);
        Assert.Equal(before + 1, rig.Requests("REGISTER").Count);
        Assert.Equal("127.0.0.2:5080", rig.Last("REGISTER").To);
        Assert.Equal("new-secret", rig.App.Agent.Settings.Password);
    }

    [Fact]
    public void Changes_before_start_only_update_the_settings()
    {
        var rig = new PhoneRig();
        rig.Set(ConfigKeys.SipExpires, "120");
        rig.Run(10);
        Assert.Empty(rig.Out);
        Assert.Equal(120, rig.App.Agent.Settings.Expires);
    }

    [Fact]
    public void The_local_port_setting_is_the_hosts_business_not_a_re_registration()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        int before = rig.Out.Count;
        rig.Set(ConfigKeys.SipLocalPort, "5099");
        rig.Run(10);
        Assert.Equal(before, rig.Out.Count);
    }

    [Fact]
    public void SetLocalContact_moves_the_binding_and_the_media_address()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        rig.App.SetLocalContact(new Endpoint("192.0.2.44", 5064));
        Sent move = rig.Last("REGISTER");
        Assert.Contains("<sip:linda@192.0.2.44:5064>", move.Text);
        Assert.Equal("192.0.2.44", rig.App.Agent.CallSettings.Media.Address);
    }

    [Fact]
    public void Shutdown_unregisters_and_reports_until_the_registrar_confirms()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        Assert.True(rig.App.Shutdown());
        Assert.False(rig.App.IsRunning);
        Assert.True(rig.App.IsUnregistering);
        Sent removal = rig.Last("REGISTER");
        Assert.True(removal.Text.Contains("Expires: 0") || removal.Header(HeaderId.Contact).Contains("expires=0"), removal.Text);
        Assert.Contains("REGISTRATION unregistering", rig.Events);
        Assert.Equal(LampMode.Off, rig.Lamp(Indicator.Registered));

        rig.Deliver(RegistrarReplies.Reply(removal, 200, "OK"));
        Assert.False(rig.App.IsUnregistering);
        Assert.Equal("REGISTRATION unregistered binding removed", rig.Events[^1]);

        rig.Set(ConfigKeys.SipUser, "graham");     // no longer running: nothing is sent
        int sent = rig.Out.Count;
        rig.Run(10);
        Assert.Equal(sent, rig.Out.Count);
    }

    [Fact]
    public void Quitting_while_the_first_REGISTER_is_unanswered_ends_at_once_with_one_line_that_says_so()
    {
        var rig = new PhoneRig();
        rig.App.Start();
        Sent register = rig.Last("REGISTER");
        Assert.Equal("REGISTRATION registering", rig.Events[^2]);
        int events = rig.Events.Count;
        int sent = rig.Out.Count;

        Assert.False(rig.App.Shutdown());                 // nothing to wait for

        Assert.False(rig.App.IsUnregistering);
        Assert.Equal("REGISTRATION unregistered quit before the registrar answered (a binding it still makes lapses within 3600 s)",
            rig.Events[^1]);
        Assert.Single(rig.Events.Skip(events), e => e.StartsWith("REGISTRATION "));
        Assert.Equal(LampMode.Off, rig.Lamp(Indicator.Registered));
        Assert.Equal(sent, rig.Out.Count);                 // no un-REGISTER for a binding not made yet
        Assert.Contains("expires=3600", register.Header(HeaderId.Contact));
    }

    [Fact]
    public void A_removal_the_registrar_never_answers_ends_with_one_line_when_the_wait_is_given_up()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        Assert.True(rig.App.Shutdown());
        Assert.Contains("REGISTRATION unregistering", rig.Events);
        rig.Run(2000);
        Assert.True(rig.App.IsUnregistering);

        rig.App.GiveUpUnregistering();
        rig.App.GiveUpUnregistering();

        Assert.False(rig.App.IsUnregistering);
        Assert.Equal("REGISTRATION unregistered quit before the registrar answered the removal (the binding lapses within 3600 s)",
            rig.Events[^1]);
        Assert.Single(rig.Events, e => e.Contains("quit before"));
    }

    [Fact]
    public void Shutdown_of_a_phone_that_never_registered_needs_no_wait()
    {
        var rig = new PhoneRig(c => c.Unset(ConfigKeys.SipServer));
        rig.App.Start();
        Assert.False(rig.App.Shutdown());
        Assert.Empty(rig.Out);
    }

    [Fact]
    public void Status_names_the_registered_Contact_and_the_time_granted()
    {
        var rig = new PhoneRig();
        rig.StartRegistered();
        Assert.Equal("registered as sip:linda@127.0.0.1:5062 (3600 s, renewed before it lapses)", rig.App.Registration);
        rig.App.SetLocalContact(new Endpoint("127.0.0.1", 5064));
        rig.Deliver(RegistrarReplies.Reply(rig.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5064>;expires=1200"));
        Assert.Equal("registered as sip:linda@127.0.0.1:5064 (1200 s, renewed before it lapses)", rig.App.Registration);
    }
}
