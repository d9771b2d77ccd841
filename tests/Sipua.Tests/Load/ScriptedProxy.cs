using System.Collections.Generic;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// Everything the phone talks to through its outbound proxy, played by one scripted node at the
/// proxy's address, each part retransmitting per RFC 3261 like a real peer:
/// - registrar: 200 with our Contact (after a 401 challenge if Challenge is set); a retransmitted
///   REGISTER gets the same answer again (a non-INVITE server resends its last response);
/// - callee for the phone's own calls (UAS): 100, 180, then the final response (200 by default),
///   a 2xx resent T1…T2 until the ACK (§13.3.1.4), a non-2xx per Timer G until its ACK;
///   BYE and CANCEL answered, CANCEL before the final → 487;
/// - callers of the phone (UAC): INVITE per Timer A until a response, ACK for each final response
///   (2xx: a new ACK transaction to the Contact; non-2xx: same branch), CANCEL and BYE per Timer E,
///   the phone's BYE answered 200.
/// </summary>
public sealed class ScriptedProxy : ScriptedPeer
{
    public readonly Endpoint Phone = new();
    public string PhoneUser;
    private int _counter;

    public ScriptedProxy(InMemoryNetwork net, Endpoint address, Endpoint phone, string phoneUser = "linda") : base(net, address)
    {
        Phone.CopyFrom(phone);
        PhoneUser = phoneUser;
    }

    private string HostPort => Address.ToString();

    private string Unique(string prefix) => prefix + (++_counter).ToString("x");

    // ---- Registrar ------------------------------------------------------------------------

    public bool Challenge;
    public int GrantSeconds = 3600;
    public int Registers;
    public int RegisterOks;
    public long LastRegisterOkAt = -1;

    private void OnRegister(SipText m, Endpoint source)
    {
        Registers++;
        if (Challenge && !m.Has("Authorization"))
        {
            Send(SipText.Respond(m, 401, "Unauthorized", "reg1", "",
                "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"n1\", qop=\"auth\", algorithm=MD5"), source);
            return;
        }
        var contacts = new List<string>();
        foreach (string c in m.All("Contact"))
        {
            if (SipText.Param(c, "expires") != "0") contacts.Add("Contact: <" + SipText.UriOf(c) + ">;expires=" + GrantSeconds);
        }
        RegisterOks++;
        LastRegisterOkAt = Now;
        Send(SipText.Respond(m, 200, "OK", "reg1", "", contacts.ToArray()), source);
    }

    // ---- Callee: the phone's own calls ---------------------------------------------------------

    public sealed class UasCall
    {
        public string CallId = "";
        public SipText Invite = null!;
        public string Branch = "";
        public string Tag = "";
        public string LastProvisional = "";
        public string FinalText = "";
        public int Final;
        public long InviteAt = -1, AnsweredAt = -1, AckAt = -1, ByeAt = -1, CancelAt = -1;
        public int Invites;
        public bool GaveUp;
    }

    /// <summary>The final response the callee gives at once (0: none; the test calls Answer).</summary>
    public int AnswerCode = 200;
    public readonly Dictionary<string, UasCall> Answering = new();
    public UasCall? LastUas;

    private void OnInvite(SipText m, Endpoint source)
    {
        if (m.ToTag.Length > 0)
        {
            Send(SipText.Respond(m, 481, "Call/Transaction Does Not Exist", null), source);
            return;
        }
        if (Answering.TryGetValue(m.CallId, out UasCall? c) && c.Branch == m.Branch)
        {
            // A retransmission: the last provisional, or the non-2xx final again; a 2xx resends on its own timer.
            c.Invites++;
            if (c.Final == 0) Send(c.LastProvisional, source);
            else if (c.Final >= 300) Send(c.FinalText, source);
            return;
        }
        c = new UasCall { CallId = m.CallId, Invite = m, Branch = m.Branch, Tag = Unique("callee"), InviteAt = Now, Invites = 1 };
        Answering[m.CallId] = c;
        LastUas = c;
        Send(SipText.Respond(m, 100, "Trying", null), source);
        c.LastProvisional = SipText.Respond(m, 180, "Ringing", c.Tag, "", "Contact: <sip:callee@" + HostPort + ">");
        Send(c.LastProvisional, source);
        if (AnswerCode != 0) Answer(c, AnswerCode);
    }

