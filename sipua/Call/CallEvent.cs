namespace NanoPhone.Sip.Call;

/// <summary>
/// One thing that happened to a call, handed to the app by value (<see cref="ICallEvents"/>): what
/// (<see cref="Kind"/>), why (<see cref="Cause"/>, <see cref="Status"/>), which call and with whom.
/// <see cref="Detail"/> is text for people (event lines, the call log): the app never parses it.
/// </summary>
public struct CallEvent
{
    /// <summary>The phone's number for the call (1, 2, ...), not the SIP Call-ID.</summary>
    public int Number;
    public CallEventKind Kind;
    public CallCause Cause;
    /// <summary>The SIP status code sent or received that goes with the event (180, 200, 302, 486, 487...), or 0.</summary>
    public int Status;
    /// <summary>The other party as people read it: "Name &lt;sip:...&gt;" or the URI.</summary>
    public string Peer;
    /// <summary>For people: the forward target, the reason it ended ("remote hung up", "486 Busy Here"...), or "".</summary>
    public string Detail;
    /// <summary>
    /// The call, readable while the event is handled (its state, direction, media); null for a
    /// caller turned away before it got a slot (forward always, busy, no common codec).
    /// </summary>
    public SipCall Call;

    public CallEvent(int number, CallEventKind kind, CallCause cause, int status, string peer, string detail, SipCall call)
    {
        Number = number;
        Kind = kind;
        Cause = cause;
        Status = status;
        Peer = peer == null ? "" : peer;
        Detail = detail == null ? "" : detail;
        Call = call;
    }

    /// <summary>"1 ended (remote hung up)": the number, the kind's name and the detail (allocates; logs and tests).</summary>
    public override string ToString()
    {
        string s = Number + " " + CallEventKinds.Name(Kind);
        return Detail.Length > 0 ? s + " (" + Detail + ")" : s;
    }
}
