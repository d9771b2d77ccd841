using NanoPhone.Bench.Nano.Phone;
using NanoPhone.Sip.Agent;

namespace NanoPhone.Bench.Nano.Ops;

/// <summary>
/// One whole incoming call through the device agent (<see cref="DeviceRig.IncomingCall"/>):
/// INVITE → 100/180, CANCEL → 200 + 487, ACK, and the timers that end the two transactions.
/// </summary>
public sealed class IncomingCallOp : IBenchOp
{
    private readonly DeviceRig _rig = new DeviceRig();
    private readonly UserAgent _agent;

    public IncomingCallOp()
    {
        _agent = _rig.NewAgent();
    }

    public string Name { get { return "incoming-call"; } }

    public DeviceRig Rig { get { return _rig; } }

    public void Run()
    {
        _rig.IncomingCall(_agent);
    }
}