    public void Answer(UasCall c, int code)
    {
        if (c.Final != 0) return;
        c.Final = code;
        c.AnsweredAt = Now;
        string reason = code == 200 ? "OK" : code == 486 ? "Busy Here" : code == 487 ? "Request Terminated" : "Declined";
        c.FinalText = code == 200
            ? SipText.Respond(c.Invite, 200, "OK", c.Tag, SipText.Sdp("callee", "192.0.2.9", 40000), "Contact: <sip:callee@" + HostPort + ">")
            : SipText.Respond(c.Invite, code, reason, c.Tag);
        SendReliably((code == 200 ? "ok|" : "final|") + c.CallId, c.FinalText, ResponseTarget(c.Invite), Resend.TimerG);
    }

    private Endpoint ResponseTarget(SipText request)
    {
        // Sent-by of the top Via (the phone asks for rport, and sends from that same address).
        string via = request["Via"];
        string sentBy = via.Substring(via.IndexOf(' ') + 1).Split(';')[0].Trim();
        var e = new Endpoint();
        if (!e.TryParse(sentBy, 5060)) e.CopyFrom(Phone);
        return e;
    }

    private void OnAck(SipText m)
    {
        if (!Answering.TryGetValue(m.CallId, out UasCall? c)) return;
        if (c.Final >= 300 && m.Branch == c.Branch)
        {
            StopResending("final|" + c.CallId);
        }
        else if (c.Final == 200)
        {
            StopResending("ok|" + c.CallId);
            if (c.AckAt < 0) c.AckAt = Now;
        }
    }

    private void OnCancel(SipText m, Endpoint source)
    {
        if (!Answering.TryGetValue(m.CallId, out UasCall? c) || c.Branch != m.Branch)
        {
            Send(SipText.Respond(m, 481, "Call/Transaction Does Not Exist", null), source);
            return;
        }
        Send(SipText.Respond(m, 200, "OK", c.Tag), source);
        if (c.CancelAt < 0) c.CancelAt = Now;
        if (c.Final == 0) Answer(c, 487);
    }

    // ---- Callers of the phone ------------------------------------------------------------------

    public sealed class UacCall
    {
        public string CallId = "";
        public string FromTag = "";
        public string Branch = "";
        public string Invite = "";
        public string PhoneTag = "";
        public string PhoneContact = "";
        public long InviteAt = -1, FirstResponseAt = -1, RingingAt = -1, OkAt = -1, FinalAt = -1;
        public long CancelAt = -1, CancelDoneAt = -1, ByeAt = -1, ByeDoneAt = -1, PhoneByeAt = -1;
        public int FinalCode;
        public int CancelCode, ByeCode;
        public int RetryAfter;
        public int Acks;
        public bool InviteTimedOut, CancelTimedOut, ByeTimedOut;
        public readonly List<int> Codes = new();
    }

    public readonly Dictionary<string, UacCall> Calling = new();

    /// <summary>
    /// A patient caller: a CANCEL refused with 503 and Retry-After is sent again after that many
    /// seconds. RFC 3261 does not ask for it (§9.1: the caller just stops waiting after 64·T1), so
    /// off by default; a phone must not need it.
    /// </summary>
    public bool RetryCancelAfter503;
    public int CancelRetries;

