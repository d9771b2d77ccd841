using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>
/// The SIP traces of the project's source document ("SIP Mobility": Graham calls Linda; Alice's call
/// forward no answer) as test vectors. data/seed/README.md lists where the seed was sloppy and
/// RFC 3261 won.
/// </summary>
public class SeedTraceTests
{
    private static SipMessage Parse(string file)
    {
        byte[] data = TestData.Read("seed/" + file);
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        return m;
    }

    private static string Text(SipMessage m, int off, int len) => TestData.Ascii(m.Buffer, off, len);

    [Fact]
    public void Graham_first_INVITE_has_CSeq_1_a_From_tag_no_To_tag_and_a_magic_cookie_branch()
    {
        var m = Parse("graham-invite-cseq1.sip");
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("sip:vocale@voipuser.org", m.RequestUri.ToString());
        Assert.Equal("f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0", m.CallIdText);
        Assert.Equal(1, m.CSeq);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.Equal("86aee210", Text(m, m.FromTagOffset, m.FromTagLength));
        Assert.Equal("Graham", m.From.DisplayName);
        Assert.False(m.HasToTag);
        Assert.True(m.TopVia.HasRfc3261Branch);
        Assert.Equal("z9hG4bK42132ef67bfa606f75c8c2eb4c028b77373838", Text(m, m.TopVia.BranchOffset, m.TopVia.BranchLength));
        Assert.Equal(5060, m.TopVia.Port);
        Assert.Equal(70, m.MaxForwards);
    }

    [Fact]
    public void Graham_retry_after_the_challenge_keeps_Call_ID_and_From_tag_with_CSeq_2_and_a_new_branch()
    {
        // RFC 3261 §8.1.3.5 / §22.2: same Call-ID (the seed's "…00.0.0.0" is a slip), CSeq + 1.
        var first = Parse("graham-invite-cseq1.sip");
        var retry = Parse("graham-invite-cseq2.sip");
        Assert.Equal(first.CallIdText, retry.CallIdText);
        Assert.Equal(Text(first, first.FromTagOffset, first.FromTagLength), Text(retry, retry.FromTagOffset, retry.FromTagLength));
        Assert.Equal(first.CSeq + 1, retry.CSeq);
        Assert.NotEqual(Text(first, first.TopVia.BranchOffset, first.TopVia.BranchLength),
            Text(retry, retry.TopVia.BranchOffset, retry.TopVia.BranchLength));
        Assert.Equal("udp", Text(retry, FindParam(retry, "transport").off, FindParam(retry, "transport").len));
    }

