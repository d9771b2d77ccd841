using NanoPhone.Hal;
using NanoPhone.Sip.Registration;

namespace NanoPhone.App.Phone;

/// <summary>
/// The phone's event lines: one event per line, an upper-case keyword first, then fields separated
/// by one space; the last field (a peer, a reason, a detail) is the rest of the line and may hold
/// spaces. CALL is the phone's call number (1, 2, ...), not the SIP Call-ID.
/// <code>
/// REGISTERED CONTACT EXPIRES          the registrar holds our binding (CONTACT sip:user@host:port, EXPIRES seconds granted)
/// REGISTRATION STATE [DETAIL]         any other registration state: registering | retrying | auth-failed | unregistering | unregistered
/// RINGING CALL PEER                   an incoming call rings (180 sent)
/// WAITING CALL PEER                   an incoming call waits during a call (180 sent; call waiting tone, no ringer)
/// RINGER ON PATTERN | RINGER OFF      the ringer started (uk, us, de) or stopped
/// ANSWERED CALL PEER                  answered here (200 OK sent), or the far end answered our call (200 received, ACK sent)
/// ANSWERED ELSEWHERE CALL PEER        another device of the user answered (CANCEL, Reason cause=200)
/// MISSED CALL PEER                    the caller gave up
/// FORWARDED CALL TARGET               sent on with 302 (forward always, busy, no answer, decline)
/// REJECTED CALL WHY                   refused (486 Busy Here, 480 ..., declined, no common codec)
/// ENDED CALL REASON                   a call is over (hung up, remote hung up, no ACK), or our call was given up before an answer (cancelled)
/// HELD CALL | RESUMED CALL            the peer put the call on hold or took it off
/// HOLD CALL | RESUME CALL             this phone put the call on hold or took it off (redial key in a call; console hold, resume)
/// TRANSFERRING CALL TARGET            this phone asked the peer to call TARGET (REFER sent: transfer key, console transfer)
/// TRANSFER CALL STATUS                the transferee's call progresses (NOTIFY sipfrag 1xx); on a 2xx the call ENDS transferred
/// TRANSFER FAILED CALL WHY            the transfer did not happen (REFER refused, the target's failure); the call stays
/// CONFERENCE started A B             calls A and B are joined (console conference): the phone mixes their audio
/// CONFERENCE ended [CALL]             a conference call ended or was held; CALL: the one that goes on alone
/// REFERRED CALL TARGET                the peer asked this phone to call TARGET (REFER accepted); the new call is DIALING
/// DIGITS NUMBER                       the digits typed so far (handset up, no call); # or dial.timeout.seconds without a key dials them
/// DIALING CALL TARGET                 our INVITE went out (keypad, redial key, console call); again with the new TARGET after a redirect
/// RINGBACK CALL                       the far end rings (180/183 received); the in-call lamp blinks slowly
/// FAILED CALL WHY                     our call did not get through (486 Busy Here, 404 Not Found, authentication failed, no answer from the network ...)
/// DIAL unavailable WHY                the keypad or the redial key could not place a call (account not configured, nothing to redial ...)
/// HOLD unavailable WHY                the redial key could not put the call on hold, take it off or swap
/// TRANSFER unavailable WHY            the transfer key could not transfer (no call, the target refused before a REFER went)
/// HOOK offhook | HOOK onhook          the handset was lifted or put down (debounced)
/// KEY NAME                            a key was pressed: 0-9 * # answer hangup dnd forward redial transfer speaker mute volup voldown
/// DND on | DND off                    do-not-disturb changed (key, console or file)
/// FORWARD on TARGET | FORWARD off     forward-always changed; FORWARD unavailable WHY when the key has no target
/// MEDIA started CODEC ADDRESS:PORT   the call's audio runs (RTP to and from the far end's address; also early media before the answer)
/// MEDIA held | MEDIA resumed          the call's audio stopped flowing (either side holds) or flows again
/// MEDIA moved ADDRESS:PORT            the far end's re-INVITE moved its audio to another address or port
/// MEDIA stats sent=N lost=N jitter=MS concealed=N   at the end of the call's audio: RTP packets sent, lost, the largest interarrival jitter, frames concealed
/// DTMF DIGIT                          the far end pressed a key (RFC 4733 telephone-event, or SIP INFO)
/// TONE NAME | TONE off                a call-progress tone plays (dial, ringback, busy, congestion) or stops
/// AUDIO handset | AUDIO speaker | AUDIO off   where the audio goes (hook switch, speaker key)
/// MUTE on | MUTE off                  the microphone sends silence (mute key)
/// VOLUME N                            the volume step of the current route (volume keys)
/// LAMP NAME MODE                      an indicator changed: registered | message | dnd | incall; off | on | slow | fast
/// MWI N new M old [(U urgent)]        voicemail is waiting (RFC 3842 summary; the message lamp is on); MWI waiting when the
///                                     server gave no counts, MWI none when nothing waits
/// MWI subscription STATE [DETAIL]     the message-summary subscription: subscribing | active | retrying | failed | unsubscribing | off
/// AUTOANSWER CALL SECONDS             an incoming call answers itself after SECONDS (intercom from a trusted server, or autoanswer.seconds)
/// AUDIO speaker CALL                  the auto-answered call plays on the loudspeaker
/// DOOR opened                         the far end sent door.code during a call: the relay was pulsed for door.pulse.ms
/// DOOR unavailable WHY                the code was right but the board has no relay
/// </code>
/// The desktop host adds LISTENING ADDRESS:PORT (the socket, at start and after a new sip.local.port),
/// WARNING TEXT, and with <c>log sip on</c> SIP&gt; PEER FIRST-LINE (sent) and SIP&lt; PEER FIRST-LINE
/// (received). Console answers are never upper-case-first (settings, "registration: ...", "error: ...").
/// </summary>
public static class PhoneEventLines
{
    public static string Registered(string contact, int expires)
    {
        return "REGISTERED " + contact + " " + expires;
    }

