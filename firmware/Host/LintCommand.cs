using System.Collections.Generic;
using System.IO;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host;

/// <summary>
/// `nanophone lint FILE...`: plays each file, as one UDP datagram, to a fresh phone — the same
/// UserAgent as the firmware's, with the configuration's defaults, a manual clock and a transport
/// that only records — and prints what that phone sends back, or that it drops it. The verdict is
/// INVALID when the phone refuses the message itself (a 4xx/5xx the message causes, see
/// <see cref="RefusesTheMessage"/>, or a malformed message it drops); exit status 1 if any file is
/// INVALID, 0 if none, 2 on a usage error.
/// </summary>
public static class LintCommand
{
    /// <summary>Where the datagram comes from: the phone's registrar (so the ghost filter lets it through).</summary>
    public static readonly Endpoint Proxy = new("192.0.2.1", 5060);
    /// <summary>The phone's own address (its Contact and Via).</summary>
    public static readonly Endpoint Phone = new("192.0.2.2", 5060);
    /// <summary>The phone's account when the Request-URI names no user (the Request-URI's user otherwise).</summary>
    public const string DefaultUser = "phone";

    public static int Run(string[] files, TextWriter stdout, TextWriter stderr)
    {
        if (files.Length == 0)
        {
            stderr.WriteLine("usage: nanophone lint FILE...");
            return 2;
        }
        bool anyInvalid = false;
        foreach (string file in files)
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(file);
            }
            catch (IOException e)
            {
                stderr.WriteLine("nanophone lint: cannot read " + file + ": " + e.Message);
                return 2;
            }
            catch (System.UnauthorizedAccessException e)
            {
                stderr.WriteLine("nanophone lint: cannot read " + file + ": " + e.Message);
                return 2;
            }
            string report = Check(data, out bool valid);
            anyInvalid |= !valid;
            stdout.Write((files.Length > 1 ? file + ": " : "") + report);
        }
        return anyInvalid ? 1 : 0;
    }

    /// <summary>
    /// The report on one datagram: a line "OK|INVALID &lt;summary&gt; — phone sends &lt;status lines&gt;"
    /// (or "— phone drops it"), then every datagram the phone sends, each line indented, with bytes
    /// that are not printable ASCII written as \xNN (and a backslash as \\). Tags and branches come
    /// from a fixed seed, so the same file always gives the same report.
    /// </summary>
    public static string Check(byte[] datagram, out bool valid)
    {
        // What the datagram is, read from a copy: the phone parses (and unfolds) its own in place.
        var m = new SipMessage();
        byte[] copy = (byte[])datagram.Clone();
        new SipParser().Parse(copy, 0, copy.Length, m);
        if (m.Status == ParseStatus.KeepAlive)
        {
            valid = true;
            return "OK keep-alive (CRLF only) — phone ignores it\n";
        }

        var phone = new LintPhone(m);
        phone.Agent.Receive((byte[])datagram.Clone(), 0, datagram.Length, Proxy);

        int final = phone.FirstFinalStatus();
        valid = m.Status == ParseStatus.Ok && !(final >= 400 && RefusesTheMessage(final));
        var report = new StringBuilder();
        report.Append(valid ? "OK " : "INVALID ").Append(m.Status == ParseStatus.Ok ? Summary(m) : m.Error).Append(" — ");
        if (phone.Sent.Count == 0)
        {
            report.Append("phone drops it");
            if (m.Status == ParseStatus.Ok && !m.IsRequest)
                report.Append(RequestCheck.Answer(m, out _) < 0
                    ? " (more than one Via: meant for someone else, RFC 3261 §8.1.3.3)"
                    : " unless it answers a request of the phone's own");
            report.Append('\n');
            return report.ToString();
        }
        report.Append("phone sends ");
        for (int i = 0; i < phone.Sent.Count; i++) report.Append(i > 0 ? ", " : "").Append(FirstLineOf(phone.Sent[i]));
        if (phone.Rings) report.Append(", and rings");
        report.Append('\n');
        foreach (byte[] sent in phone.Sent) Quote(report, sent);
        return report.ToString();
    }

    /// <summary>
    /// Refusals a message causes by itself: bad syntax (400), version (505), method (405, 501), URI
    /// scheme (416), Require (420), body (415, 406, 488), size (413, 414, 513). The others are the
    /// phone's state or policy (481 no such call, 486 busy, 480 do-not-disturb, 503 overload...).
    /// </summary>
    public static bool RefusesTheMessage(int status)
    {
        switch (status)
        {
            case 400: case 405: case 406: case 413: case 414: case 415: case 416:
            case 420: case 488: case 501: case 505: case 513:
                return true;
            default:
                return false;
        }
    }

    private static string Summary(SipMessage m)
    {
        string head = m.IsRequest ? m.MethodText + " " + m.RequestUri : m.StatusCode + " " + m.ReasonText;
        string cseq = m.CSeq + " " + Encoding.ASCII.GetString(m.Buffer, m.CSeqMethodOffset, m.CSeqMethodLength);
        string body = m.BodyLength > 0 ? ", body " + m.BodyLength + " bytes" : "";
        return head + " (Call-ID " + m.CallIdText + ", CSeq " + cseq + ", " + m.ViaCount + " Via" + body + ")";
    }

    private static string FirstLineOf(byte[] sent)
    {
        int end = 0;
        while (end < sent.Length && sent[end] != (byte)'\r' && sent[end] != (byte)'\n') end++;
        string line = PrintableText.Escape(sent, 0, end);
        return line.StartsWith("SIP/2.0 ", System.StringComparison.Ordinal) ? line.Substring(8) : line;
    }

    /// <summary>
    /// A datagram, one line of it per output line, indented by four spaces (the empty line that ends
    /// the headers stays empty); CRLF ends a line.
    /// </summary>
    private static void Quote(StringBuilder report, byte[] sent)
    {
        int start = 0;
        for (int i = 0; i <= sent.Length; i++)
        {
            bool end = i == sent.Length;
            if (!end && !(sent[i] == (byte)'\n' && i > 0 && sent[i - 1] == (byte)'\r')) continue;
            int stop = end ? i : i - 1;
            if (end && stop == start) break;   // nothing after the last CRLF
            if (stop > start) report.Append("    ").Append(PrintableText.Escape(sent, start, stop - start));
            report.Append('\n');
            start = i + 1;
        }
    }

    /// <summary>
    /// A phone as the firmware builds it (the configuration's defaults, the device's table sizes),
    /// registered at <see cref="Proxy"/> as the Request-URI's user, that records what it sends.
    /// </summary>
    private sealed class LintPhone : IDatagramSender, IAgentEvents
    {
        public readonly List<byte[]> Sent = new();
        public readonly UserAgent Agent;
        public bool Rings;

        public LintPhone(SipMessage m)
        {
            var config = new PhoneConfig();
            var settings = new AgentSettings();
            PhoneSettings.ApplyAccount(config, settings);
            bool named = m.IsRequest && m.RequestUri.IsSip && m.RequestUri.HasUser;
            settings.User = named ? Encoding.UTF8.GetString(m.RequestUri.Buffer, m.RequestUri.UserOffset, m.RequestUri.UserLength) : DefaultUser;
            settings.Domain = named ? m.RequestUri.HostText : "lint.invalid";
            settings.Server.CopyFrom(Proxy);
            Agent = new UserAgent(settings, new ManualClock(0), this, this, new Randomness(4475), Phone, AgentCapacity.Device());
            PhoneSettings.ApplyCalls(config, Agent.CallSettings, Phone);
        }

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            var copy = new byte[len];
            System.Array.Copy(buf, off, copy, 0, len);
            Sent.Add(copy);
            return true;
        }

        public void OnRegistration(RegistrationState state, string contact, int expires, string detail) { }

        public void OnCall(CallEvent e)
        {
            if (e.Kind == CallEventKind.Ringing) Rings = true;
        }

        /// <summary>The status of the first final response the phone sent, or 0.</summary>
        public int FirstFinalStatus()
        {
            foreach (byte[] s in Sent)
            {
                if (s.Length < 12 || Encoding.ASCII.GetString(s, 0, 8) != "SIP/2.0 ") continue;
                if (int.TryParse(Encoding.ASCII.GetString(s, 8, 3), out int code) && code >= 200) return code;
            }
            return 0;
        }
    }
}
