// GENERATED from tests/data by the script in tests/data/shared/README.md; do not edit by hand.
// The seed's messages and a sample of the RFC 4475/5118 torture messages as the UTF-8 text of each
// file (no file here holds a NUL, which nanoCLR strings cannot carry), for the nanoFramework tests,
// which cannot read tests/data. tests/Sipua.Tests/Build/SharedVectorsTests checks every text against
// its file byte for byte.
namespace NanoPhone.Tests.Shared
{
    public static class WireMessages
    {
        /// <summary>Files of the seed sample, relative to tests/data.</summary>
        public static readonly string[] SeedFile =
        {
            "seed/alice-invite.sip",
            "seed/bob-100-trying.sip",
            "seed/bob-180-ringing.sip",
            "seed/bob-302-as-seed.sip",
            "seed/alice-invite-after-302.sip",
            "seed/alice-invite-voicemail.sip",
            "seed/graham-invite-cseq1.sip",
            "seed/graham-invite-cseq2.sip",
            "seed/linda-200-ok.sip",
        };

        /// <summary>Byte length of each file.</summary>
        public static readonly int[] SeedLength =
        {
            453,
            226,
            274,
            292,
            461,
            728,
            328,
            497,
            497,
        };

        /// <summary>The UTF-8 text of each file.</summary>
        public static readonly string[] SeedText =
        {
            SeedAliceInvite,
            SeedBob100Trying,
            SeedBob180Ringing,
            SeedBob302AsSeed,
            SeedAliceInviteAfter302,
            SeedAliceInviteVoicemail,
            SeedGrahamInviteCseq1,
            SeedGrahamInviteCseq2,
            SeedLinda200Ok,
        };

        /// <summary>Files of the torture sample, relative to tests/data.</summary>
        public static readonly string[] TortureFile =
        {
            "rfc4475/wsinv.dat",
            "rfc4475/esc01.dat",
            "rfc4475/esc02.dat",
            "rfc4475/escnull.dat",
            "rfc4475/lwsdisp.dat",
            "rfc4475/unreason.dat",
            "rfc4475/badinv01.dat",
            "rfc4475/clerr.dat",
            "rfc4475/scalarlg.dat",
            "rfc4475/badvers.dat",
            "rfc4475/mismatch01.dat",
            "rfc4475/insuf.dat",
            "rfc4475/unkscm.dat",
            "rfc4475/bext01.dat",
            "rfc4475/invut.dat",
            "rfc4475/sdp01.dat",
            "rfc4475/bcast.dat",
            "rfc4475/inv2543.dat",
            "rfc5118/ipv6-bad.dat",
            "rfc5118/port-ambiguous.dat",
            "rfc5118/via-received-param-with-delim.dat",
        };

        /// <summary>Byte length of each file.</summary>
        public static readonly int[] TortureLength =
        {
            1001,
            543,
            439,
            359,
            255,
            526,
            472,
            498,
            385,
            291,
            236,
            304,
            291,
            381,
            391,
            494,
            516,
            445,
            301,
            308,
            283,
        };

        /// <summary>The UTF-8 text of each file.</summary>
        public static readonly string[] TortureText =
        {
            TortureWsinv,
            TortureEsc01,
            TortureEsc02,
            TortureEscnull,
            TortureLwsdisp,
            TortureUnreason,
            TortureBadinv01,
            TortureClerr,
            TortureScalarlg,
            TortureBadvers,
            TortureMismatch01,
            TortureInsuf,
            TortureUnkscm,
            TortureBext01,
            TortureInvut,
            TortureSdp01,
            TortureBcast,
            TortureInv2543,
            TortureIpv6Bad,
            TorturePortAmbiguous,
            TortureViaReceivedParamWithDelim,
        };

        /// <summary>tests/data/seed/alice-invite.sip: 453 bytes.</summary>
        public const string SeedAliceInvite =
            "INVITE sip:bob@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP alice.example.com:5060;branch=z9hG4bKdf877ekj4\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "Call-ID: 84@alice.example.com\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:alice@example.com>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 126\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=alice 2890844526 2890844526 IN IP4 alice.example.com\r\n" +
            "s=-\r\n" +
            "c=IN IP4 alice.example.com\r\n" +
            "t=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0\r\n";