    /// <summary>A caller sends an INVITE with SDP to the phone (Timer A until a response).</summary>
    public UacCall Invite(string? callId = null)
    {
        var c = new UacCall
        {
            CallId = callId ?? Unique("call-") + "@caller.test",
            FromTag = Unique("ft"),
            Branch = Unique("z9hG4bKuac"),
            InviteAt = Now,
        };
        string sdp = SipText.Sdp("caller", "192.0.2.7", 49170);
        c.Invite =
            "INVITE " + RequestUri + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=" + c.Branch + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Caller\" <sip:caller@nanophone.test>;tag=" + c.FromTag + "\r\n" +
            "To: <sip:" + PhoneUser + "@nanophone.test>\r\n" +
            "Call-ID: " + c.CallId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:caller@" + HostPort + ">\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + sdp.Length + "\r\n\r\n" + sdp;
        Calling[c.CallId] = c;
        SendReliably("inv|" + c.CallId, c.Invite, Phone, Resend.TimerA);
        return c;
    }

    private string RequestUri => "sip:" + PhoneUser + "@" + Phone;

    /// <summary>The caller gives up: CANCEL (Timer E until its 200); the phone answers the INVITE 487.</summary>
    public void Cancel(UacCall c)
    {
        c.CancelAt = Now;
        string cancel =
            "CANCEL " + RequestUri + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=" + c.Branch + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Caller\" <sip:caller@nanophone.test>;tag=" + c.FromTag + "\r\n" +
            "To: <sip:" + PhoneUser + "@nanophone.test>\r\n" +
            "Call-ID: " + c.CallId + "\r\n" +
            "CSeq: 1 CANCEL\r\n" +
            "Content-Length: 0\r\n\r\n";
        SendReliably("cancel|" + c.CallId, cancel, Phone, Resend.TimerE);
    }

    /// <summary>The caller hangs up an answered call: BYE to the phone's Contact (Timer E until its 200).</summary>
    public void Bye(UacCall c)
    {
        c.ByeAt = Now;
        string bye =
            "BYE " + (c.PhoneContact.Length > 0 ? c.PhoneContact : RequestUri) + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=" + Unique("z9hG4bKbye") + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Caller\" <sip:caller@nanophone.test>;tag=" + c.FromTag + "\r\n" +
            "To: <sip:" + PhoneUser + "@nanophone.test>;tag=" + c.PhoneTag + "\r\n" +
            "Call-ID: " + c.CallId + "\r\n" +
            "CSeq: 2 BYE\r\n" +
            "Content-Length: 0\r\n\r\n";
        SendReliably("bye|" + c.CallId, bye, Phone, Resend.TimerE);
    }

    /// <summary>
    /// A BYE for a dialog the phone does not have (made-up Call-ID and tags), sent once: what a
    /// scanner or a confused peer sends. The phone answers 481 through a server transaction.
    /// </summary>
    public void StrayBye()
    {
        string id = Unique("stray-");
        Send("BYE sip:" + PhoneUser + "@" + Phone + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=" + Unique("z9hG4bKstray") + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:someone@nanophone.test>;tag=" + id + "\r\n" +
            "To: <sip:" + PhoneUser + "@nanophone.test>;tag=" + id + "x\r\n" +
            "Call-ID: " + id + "@scanner.test\r\n" +
            "CSeq: 7 BYE\r\n" +
            "Content-Length: 0\r\n\r\n", Phone);
    }

    private void OnResponse(SipText r)
    {
        if (!Calling.TryGetValue(r.CallId, out UacCall? c)) return;
        string method = r.CSeqMethod;
        if (method == "INVITE")
        {
            c.Codes.Add(r.Status);
            if (c.FirstResponseAt < 0) c.FirstResponseAt = Now;
            StopResending("inv|" + c.CallId);   // any response: Proceeding or Completed, Timer A stops
            if (r.ToTag.Length > 0) c.PhoneTag = r.ToTag;
            if (r.Status < 200)
            {
                if (r.Status == 180 && c.RingingAt < 0) c.RingingAt = Now;
                return;
            }
            if (c.FinalAt < 0) { c.FinalAt = Now; c.FinalCode = r.Status; }
            if (r.Status < 300)
            {
                if (c.OkAt < 0) c.OkAt = Now;
                c.PhoneContact = SipText.UriOf(r["Contact"]);
                SendAck2xx(c);
            }
            else
            {
                if (r.Status == 503 && int.TryParse(r["Retry-After"].Split(' ')[0], out int ra)) c.RetryAfter = ra;
                SendAckNon2xx(c, r);
            }
        }
        else if (method == "CANCEL" && r.Status >= 200)
        {
            if (!StopResending("cancel|" + c.CallId)) return;   // a retransmitted response
            if (r.Status == 503 && RetryCancelAfter503 && c.FinalAt < 0 && int.TryParse(r["Retry-After"].Split(' ')[0], out int ra))
            {
                CancelRetries++;
                Later(ra * 1000L, () => { if (c.FinalAt < 0) Cancel(c); });
                return;
            }
            if (c.CancelDoneAt < 0) { c.CancelDoneAt = Now; c.CancelCode = r.Status; }
        }
        else if (method == "BYE" && r.Status >= 200)
        {
            StopResending("bye|" + c.CallId);
            if (c.ByeDoneAt < 0) { c.ByeDoneAt = Now; c.ByeCode = r.Status; }
        }
    }

