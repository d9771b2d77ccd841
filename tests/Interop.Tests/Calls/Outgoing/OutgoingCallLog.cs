using System.Collections.Generic;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;

namespace NanoPhone.Interop.Tests.Calls.Outgoing;

/// <summary>Reading the phone's datagram log for the outgoing-call interop tests.</summary>
internal static class OutgoingCallLog
{
    /// <summary>
    /// The phone's log as one message per line, retransmissions (a request with the same method
    /// and Via branch, a response with the same status, CSeq and branch) and 100 Trying left out:
    /// "&gt; INVITE uri (CSeq 1 INVITE)", "&lt; 407 (CSeq 1 INVITE)". Requests carrying credentials
    /// are marked " +auth". Loopback normally has no retransmissions; a loaded machine may.
    /// Registration (REGISTER and its answers) is left out.
    ///
    /// A non-2xx final response makes the phone send two independent requests: the INVITE client
    /// transaction's ACK of it (hop-by-hop, §17.1.1.3) and the call's next INVITE (after a 407 or a
    /// 3xx). The phone happens to send the INVITE first; the order carries no meaning (different
    /// transactions), so here an ACK that follows the next INVITE is put before it.
    /// </summary>
    public static IReadOnlyList<(string Line, Datagram Datagram)> Conversation(this PhoneUnderTest phone)
    {
        var seen = new HashSet<string>();
        var lines = new List<(string Line, Datagram Datagram)>();
        foreach (Datagram d in phone.Network.Log)
        {
            if (d.Header("CSeq") == null) continue; // keep-alives
            if (d.CSeqMethod() == "REGISTER") continue;
            string key;
            string line;
            if (d.Outgoing && d.StatusCode == 0)
            {
                string method = d.FirstLine.Split(' ')[0];
                key = $"req {method} {d.Branch()}";
                line = $"> {method} {d.RequestUri()} (CSeq {d.Header("CSeq")})" +
                       (d.Header("Proxy-Authorization") != null || d.Header("Authorization") != null ? " +auth" : "");
            }
            else if (!d.Outgoing && d.StatusCode > 0)
            {
                if (d.StatusCode == 100) continue;
                key = $"resp {d.StatusCode} {d.Header("CSeq")} {d.Branch()}";
                line = $"< {d.StatusCode} (CSeq {d.Header("CSeq")})";
            }
            else
            {
                string dir = d.Outgoing ? ">" : "<";
                key = $"{dir} {d.FirstLine} {d.Header("CSeq")} {d.Branch()}";
                line = d.Outgoing ? $"> {d.FirstLine} (CSeq {d.Header("CSeq")})" : $"< {d.FirstLine.Split(' ')[0]} {d.RequestUri()} (CSeq {d.Header("CSeq")})";
            }
            if (seen.Add(key)) lines.Add((line, d));
        }
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            Datagram invite = lines[i].Datagram, ack = lines[i + 1].Datagram;
            if (invite.Outgoing && invite.IsRequest("INVITE") && ack.Outgoing && ack.IsRequest("ACK")
                && ack.CSeqNumber() < invite.CSeqNumber())
            {
                (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
            }
        }
        return lines;
    }
}