        /// <summary>tests/data/seed/bob-100-trying.sip: 226 bytes.</summary>
        public const string SeedBob100Trying =
            "SIP/2.0 100 Trying\r\n" +
            "Via: SIP/2.0/UDP alice.example.com:5060;branch=z9hG4bKdf877ekj4\r\n" +
            "From: <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "Call-ID: 84@alice.example.com\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/seed/bob-180-ringing.sip: 274 bytes.</summary>
        public const string SeedBob180Ringing =
            "SIP/2.0 180 Ringing\r\n" +
            "Via: SIP/2.0/UDP alice.example.com:5060;branch=z9hG4bKdf877ekj4\r\n" +
            "From: <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:bob@example.com>;tag=1234567890\r\n" +
            "Call-ID: 84@alice.example.com\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:bob@example.com>\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/seed/bob-302-as-seed.sip: 292 bytes.</summary>
        public const string SeedBob302AsSeed =
            "SIP/2.0 302 Moved Temporarily\r\n" +
            "Via: SIP/2.0/UDP alice.example.com:5060;branch=z9hG4bKdf877ekj4\r\n" +
            "From: <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:bob-new@example.com>;tag=1234567890\r\n" +
            "Call-ID: 84@alice.example.com\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:bob-new@example.com>\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/seed/alice-invite-after-302.sip: 461 bytes.</summary>
        public const string SeedAliceInviteAfter302 =
            "INVITE sip:bob-new@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP alice.example.com:5060;branch=z9hG4bKdf877ekj5\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:bob-new@example.com>\r\n" +
            "Call-ID: 84@alice.example.com\r\n" +
            "CSeq: 2 INVITE\r\n" +
            "Contact: <sip:alice@example.com>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 126\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=alice 2890844526 2890844527 IN IP4 alice.example.com\r\n" +
            "s=-\r\n" +
            "c=IN IP4 alice.example.com\r\n" +
            "t=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0\r\n";

        /// <summary>tests/data/seed/alice-invite-voicemail.sip: 728 bytes.</summary>
        public const string SeedAliceInviteVoicemail =
            "INVITE sip:bob@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "From: Alice <sip:alice@example.com>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710\r\n" +
            "CSeq: 314160 INVITE\r\n" +
            "Contact: <sip:alice@pc33.example.com>\r\n" +
            "User-Agent: BriaX 3.5.5 build 81887\r\n" +
            "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\r\n" +
            "Allow-Events: presence, message-summary, refer, dialog\r\n" +
            "Session-Expires: 3600;refresher=uas\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 184\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=- 123456 789012 IN IP4 pc33.example.com\r\n" +
            "s=SIP Call\r\n" +
            "c=IN IP4 192.0.2.1\r\n" +
            "t=0 0\r\n" +
            "m=audio 50000 RTP/AVP 0\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "m=video 50002 RTP/AVP 31\r\n" +
            "a=rtpmap:31 H261/90000\r\n";