    private void SendAck2xx(UacCall c)
    {
        c.Acks++;
        Send("ACK " + c.PhoneContact + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=z9hG4bKack-" + c.Branch + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Caller\" <sip:caller@nanophone.test>;tag=" + c.FromTag + "\r\n" +
            "To: <sip:" + PhoneUser + "@nanophone.test>;tag=" + c.PhoneTag + "\r\n" +
            "Call-ID: " + c.CallId + "\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n", Phone);
    }

    private void SendAckNon2xx(UacCall c, SipText r)
    {
        c.Acks++;
        Send("ACK " + RequestUri + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + HostPort + ";branch=" + c.Branch + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Caller\" <sip:caller@nanophone.test>;tag=" + c.FromTag + "\r\n" +
            "To: " + r["To"] + "\r\n" +
            "Call-ID: " + c.CallId + "\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n", Phone);
    }

    // ---- Dispatch ------------------------------------------------------------------------------

    /// <summary>Responses sent to requests the scripts do not handle.</summary>
    public int Unhandled;

    protected override void OnMessage(SipText m, Endpoint source)
    {
        if (!m.IsRequest)
        {
            OnResponse(m);
            return;
        }
        switch (m.Method)
        {
            case "REGISTER": OnRegister(m, source); break;
            case "INVITE": OnInvite(m, source); break;
            case "ACK": OnAck(m); break;
            case "CANCEL": OnCancel(m, source); break;
            case "BYE":
                if (Calling.TryGetValue(m.CallId, out UacCall? c))
                {
                    if (c.PhoneByeAt < 0) c.PhoneByeAt = Now;
                    Send(SipText.Respond(m, 200, "OK", null), source);
                }
                else if (Answering.TryGetValue(m.CallId, out UasCall? u))
                {
                    if (u.ByeAt < 0) u.ByeAt = Now;
                    Send(SipText.Respond(m, 200, "OK", null), source);
                }
                else
                {
                    Unhandled++;
                    Send(SipText.Respond(m, 481, "Call/Transaction Does Not Exist", null), source);
                }
                break;
            default:
                Unhandled++;
                Send(SipText.Respond(m, 501, "Not Implemented", null), source);
                break;
        }
    }

    protected override void OnGiveUp(string key)
    {
        int bar = key.IndexOf('|');
        string kind = key.Substring(0, bar);
        string callId = key.Substring(bar + 1);
        if (Calling.TryGetValue(callId, out UacCall? c))
        {
            if (kind == "inv") c.InviteTimedOut = true;
            else if (kind == "cancel") c.CancelTimedOut = true;
            else if (kind == "bye") c.ByeTimedOut = true;
        }
        if ((kind == "ok" || kind == "final") && Answering.TryGetValue(callId, out UasCall? u)) u.GaveUp = true;
    }

    /// <summary>Drops what the scripts keep of finished calls (so long runs do not grow the test's own heap).</summary>
    public void Forget()
    {
        Calling.Clear();
        Answering.Clear();
        LastUas = null;
    }
}
