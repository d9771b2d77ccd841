using System.IO;
using NanoPhone.Sip.Message;

namespace NanoPhone.Host;

/// <summary>
/// `nanophone lint FILE...`: parses each file as one datagram and says whether it is a valid SIP
/// message and what this phone would answer. Exit 0 if all are valid, 1 if any is not, 2 on a
/// usage error.
/// </summary>
public static class LintCommand
{
    public static int Run(string[] files, TextWriter stdout, TextWriter stderr)
    {
        if (files.Length == 0)
        {
            stderr.WriteLine("usage: nanophone lint FILE...");
            return 2;
        }
        var parser = new SipParser();
        var message = new SipMessage();
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
            parser.Parse(data, 0, data.Length, message);
            string line = Describe(message, out bool valid);
            anyInvalid |= !valid;
            stdout.WriteLine((files.Length > 1 ? file + ": " : "") + line);
        }
        return anyInvalid ? 1 : 0;
    }

    /// <summary>One line: "OK &lt;method or status&gt; &lt;summary&gt;" or "INVALID &lt;reason&gt;", then the phone's answer.</summary>
    public static string Describe(SipMessage m, out bool valid)
    {
        int code = RequestCheck.Answer(m, out string? reason);
        string answer = code switch
        {
            0 => m.IsRequest ? "phone: accepts it" : "phone: accepts it (as a response to its own request)",
            -1 => "phone: drops it silently",
            _ => "phone answers: " + code + " " + reason,
        };
        if (m.Status == ParseStatus.KeepAlive)
        {
            valid = true;
            return "OK keep-alive (CRLF only) — phone: ignores it";
        }
        if (m.Status != ParseStatus.Ok)
        {
            valid = false;
            return "INVALID " + m.Error + " — " + answer;
        }
        valid = true;
        string head = m.IsRequest
            ? m.MethodText + " " + m.RequestUri
            : m.StatusCode + " " + m.ReasonText;
        string cseq = m.CSeq + " " + System.Text.Encoding.ASCII.GetString(m.Buffer, m.CSeqMethodOffset, m.CSeqMethodLength);
        string body = m.BodyLength > 0 ? ", body " + m.BodyLength + " bytes" : "";
        return "OK " + head + " (Call-ID " + m.CallIdText + ", CSeq " + cseq + ", " + m.ViaCount + " Via" + body + ") — " + answer;
    }
}