        /// <summary>tests/data/seed/graham-invite-cseq1.sip: 328 bytes.</summary>
        public const string SeedGrahamInviteCseq1 =
            "INVITE sip:vocale@voipuser.org SIP/2.0\r\n" +
            "Call-ID: f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "From: \"Graham\" <sip:2233382519@sip2sip.info>;tag=86aee210\r\n" +
            "To: <sip:vocale@voipuser.org>\r\n" +
            "Via: SIP/2.0/UDP 192.168.100.223:5060;branch=z9hG4bK42132ef67bfa606f75c8c2eb4c028b77373838\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/seed/graham-invite-cseq2.sip: 497 bytes.</summary>
        public const string SeedGrahamInviteCseq2 =
            "INVITE sip:vocale@voipuser.org SIP/2.0\r\n" +
            "Call-ID: f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0\r\n" +
            "CSeq: 2 INVITE\r\n" +
            "From: \"Graham\" <sip:2233382519@sip2sip.info>;tag=86aee210\r\n" +
            "To: <sip:vocale@voipuser.org>\r\n" +
            "Max-Forwards: 70\r\n" +
            "Contact: \"Graham\" <sip:2233382519@192.168.100.223:5060;transport=udp;registering_acc=sip2sip_info>\r\n" +
            "User-Agent: SIP Communicator1.0-alpha3-nightly.build.2569windows XP\r\n" +
            "Via: SIP/2.0/UDP 192.168.100.223:5060;branch=z9hG4bK7ee7a5aa544dc7f9d08f19095b3730ee373838\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/seed/linda-200-ok.sip: 497 bytes.</summary>
        public const string SeedLinda200Ok =
            "SIP/2.0 200 OK\r\n" +
            "Via: SIP/2.0/UDP 192.168.100.223:5060;rport=5060;received=77.98.42.233;branch=z9hG4bK7ee7a5aa5\r\n" +
            "Record-Route: <sip:194.0.210.251;lr;ftag=86aee210;nat=yes>\r\n" +
            "Record-Route: <sip:85.17.186.7;lr;ftag=86aee210;did=68.8fc9d044>\r\n" +
            "Contact: <sip:vocale@77.98.42.233:13336;rinstance=fbe73fa84b209f06>\r\n" +
            "To: <sip:vocale@voipuser.org>;tag=ba694f6a\r\n" +
            "From: \"Graham\"<sip:2233382519@sip2sip.info>;tag=86aee210\r\n" +
            "Call-ID: f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0\r\n" +
            "CSeq: 2 INVITE\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/wsinv.dat: 1001 bytes.</summary>
        public const string TortureWsinv =
            "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n" +
            "TO :\r\n" +
            " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n" +
            "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n" +
            "  ;\r\n" +
            "  tag = 98asjd8\r\n" +
            "MaX-fOrWaRdS: 0068\r\n" +
            "Call-ID: wsinv.ndaksdj@192.0.2.1\r\n" +
            "Content-Length   : 150\r\n" +
            "cseq: 0009\r\n" +
            "  INVITE\r\n" +
            "Via  : SIP  /   2.0\r\n" +
            " /UDP\r\n" +
            "    192.0.2.2;branch=390skdjuw\r\n" +
            "s :\r\n" +
            "NewFangledHeader:   newfangled value\r\n" +
            " continued newfangled value\r\n" +
            "UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Route:\r\n" +
            " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\r\n" +
            "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n" +
            "  branch  =   z9hG4bK9ikj8  ,\r\n" +
            " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n" +
            " z9hG4bK30239\r\n" +
            "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n" +
            "      newvalue ;\r\n" +
            "  secondparam ; q = 0.33\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.3\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.4\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/esc01.dat: 543 bytes.</summary>
        public const string TortureEsc01 =
            "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\r\n" +
            "To: sip:%75se%72@example.com\r\n" +
            "From: <sip:I%20have%20spaces@example.net>;tag=938\r\n" +
            "Max-Forwards: 87\r\n" +
            "i: esc01.239409asdfakjkn23onasd0-3234\r\n" +
            "CSeq: 234234 INVITE\r\n" +
            "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\r\n" +
            "C: application/sdp\r\n" +
            "Contact:\r\n" +
            "  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\r\n" +
            "Content-Length: 150\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.1\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.1\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/esc02.dat: 439 bytes.</summary>
        public const string TortureEsc02 =
            "RE%47IST%45R sip:registrar.example.com SIP/2.0\r\n" +
            "To: \"%Z%45\" <sip:resource@example.com>\r\n" +
            "From: \"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23\r\n" +
            "Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf\r\n" +
            "Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234\r\n" +
            "CSeq: 29344 RE%47IST%45R\r\n" +
            "Max-Forwards: 70\r\n" +
            "Contact: <sip:alias1@host1.example.com>\r\n" +
            "C%6Fntact: <sip:alias2@host2.example.com>\r\n" +
            "Contact: <sip:alias3@host3.example.com>\r\n" +
            "l: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/escnull.dat: 359 bytes.</summary>
        public const string TortureEscnull =
            "REGISTER sip:example.com SIP/2.0\r\n" +
            "To: sip:null-%00-null@example.com\r\n" +
            "From: sip:null-%00-null@example.com;tag=839923423\r\n" +
            "Max-Forwards: 70\r\n" +
            "Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd\r\n" +
            "CSeq: 14398234 REGISTER\r\n" +
            "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw\r\n" +
            "Contact: <sip:%00@host5.example.com>\r\n" +
            "Contact: <sip:%00%00@host5.example.com>\r\n" +
            "L:0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/lwsdisp.dat: 255 bytes.</summary>
        public const string TortureLwsdisp =
            "OPTIONS sip:user@example.com SIP/2.0\r\n" +
            "To: sip:user@example.com\r\n" +
            "From: caller<sip:caller@example.com>;tag=323\r\n" +
            "Max-Forwards: 70\r\n" +
            "Call-ID: lwsdisp.1234abcd@funky.example.com\r\n" +
            "CSeq: 60 OPTIONS\r\n" +
            "Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw\r\n" +
            "l: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/unreason.dat: 526 bytes.</summary>
        public const string TortureUnreason =
            "SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\n" +
            "Call-ID: unreason.1234ksdfak3j2erwedfsASdf\r\n" +
            "CSeq: 35 INVITE\r\n" +
            "From: sip:user@example.com;tag=11141343\r\n" +
            "To: sip:user@example.edu;tag=2229\r\n" +
            "Content-Length: 154\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Contact: <sip:user@host198.example.com>\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.198\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.198\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/badinv01.dat: 472 bytes.</summary>
        public const string TortureBadinv01 =
            "INVITE sip:user@example.com SIP/2.0\r\n" +
            "To: sip:j.user@example.com\r\n" +
            "From: sip:caller@example.net;tag=134161461246\r\n" +
            "Max-Forwards: 7\r\n" +
            "Call-ID: badinv01.0ha0isndaksdjasdf3234nas\r\n" +
            "CSeq: 8 INVITE\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n" +
            "Contact: \"Joe\" <sip:joe@example.org>;;;;\r\n" +
            "Content-Length: 152\r\n" +
            "Content-Type: application/sdp\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.15\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.15\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/clerr.dat: 498 bytes.</summary>
        public const string TortureClerr =
            "INVITE sip:user@example.com SIP/2.0\r\n" +
            "Max-Forwards: 80\r\n" +
            "To: sip:j.user@example.com\r\n" +
            "From: sip:caller@example.net;tag=93942939o2\r\n" +
            "Contact: <sip:caller@hungry.example.net>\r\n" +
            "Call-ID: clerr.0ha0isndaksdjweiafasdk3\r\n" +
            "CSeq: 8 INVITE\r\n" +
            "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 9999\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.155\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.155\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/scalarlg.dat: 385 bytes.</summary>
        public const string TortureScalarlg =
            "SIP/2.0 503 Service Unavailable\r\n" +
            "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129\r\n" +
            "To: <sip:user@example.com>\r\n" +
            "From: <sip:other@example.net>;tag=2easdjfejw\r\n" +
            "CSeq: 9292394834772304023312 OPTIONS\r\n" +
            "Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r\r\n" +
            "Retry-After: 949302838503028349304023988\r\n" +
            "Warning: 1812 overture \"In Progress\"\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/badvers.dat: 291 bytes.</summary>
        public const string TortureBadvers =
            "OPTIONS sip:t.watson@example.org SIP/7.0\r\n" +
            "Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\r\n" +
            "Max-Forwards:     70\r\n" +
            "From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\r\n" +
            "To:      T. Watson <sip:t.watson@example.org>\r\n" +
            "Call-ID: badvers.31417@c.example.com\r\n" +
            "CSeq:    1 OPTIONS\r\n" +
            "l: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/mismatch01.dat: 236 bytes.</summary>
        public const string TortureMismatch01 =
            "OPTIONS sip:user@example.com SIP/2.0\r\n" +
            "To: sip:j.user@example.com\r\n" +
            "From: sip:caller@example.net;tag=34525\r\n" +
            "Max-Forwards: 6\r\n" +
            "Call-ID: mismatch01.dj0234sxdfl3\r\n" +
            "CSeq: 8 INVITE\r\n" +
            "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw\r\n" +
            "l: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/insuf.dat: 304 bytes.</summary>
        public const string TortureInsuf =
            "INVITE sip:user@example.com SIP/2.0\r\n" +
            "CSeq: 193942 INVITE\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf\r\n" +
            "Content-Type: application/sdp\r\n" +
            "l: 152\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.95\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.95\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/unkscm.dat: 291 bytes.</summary>
        public const string TortureUnkscm =
            "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0\r\n" +
            "To: sip:user@example.com\r\n" +
            "From: sip:caller@example.net;tag=384\r\n" +
            "Max-Forwards: 3\r\n" +
            "Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34\r\n" +
            "CSeq: 3923423 OPTIONS\r\n" +
            "Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/bext01.dat: 381 bytes.</summary>
        public const string TortureBext01 =
            "OPTIONS sip:user@example.com SIP/2.0\r\n" +
            "To: sip:j_user@example.com\r\n" +
            "From: sip:caller@example.net;tag=242etr\r\n" +
            "Max-Forwards: 6\r\n" +
            "Call-ID: bext01.0ha0isndaksdj\r\n" +
            "Require: nothingSupportsThis, nothingSupportsThisEither\r\n" +
            "Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis\r\n" +
            "CSeq: 8 OPTIONS\r\n" +
            "Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc4475/invut.dat: 391 bytes.</summary>
        public const string TortureInvut =
            "INVITE sip:user@example.com SIP/2.0\r\n" +
            "Contact: <sip:caller@host5.example.net>\r\n" +
            "To: sip:j.user@example.com\r\n" +
            "From: sip:caller@example.net;tag=8392034\r\n" +
            "Max-Forwards: 70\r\n" +
            "Call-ID: invut.0ha0isndaksdjadsfij34n23d\r\n" +
            "CSeq: 235448 INVITE\r\n" +
            "Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw\r\n" +
            "Content-Type: application/unknownformat\r\n" +
            "Content-Length: 40\r\n" +
            "\r\n" +
            "<audio>\r\n" +
            " <pcmu port=\"443\"/>\r\n" +
            "</audio>\r\n";

