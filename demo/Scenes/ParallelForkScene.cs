using System.Collections.Generic;
using NanoPhone.Demo.Ladder;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// Graham calls; Kamailio rings both of Linda's devices at once; she answers on the second device;
/// Kamailio CANCELs the desk phone's branch (Reason: SIP;cause=200), which stops ringing and answers
/// 200 + 487: "answered elsewhere".
/// </summary>
public sealed class ParallelForkScene : Scene
{
    public override string Key => "parallel";

    public override string Title => "SIP Call Forking - Parallel";

    public override IReadOnlyList<string> Story => new[]
    {
        "“In parallel call forking, the incoming call is sent to all specified endpoints at the same",
        " time, and the first endpoint that answers the call receives it.”",
        "Graham (SIPp) calls sip:linda@nanophone.test. Kamailio rings both of Linda's devices at once.",
        "She answers on her second device, so Kamailio cancels the desk phone's branch: the desk phone",
        "stops ringing — answered elsewhere.",
    };

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.RequirePhone();
        var second = stage.RequireSecondDevice();
        int mark = phone.Mark;
        var graham = stage.StartGrahamCall(talkMs: 1000);

        ExpectPhone(stage, r, mark, "RINGING ", stage.Wait);
        if (ExpectSecondDevice(stage, r, "CALL_INCOMING", stage.Wait, "rings") == null) return;
        stage.Pause(1000); // both ring for a moment; then Linda picks up the second device
        second.Accept();
        ExpectSecondDevice(stage, r, "CALL_ESTABLISHED", stage.Wait, "Linda answers here");

        ExpectPhone(stage, r, mark, "ANSWERED ELSEWHERE ", stage.Wait);
        ExpectPhone(stage, r, mark, "RINGER OFF", stage.Wait);
        ExpectSipp(stage, r, graham, "Graham's call is answered, he talks 1 s and hangs up");
        ExpectSecondDevice(stage, r, "CALL_CLOSED", stage.Wait, "Graham's BYE ends the call");
    }

    public override void CheckLadder(SceneResult r)
    {
        r.ExpectArrow(Cast.Graham, Cast.Kamailio, "INVITE");
        r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "INVITE", "fork: branch 1");
        r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "INVITE", "fork: branch 2");
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "180");
        int answer = r.ExpectArrow(Cast.SecondDevice, Cast.Kamailio, "200 INVITE");
        r.ExpectArrow(Cast.Kamailio, Cast.Graham, "200 INVITE", null, answer);
        int cancel = r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "CANCEL", "answered elsewhere", answer);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "200 CANCEL", null, cancel);
        int terminated = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "487", null, cancel);
        r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "ACK", "for the 487", terminated);
        r.ExpectNoArrow(Cast.DeskPhone, Cast.Kamailio, "200 INVITE", "the desk phone never answers");
        int bye = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "BYE");
        r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "BYE", null, bye);
    }
}
