using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone's call policy: forwarding, do-not-disturb, the ghost-call filter and media. Read on
/// every new INVITE, so changes apply to the next call.
/// </summary>
public sealed class CallSettings
{
    /// <summary>Where an unanswered call goes (302), e.g. voicemail; null = off.</summary>
    public string ForwardNoAnswerTarget;
    /// <summary>Seconds of ringing before the no-answer forward; 0 = off. 1–120, default 20.</summary>
    public int NoAnswerSeconds = 20;
    /// <summary>Forward every call at once, without ringing; null = off.</summary>
    public string ForwardAlwaysTarget;
    /// <summary>Forward when busy (in a call, do-not-disturb, decline key); null = answer 486/480/603.</summary>
    public string ForwardBusyTarget;
    public bool DoNotDisturb;
    /// <summary>486 Busy Here or 480 Temporarily Unavailable for do-not-disturb.</summary>
    public int DndStatus = 486;
    /// <summary>Requests outside a dialog only from the registrar or trusted hosts, and only for our user.</summary>
    public bool GhostFilter = true;
    /// <summary>Answer filtered requests with 403 instead of dropping them silently.</summary>
    public bool GhostReject403;
    /// <summary>Extra hosts allowed through the ghost filter (besides the registrar).</summary>
    public Endpoint[] Trusted = new Endpoint[0];
    /// <summary>Accept calls from anyone that reach our address directly (opt-in).</summary>
    public bool DirectCalls;
    public readonly LocalMedia Media = new LocalMedia();
    /// <summary>
    /// Call waiting: a caller may ring while a call is answered (no ringer: the app plays a tone in
    /// the earpiece); answering it holds the other. Off: such a caller hears 486 or goes to the busy
    /// forward target.
    /// </summary>
    public bool CallWaiting;
    /// <summary>
    /// The session interval our INVITEs ask for (RFC 4028 Session-Expires), seconds; 0 = none asked
    /// (a peer's Session-Expires is still honoured). At least <see cref="NanoPhone.Sip.SessionTimer.SessionExpires.MinimumSeconds"/>.
    /// </summary>
    public int SessionExpires;
    /// <summary>Obey an INVITE's auto-answer ask (Call-Info answer-after, Alert-Info alert-autoanswer) from a trusted source.</summary>
    public bool IntercomAllow;
    /// <summary>Hosts whose intercom calls are obeyed besides the registrar and the outbound proxy.</summary>
    public Endpoint[] IntercomTrusted = new Endpoint[0];
    /// <summary>Answer every call after this many seconds (a door station); <see cref="AutoAnswer.Never"/> = off.</summary>
    public int AutoAnswerSeconds = AutoAnswer.Never;
}