        /// <summary>tests/data/rfc4475/sdp01.dat: 494 bytes.</summary>
        public const string TortureSdp01 =
            "INVITE sip:user@example.com SIP/2.0\r\n" +
            "To: sip:j_user@example.com\r\n" +
            "Contact: <sip:caller@host15.example.net>\r\n" +
            "From: sip:caller@example.net;tag=234\r\n" +
            "Max-Forwards: 5\r\n" +
            "Call-ID: sdp01.ndaksdj9342dasdd\r\n" +
            "Accept: text/nobodyKnowsThis\r\n" +
            "CSeq: 8 INVITE\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw\r\n" +
            "Content-Length: 150\r\n" +
            "Content-Type: application/sdp\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.5\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.5\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/bcast.dat: 516 bytes.</summary>
        public const string TortureBcast =
            "SIP/2.0 200 OK\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\n" +
            "Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23\r\n" +
            "Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf\r\n" +
            "CSeq: 35 INVITE\r\n" +
            "From: sip:user@example.com;tag=11141343\r\n" +
            "To: sip:user@example.edu;tag=2229\r\n" +
            "Content-Length: 154\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Contact: <sip:user@host28.example.com>\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.198\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.198\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0 12\r\n" +
            "m=video 3227 RTP/AVP 31\r\n" +
            "a=rtpmap:31 LPC\r\n";