    public static string Registration(RegistrationState state, string detail)
    {
        string line = "REGISTRATION " + StateName(state);
        return detail != null && detail.Length > 0 ? line + " " + PhoneText.OneLine(detail) : line;
    }

    /// <summary>The one-word state of a REGISTRATION line.</summary>
    public static string StateName(RegistrationState state)
    {
        switch (state)
        {
            case RegistrationState.Registered: return "registered";
            case RegistrationState.Registering: return "registering";
            case RegistrationState.RetryWait: return "retrying";
            case RegistrationState.AuthFailed: return "auth-failed";
            case RegistrationState.Unregistering: return "unregistering";
            default: return "unregistered";
        }
    }

    public static string Call(string keyword, int call, string text)
    {
        string line = keyword + " " + call;
        return text != null && text.Length > 0 ? line + " " + PhoneText.OneLine(text) : line;
    }

    /// <summary>The DIGITS line: what the keypad collected so far.</summary>
    public static string Digits(string digits) { return "DIGITS " + PhoneText.OneLine(digits); }

    /// <summary>"KEYWORD unavailable WHY" (DIAL, HOLD, DND, FORWARD): the key's action could not be done.</summary>
    public static string Unavailable(string keyword, string why)
    {
        return keyword + " unavailable " + PhoneText.OneLine(why);
    }

    public static string RingerOn(RingPattern pattern) { return "RINGER ON " + pattern.Name; }

    public const string RingerOff = "RINGER OFF";

    public const string DoorOpened = "DOOR opened";

    /// <summary>The MWI line of a message summary (counts -1: the server gave none).</summary>
    public static string Mwi(bool waiting, int newCount, int oldCount, int urgentNew)
    {
        if (!waiting && newCount <= 0) return "MWI none";
        if (newCount < 0) return "MWI waiting";
        string line = "MWI " + newCount + " new " + (oldCount < 0 ? 0 : oldCount) + " old";
        return urgentNew > 0 ? line + " (" + urgentNew + " urgent)" : line;
    }

    public static string MwiSubscription(string state, string detail)
    {
        string line = "MWI subscription " + state;
        return detail != null && detail.Length > 0 ? line + " " + PhoneText.OneLine(detail) : line;
    }

    public static string Hook(HookState state) { return state == HookState.OffHook ? "HOOK offhook" : "HOOK onhook"; }

    public static string Key(PhoneKey key) { return "KEY " + KeyName(key); }

    public static string Dnd(bool on) { return on ? "DND on" : "DND off"; }

    public static string Lamp(Indicator lamp, LampMode mode) { return "LAMP " + LampName(lamp) + " " + ModeName(mode); }

    /// <summary>The name a <c>KEY</c> line (and the simulator's <c>key</c> command) uses for a key.</summary>
    public static string KeyName(PhoneKey key)
    {
        char dial = PhoneKeys.ToDialChar(key);
        if (dial != '\0') return dial.ToString();
        switch (key)
        {
            case PhoneKey.Answer: return "answer";
            case PhoneKey.HangUp: return "hangup";
            case PhoneKey.Dnd: return "dnd";
            case PhoneKey.Forward: return "forward";
            case PhoneKey.Redial: return "redial";
            case PhoneKey.Transfer: return "transfer";
            case PhoneKey.Speaker: return "speaker";
            case PhoneKey.Mute: return "mute";
            case PhoneKey.VolumeUp: return "volup";
            case PhoneKey.VolumeDown: return "voldown";
            default: return "none";
        }
    }

    /// <summary>The key a name of <see cref="KeyName"/> stands for (ASCII case ignored), or <see cref="PhoneKey.None"/>.</summary>
    public static PhoneKey KeyByName(string name)
    {
        if (name == null || name.Length == 0) return PhoneKey.None;
        if (name.Length == 1) return PhoneKeys.FromDialChar(name[0]);
        for (int k = (int)PhoneKey.Answer; k < PhoneKeys.Count; k++)
        {
            if (EqualsIgnoreCase(KeyName((PhoneKey)k), name)) return (PhoneKey)k;
        }
        return PhoneKey.None;
    }

    public static string LampName(Indicator lamp)
    {
        switch (lamp)
        {
            case Indicator.Registered: return "registered";
            case Indicator.MessageWaiting: return "message";
            case Indicator.Dnd: return "dnd";
            default: return "incall";
        }
    }

    public static string ModeName(LampMode mode)
    {
        switch (mode)
        {
            case LampMode.On: return "on";
            case LampMode.SlowBlink: return "slow";
            case LampMode.FastBlink: return "fast";
            default: return "off";
        }
    }

    private static bool EqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
            if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
            if (x != y) return false;
        }
        return true;
    }
}
