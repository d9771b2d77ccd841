using System.Text;
using NanoPhone.Sip.Subscription;
using Xunit;

namespace NanoPhone.Sip.Tests.Subscription;

/// <summary>
/// RFC 3842 §5 (application/simple-message-summary):
/// - §5.2 "Messages-Waiting" (yes / no) MUST be present; the rest is optional.
/// - msg-summary-line = message-context-class HCOLON newmsgs SLASH oldmsgs
///   [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ].
/// - Header names are case-insensitive; other message classes (fax, text...) are not the lamp's.
/// </summary>
public class MessageSummaryTests
{
    private static MessageSummary Parse(string body, bool ok = true)
    {
        var s = new MessageSummary();
        byte[] b = Encoding.ASCII.GetBytes(body);
        Assert.Equal(ok, s.Parse(b, 0, b.Length));
        return s;
    }

    [Fact]
    public void The_RFC_3842_section_6_example_2_new_8_old_of_which_0_and_2_urgent()
    {
        var s = Parse("Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 2/8 (0/2)\r\n");
        Assert.True(s.Waiting);
        Assert.Equal(2, s.NewVoice);
        Assert.Equal(8, s.OldVoice);
        Assert.Equal(0, s.UrgentNewVoice);
        Assert.Equal(2, s.UrgentOldVoice);
    }

    [Fact]
    public void Messages_Waiting_no_alone_is_a_whole_summary_and_the_counts_stay_unknown()
    {
        var s = Parse("Messages-Waiting: no\r\n");
        Assert.False(s.Waiting);
        Assert.Equal(-1, s.NewVoice);
        Assert.Equal(-1, s.OldVoice);
    }

    [Fact]
    public void Names_are_case_insensitive_LF_lines_and_spaces_are_taken_and_the_urgent_part_is_optional()
    {
        var s = Parse("messages-waiting:YES\nvoice-message :  3 / 1 \n");
        Assert.True(s.Waiting);
        Assert.Equal(3, s.NewVoice);
        Assert.Equal(1, s.OldVoice);
        Assert.Equal(-1, s.UrgentNewVoice);
    }

    [Fact]
    public void Other_message_classes_do_not_count_as_voice_messages()
    {
        var s = Parse("Messages-Waiting: yes\r\nFax-Message: 4/0\r\nText-Message: 1/1 (1/0)\r\n");
        Assert.True(s.Waiting);
        Assert.Equal(-1, s.NewVoice);
    }

    [Theory]
    [InlineData("Voice-Message: 2/8\r\n", "no Messages-Waiting line")]
    [InlineData("Messages-Waiting: maybe\r\n", "Messages-Waiting is neither yes nor no")]
    [InlineData("Messages-Waiting: yes\r\nVoice-Message: 2/x\r\n", "malformed Voice-Message line")]
    [InlineData("Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2\r\n", "malformed Voice-Message line")]
    [InlineData("Messages-Waiting: yes\r\nVoice-Message: 99999999999/0\r\n", "malformed Voice-Message line")]
    [InlineData("", "no Messages-Waiting line")]
    public void A_body_without_the_mandatory_line_or_with_a_broken_count_is_refused_with_a_reason(string body, string why)
    {
        var s = Parse(body, ok: false);
        Assert.Equal(why, s.Error);
    }
}
