using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Bench.Nano.Ops;

/// <summary>
/// A REGISTER refresh with digest through the device agent (<see cref="DeviceRig.RegisterRefresh"/>):
/// registered once against an MD5 qop=auth challenge, then each run the refresh timer sends
/// REGISTER with credentials, the registrar answers 200 and Timer K ends the transaction.
/// </summary>
public sealed class RegisterRefreshOp : IBenchOp
{
    private readonly DeviceRig _rig = new DeviceRig();
    private readonly UserAgent _agent;

    public RegisterRefreshOp()
    {
        _agent = _rig.NewAgent();
        _rig.Register(_agent);
    }

    public string Name { get { return "register-refresh"; } }

    public DeviceRig Rig { get { return _rig; } }

    public void Run()
    {
        _rig.RegisterRefresh(_agent);
    }
}