    private static (int off, int len) FindParam(SipMessage m, string name)
    {
        int i = m.IndexOf(HeaderId.Contact);
        var contact = new NameAddr();
        Assert.True(contact.TryParse(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i)));
        Assert.True(contact.Uri.FindParam(name, out int off, out int len));
        return (off, len);
    }

    [Fact]
    public void Linda_200_OK_carries_two_loose_routing_Record_Routes_and_Lindas_tag()
    {
        var m = Parse("linda-200-ok.sip");
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("ba694f6a", Text(m, m.ToTagOffset, m.ToTagLength));
        Assert.Equal("86aee210", Text(m, m.FromTagOffset, m.FromTagLength));
        Assert.Equal(2, m.Count(HeaderId.RecordRoute));
        var rr = new NameAddr();
        string[] hosts = { "194.0.210.251", "85.17.186.7" };
        int n = 0;
        for (int i = m.IndexOf(HeaderId.RecordRoute); i >= 0; i = m.IndexOf(HeaderId.RecordRoute, i + 1))
        {
            Assert.True(rr.TryParse(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i)));
            Assert.Equal(hosts[n++], rr.Uri.HostText);
            Assert.True(Params.Has(m.Buffer, rr.Uri.ParamsOffset, rr.Uri.ParamsLength, "lr"));
        }
        Assert.True(m.TopVia.HasRport);
        Assert.Equal(5060, m.TopVia.Rport);
        Assert.Equal("77.98.42.233", Text(m, m.TopVia.ReceivedOffset, m.TopVia.ReceivedLength));
        Assert.Equal(0, RequestCheck.Answer(m, out _));
    }

    [Fact]
    public void Bob_180_is_built_from_Alices_INVITE_with_a_To_tag()
    {
        var invite = Parse("alice-invite.sip");
        var w = new SipWriter(256);
        byte[] tag = System.Text.Encoding.ASCII.GetBytes("1234567890");
        ResponseBuilder.Begin(w, invite, 180, "Ringing", tag, 0, tag.Length);
        w.Header("Contact", "<sip:bob@example.com>");
        ResponseBuilder.End(w);
        // Byte for byte the seed's step 3.
        Assert.Equal(TestData.Ascii(TestData.Read("seed/bob-180-ringing.sip"), 0, TestData.Read("seed/bob-180-ringing.sip").Length),
            TestData.Ascii(w.Buffer, 0, w.Length));
    }

    [Fact]
    public void Bob_100_Trying_carries_no_To_tag()
    {
        var invite = Parse("alice-invite.sip");
        var w = new SipWriter(256);
        byte[] tag = System.Text.Encoding.ASCII.GetBytes("1234567890");
        ResponseBuilder.Begin(w, invite, 100, "Trying", tag, 0, tag.Length);
        ResponseBuilder.End(w);
        Assert.Equal(TestData.Ascii(TestData.Read("seed/bob-100-trying.sip"), 0, TestData.Read("seed/bob-100-trying.sip").Length),
            TestData.Ascii(w.Buffer, 0, w.Length));
    }

    [Fact]
    public void A_302_copies_the_requests_To_not_the_seeds_rewritten_one()
    {
        // The seed's step 4 puts the new target in To; §8.2.6.2 says To is the request's plus our tag.
        // The new target belongs in Contact only.
        var invite = Parse("alice-invite.sip");
        var w = new SipWriter(256);
        byte[] tag = System.Text.Encoding.ASCII.GetBytes("1234567890");
        ResponseBuilder.Begin(w, invite, 302, "Moved Temporarily", tag, 0, tag.Length);
        w.Header("Contact", "<sip:bob-new@example.com>");
        ResponseBuilder.End(w);
        var ours = new SipMessage();
        byte[] bytes = w.ToArray();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(bytes, 0, bytes.Length, ours));
        Assert.Equal("sip:bob@example.com", ours.To.Uri.ToString());
        Assert.Equal("1234567890", Text(ours, ours.ToTagOffset, ours.ToTagLength));
        var seeds = Parse("bob-302-as-seed.sip");
        Assert.NotEqual(seeds.To.Uri.ToString(), ours.To.Uri.ToString());
        Assert.Equal(seeds.ValueText(HeaderId.Contact), ours.ValueText(HeaderId.Contact));
    }

    [Fact]
    public void Alice_follows_the_302_with_the_same_Call_ID_and_From_tag_and_the_next_CSeq()
    {
        var first = Parse("alice-invite.sip");
        var second = Parse("alice-invite-after-302.sip");
        Assert.Equal(first.CallIdText, second.CallIdText);
        Assert.Equal(Text(first, first.FromTagOffset, first.FromTagLength), Text(second, second.FromTagOffset, second.FromTagLength));
        Assert.Equal(first.CSeq + 1, second.CSeq);
        Assert.Equal("sip:bob-new@example.com", second.RequestUri.ToString());
    }

    [Fact]
    public void Voicemail_example_INVITE_parses_with_its_SDP_body()
    {
        var m = Parse("alice-invite-voicemail.sip");
        Assert.Equal(314160, m.CSeq);
        Assert.Equal("Alice", m.From.DisplayName);
        Assert.Equal(184, m.BodyLength);
        Assert.Equal(0, RequestCheck.Answer(m, out _));
    }
}