        /// <summary>tests/data/rfc4475/inv2543.dat: 445 bytes.</summary>
        public const string TortureInv2543 =
            "INVITE sip:UserB@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP iftgw.example.com\r\n" +
            "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n" +
            "Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>\r\n" +
            "To: sip:+16505552222@ss1.example.net;user=phone\r\n" +
            "Call-ID: inv2543.1717@ift.client.example.com\r\n" +
            "CSeq: 56 INVITE\r\n" +
            "Content-Type: application/sdp\r\n" +
            "\r\n" +
            "v=0\r\n" +
            "o=mhandley 29739 7272939 IN IP4 192.0.2.5\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.5\r\n" +
            "t=0 0\r\n" +
            "m=audio 49217 RTP/AVP 0\r\n";

        /// <summary>tests/data/rfc5118/ipv6-bad.dat: 301 bytes.</summary>
        public const string TortureIpv6Bad =
            "REGISTER sip:2001:db8::10 SIP/2.0\r\n" +
            "To: sip:user@example.com\r\n" +
            "From: sip:user@example.com;tag=81x2\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\r\n" +
            "Call-ID: SSG9559905523997077@hlau_4100\r\n" +
            "Max-Forwards: 70\r\n" +
            "Contact: \"Caller\" <sip:caller@[2001:db8::1]>\r\n" +
            "CSeq: 98176 REGISTER\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc5118/port-ambiguous.dat: 308 bytes.</summary>
        public const string TorturePortAmbiguous =
            "REGISTER sip:[2001:db8::10:5070] SIP/2.0\r\n" +
            "To: sip:user@example.com\r\n" +
            "From: sip:user@example.com;tag=81x2\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\r\n" +
            "Call-ID: SSG9559905523997077@hlau_4100\r\n" +
            "Contact: \"Caller\" <sip:caller@[2001:db8::1]>\r\n" +
            "Max-Forwards: 70\r\n" +
            "CSeq: 98176 REGISTER\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";

        /// <summary>tests/data/rfc5118/via-received-param-with-delim.dat: 283 bytes.</summary>
        public const string TortureViaReceivedParamWithDelim =
            "BYE sip:[2001:db8::10] SIP/2.0\r\n" +
            "To: sip:user@example.com;tag=bd76ya\r\n" +
            "From: sip:user@example.com;tag=81x2\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111\r\n" +
            "Call-ID: SSG9559905523997077@hlau_4100\r\n" +
            "Max-Forwards: 70\r\n" +
            "CSeq: 321 BYE\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";
    }
}
