// Expected values shared by the xunit tests (tests/Sipua.Tests, tests/App.Tests) and the nanoFramework
// tests (tests/NFUnitTest): one source of truth, compiled into both. Portable C# 10 for nanoFramework's
// mscorlib: no generics, no LINQ, every array element assigned. tests/Sipua.Tests/Build/SharedVectorsTests
// checks that the xunit tests' own data still agree with these values.
#nullable disable

namespace NanoPhone.Tests.Shared
{
    /// <summary>Hash known answers: RFC 1321 A.5 (MD5), FIPS 180 (SHA-256), FIPS 180-4 (SHA-512/256).</summary>
    public static class HashVectors
    {
        public static readonly string[] Md5Input =
        {
            "",
            "a",
            "abc",
            "message digest",
            "abcdefghijklmnopqrstuvwxyz",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        };

        public static readonly string[] Md5Hex =
        {
            "d41d8cd98f00b204e9800998ecf8427e",
            "0cc175b9c0f1b6a831c399e269772661",
            "900150983cd24fb0d6963f7d28e17f72",
            "f96b697d7cb7938d525a2f31aaf161d0",
            "c3fcd3d76192e4007dfb496cca67e13b",
            "d174ab98d277d9f5a5611c2c9f419d9f",
            "57edf4a22be3c955ac49da2e2107b67a",
        };

        /// <summary>SHA-256 input i is Sha256Input[i] repeated Sha256Repeat[i] times.</summary>
        public static readonly string[] Sha256Input =
        {
            "abc",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "a",
            "",
        };

        public static readonly int[] Sha256Repeat = { 1, 1, 1000000, 1 };

        public static readonly string[] Sha256Hex =
        {
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        };

        public static readonly string[] Sha512t256Input =
        {
            "abc",
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "",
        };

        public static readonly string[] Sha512t256Hex =
        {
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a",
            "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a",
        };
    }

    /// <summary>Digest responses: RFC 7616 §3.9.1, RFC 8760 (SHA-512-256), RFC 2617 §3.5 with and without qop.</summary>
    public static class DigestVectors
    {
        public const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        public const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        public const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
        public const string Rfc7616User = "Mufasa";
        public const string Rfc7616Password = "Circle of Life";
        public const string Method = "GET";
        public const string Uri = "/dir/index.html";

        /// <summary>The RFC 7616 §3.9.1 challenge, folded over lines as the RFC prints it.</summary>
        public static string Rfc7616Challenge(string algorithm)
        {
            return "Digest\r\n    realm=\"http-auth@example.org\",\r\n"
                + "    qop=\"auth, auth-int\",\r\n    algorithm=" + algorithm + ",\r\n    nonce=\"" + Rfc7616Nonce + "\",\r\n    opaque=\"" + Rfc7616Opaque + "\"";
        }

        public static readonly string[] Rfc7616Algorithm = { "MD5", "SHA-256", "SHA-512-256", "SHA-512-256-sess" };

        /// <summary>MD5 and SHA-256 from RFC 7616; the SHA-512-256 ones computed independently (Python hashlib).</summary>
        public static readonly string[] Rfc7616Response =
        {
            "8ca523f5e9506fed4657c9700eebdbec",
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0",
            "3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e",
        };

        public const string Rfc2617Challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        public const string Rfc2617ChallengeWithoutQop = "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        public const string Rfc2617User = "Mufasa";
        public const string Rfc2617Password = "Circle Of Life";
        public const string Rfc2617Cnonce = "0a4f113b";
        public const string Rfc2617Response = "6629fae49393a05397450978507c4ef1";
        public const string Rfc2617ResponseWithoutQop = "670fd8c2df070c60b045671b8b24ff02";
    }

    /// <summary>
    /// RFC 4475 (49) and RFC 5118 (12) torture messages: file under tests/data, whether
    /// it is well-formed, and what the phone answers (RequestCheck): 0 = accepted, -1 = dropped, else the status.
    /// </summary>
    public static class TortureVerdicts
    {
        public static readonly string[] File =
        {
            "rfc4475/wsinv.dat",
            "rfc4475/intmeth.dat",
            "rfc4475/esc01.dat",
            "rfc4475/escnull.dat",
            "rfc4475/esc02.dat",
            "rfc4475/lwsdisp.dat",
            "rfc4475/longreq.dat",
            "rfc4475/dblreq.dat",
            "rfc4475/semiuri.dat",
            "rfc4475/transports.dat",
            "rfc4475/mpart01.dat",
            "rfc4475/unreason.dat",
            "rfc4475/noreason.dat",
            "rfc4475/badinv01.dat",
            "rfc4475/clerr.dat",
            "rfc4475/ncl.dat",
            "rfc4475/scalar02.dat",
            "rfc4475/scalarlg.dat",
            "rfc4475/quotbal.dat",
            "rfc4475/ltgtruri.dat",
            "rfc4475/lwsruri.dat",
            "rfc4475/lwsstart.dat",
            "rfc4475/trws.dat",
            "rfc4475/escruri.dat",
            "rfc4475/baddate.dat",
            "rfc4475/regbadct.dat",
            "rfc4475/badaspec.dat",
            "rfc4475/baddn.dat",
            "rfc4475/badvers.dat",
            "rfc4475/mismatch01.dat",
            "rfc4475/mismatch02.dat",
            "rfc4475/bigcode.dat",
            "rfc4475/badbranch.dat",
            "rfc4475/insuf.dat",
            "rfc4475/unkscm.dat",
            "rfc4475/novelsc.dat",
            "rfc4475/unksm2.dat",
            "rfc4475/bext01.dat",
            "rfc4475/invut.dat",
            "rfc4475/regaut01.dat",
            "rfc4475/multi01.dat",
            "rfc4475/mcl01.dat",
            "rfc4475/bcast.dat",
            "rfc4475/zeromf.dat",
            "rfc4475/cparam01.dat",
            "rfc4475/cparam02.dat",
            "rfc4475/regescrt.dat",
            "rfc4475/sdp01.dat",
            "rfc4475/inv2543.dat",
            "rfc5118/ipv6-good.dat",
            "rfc5118/ipv6-bad.dat",
            "rfc5118/port-ambiguous.dat",
            "rfc5118/port-unambiguous.dat",
            "rfc5118/via-received-param-with-delim.dat",
            "rfc5118/via-received-param-no-delim.dat",
            "rfc5118/ipv6-in-sdp.dat",
            "rfc5118/mult-ip-in-header.dat",
            "rfc5118/mult-ip-in-sdp.dat",
            "rfc5118/ipv4-mapped-ipv6.dat",
            "rfc5118/ipv6-bug-abnf-3-colons.dat",
            "rfc5118/ipv6-correct-abnf-2-colons.dat",
        };

        public static readonly bool[] WellFormed =
        {
            true,   // rfc4475/wsinv
            true,   // rfc4475/intmeth
            true,   // rfc4475/esc01
            true,   // rfc4475/escnull
            true,   // rfc4475/esc02
            true,   // rfc4475/lwsdisp
            true,   // rfc4475/longreq
            true,   // rfc4475/dblreq
            true,   // rfc4475/semiuri
            true,   // rfc4475/transports
            true,   // rfc4475/mpart01
            true,   // rfc4475/unreason
            true,   // rfc4475/noreason
            false,  // rfc4475/badinv01
            false,  // rfc4475/clerr
            false,  // rfc4475/ncl
            false,  // rfc4475/scalar02
            false,  // rfc4475/scalarlg
            false,  // rfc4475/quotbal
            false,  // rfc4475/ltgtruri
            false,  // rfc4475/lwsruri
            false,  // rfc4475/lwsstart
            false,  // rfc4475/trws
            false,  // rfc4475/escruri
            true,   // rfc4475/baddate
            false,  // rfc4475/regbadct
            false,  // rfc4475/badaspec
            false,  // rfc4475/baddn
            false,  // rfc4475/badvers
            true,   // rfc4475/mismatch01
            true,   // rfc4475/mismatch02
            false,  // rfc4475/bigcode
            true,   // rfc4475/badbranch
            false,  // rfc4475/insuf
            true,   // rfc4475/unkscm
            true,   // rfc4475/novelsc
            true,   // rfc4475/unksm2
            true,   // rfc4475/bext01
            true,   // rfc4475/invut
            true,   // rfc4475/regaut01
            false,  // rfc4475/multi01
            false,  // rfc4475/mcl01
            true,   // rfc4475/bcast
            true,   // rfc4475/zeromf
            true,   // rfc4475/cparam01
            true,   // rfc4475/cparam02
            true,   // rfc4475/regescrt
            true,   // rfc4475/sdp01
            true,   // rfc4475/inv2543
            true,   // rfc5118/ipv6-good
            false,  // rfc5118/ipv6-bad
            true,   // rfc5118/port-ambiguous
            true,   // rfc5118/port-unambiguous
            true,   // rfc5118/via-received-param-with-delim
            true,   // rfc5118/via-received-param-no-delim
            true,   // rfc5118/ipv6-in-sdp
            true,   // rfc5118/mult-ip-in-header
            true,   // rfc5118/mult-ip-in-sdp
            true,   // rfc5118/ipv4-mapped-ipv6
            true,   // rfc5118/ipv6-bug-abnf-3-colons
            true,   // rfc5118/ipv6-correct-abnf-2-colons
        };

        public static readonly int[] Answer =
        {
            0,     // rfc4475/wsinv: 3.1.1.1 short tortuous INVITE
            501,   // rfc4475/intmeth: 3.1.1.2 wide range of characters; unknown method → 501
            0,     // rfc4475/esc01: 3.1.1.3 valid use of % escaping
            405,   // rfc4475/escnull: 3.1.1.4 escaped nulls; REGISTER at a non-registrar → 405
            501,   // rfc4475/esc02: 3.1.1.5 an escaped method name is another (unknown) method
            0,     // rfc4475/lwsdisp: 3.1.1.6 no LWS between display name and <
            0,     // rfc4475/longreq: 3.1.1.7 long values
            405,   // rfc4475/dblreq: 3.1.1.8 extra trailing octets in a datagram (REGISTER)
            0,     // rfc4475/semiuri: 3.1.1.9 semicolons in the user part
            0,     // rfc4475/transports: 3.1.1.10 varied and unknown transports
            405,   // rfc4475/mpart01: 3.1.1.11 multipart MESSAGE; a phone does not take MESSAGE
            0,     // rfc4475/unreason: 3.1.1.12 unusual reason phrase (response)
            0,     // rfc4475/noreason: 3.1.1.13 empty reason phrase (response)
            400,   // rfc4475/badinv01: 3.1.2.1 extraneous header field separators
            400,   // rfc4475/clerr: 3.1.2.2 Content-Length larger than the message
            400,   // rfc4475/ncl: 3.1.2.3 negative Content-Length
            400,   // rfc4475/scalar02: 3.1.2.4 overlarge request scalars
            -1,    // rfc4475/scalarlg: 3.1.2.5 overlarge response scalars: discard
            400,   // rfc4475/quotbal: 3.1.2.6 unterminated quoted string
            400,   // rfc4475/ltgtruri: 3.1.2.7 <> around the Request-URI
            400,   // rfc4475/lwsruri: 3.1.2.8 LWS inside the Request-URI
            400,   // rfc4475/lwsstart: 3.1.2.9 several SP in the Request-Line
            400,   // rfc4475/trws: 3.1.2.10 SP at the end of the Request-Line
            400,   // rfc4475/escruri: 3.1.2.11 escaped headers in the Request-URI
            0,     // rfc4475/baddate: 3.1.2.12 time zone other than GMT, in a header the phone does not use: ignored
            400,   // rfc4475/regbadct: 3.1.2.13 addr-spec with a header not in <>
            400,   // rfc4475/badaspec: 3.1.2.14 spaces within <addr-spec>
            400,   // rfc4475/baddn: 3.1.2.15 non-token characters in an unquoted display name
            505,   // rfc4475/badvers: 3.1.2.16 SIP/7.0
            400,   // rfc4475/mismatch01: 3.1.2.17 method and CSeq method differ
            501,   // rfc4475/mismatch02: 3.1.2.18 unknown method, CSeq differs: 501 preferred
            -1,    // rfc4475/bigcode: 3.1.2.19 status code 4294967301: drop
            0,     // rfc4475/badbranch: 3.2.1 branch is only the cookie: RFC 2543 fallback matching
            400,   // rfc4475/insuf: 3.3.1 no Call-ID, From, To
            416,   // rfc4475/unkscm: 3.3.2 unknown Request-URI scheme
            416,   // rfc4475/novelsc: 3.3.3 known but atypical scheme
            405,   // rfc4475/unksm2: 3.3.4 unknown schemes in headers (REGISTER)
            420,   // rfc4475/bext01: 3.3.5 Require and Proxy-Require
            415,   // rfc4475/invut: 3.3.6 unknown Content-Type
            405,   // rfc4475/regaut01: 3.3.7 unknown Authorization scheme (REGISTER)
            400,   // rfc4475/multi01: 3.3.8 several values in single-value fields
            400,   // rfc4475/mcl01: 3.3.9 two Content-Length values
            -1,    // rfc4475/bcast: 3.3.10 response with two Vias at a UAC: discard (§8.1.3.3)
            0,     // rfc4475/zeromf: 3.3.11 Max-Forwards 0 at an endpoint: process normally
            405,   // rfc4475/cparam01: 3.3.12 REGISTER with a contact parameter
            405,   // rfc4475/cparam02: 3.3.13 REGISTER with a url-parameter
            405,   // rfc4475/regescrt: 3.3.14 REGISTER with an escaped header in the Contact URI
            406,   // rfc4475/sdp01: 3.3.15 Accept offers nothing the phone can send
            0,     // rfc4475/inv2543: 3.4.1 RFC 2543 syntax
            405,   // rfc5118/ipv6-good: 4.1
            400,   // rfc5118/ipv6-bad: 4.2 IPv6 address without [ ]
            405,   // rfc5118/port-ambiguous: 4.3
            405,   // rfc5118/port-unambiguous: 4.4
            0,     // rfc5118/via-received-param-with-delim: 4.5 received=[...] must be tolerated
            0,     // rfc5118/via-received-param-no-delim: 4.5
            0,     // rfc5118/ipv6-in-sdp: 4.6
            0,     // rfc5118/mult-ip-in-header: 4.7
            0,     // rfc5118/mult-ip-in-sdp: 4.8
            0,     // rfc5118/ipv4-mapped-ipv6: 4.9
            0,     // rfc5118/ipv6-bug-abnf-3-colons: 4.10 tolerated
            0,     // rfc5118/ipv6-correct-abnf-2-colons: 4.10
        };

        /// <summary>Index of a file in the table, or -1.</summary>
        public static int IndexOf(string file)
        {
            for (int i = 0; i < File.Length; i++)
            {
                if (File[i] == file) return i;
            }
            return -1;
        }
    }

    /// <summary>
    /// Transaction timers over UDP on a manual clock (RFC 3261 §17, RFC 6026), T1 = 500 ms, T2 = 4 s,
    /// T4 = 5 s unless stated: when each copy of a message is sent, and when the transaction ends.
    /// </summary>
    public static class TimerSchedules
    {
        /// <summary>INVITE client, no answer: Timer A doubles from T1; Timer B ends it at 64*T1.</summary>
        public static readonly long[] InviteClientSends = { 0, 500, 1500, 3500, 7500, 15500, 31500 };
        public const long InviteClientTimeoutAt = 32000;

        /// <summary>Non-INVITE client, no answer: Timer E doubles to T2; Timer F ends it at 64*T1.</summary>
        public static readonly long[] NonInviteClientSends = { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 };
        public const long NonInviteClientTimeoutAt = 32000;

        /// <summary>Non-INVITE client with T1 = 100, T2 = 400, T4 = 1000.</summary>
        public static readonly long[] NonInviteClientShortSends = { 0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500, 3900, 4300,
            4700, 5100, 5500, 5900, 6300 };
        public const long NonInviteClientShortTimeoutAt = 6400;

        /// <summary>Non-INVITE client answered 200 at 1000 ms: no more sends; Timer K = T4 later it ends.</summary>
        public static readonly long[] NonInviteClientAnsweredSends = { 0, 500 };
        public const long NonInviteClientAnsweredEndAt = 6000;

        /// <summary>INVITE server, 404 sent at 0 and never acknowledged: Timer G, then Timer H at 64*T1.</summary>
        public static readonly long[] InviteServerNoAckSends = { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 };
        public const long InviteServerNoAckTimeoutAt = 32000;

        /// <summary>INVITE server, 486 sent at 1000 ms, ACK at 14000 ms: Timer G stops; Timer I (T4) ends it.</summary>
        public static readonly long[] InviteServerAckedSends = { 1000, 1500, 2500, 4500, 8500, 12500 };
        public const long InviteServerAckedAt = 14000;
        public const long InviteServerAckedEndAt = 19000;
    }

    /// <summary>What the phone decides for a forked incoming call (RFC 3261 §8.2.2.2, §9.2; RFC 3326; RFC 5806).</summary>
    public static class CallDecisions
    {
        /// <summary>The same INVITE by another path of the fork.</summary>
        public const int MergedRequest = 482;
        /// <summary>CANCEL: 200 for the CANCEL, 487 for the INVITE; 481 when no transaction matches.</summary>
        public const int CancelAccepted = 200;
        public const int RequestTerminated = 487;
        public const int NoSuchTransaction = 481;
        public const string Missed = "1 missed (caller hung up)";
        public const string CompletedElsewhereReason = "SIP;cause=200;text=\"Call completed elsewhere\"";
        public const string AnsweredElsewhere = "1 answered elsewhere (call completed elsewhere)";

        /// <summary>No answer: after NoAnswerSeconds of ringing, 302 to the target with Diversion.</summary>
        public const string NoAnswerTarget = "sip:voicemail@nanophone.test";
        public const int NoAnswerSeconds = 20;
        public const int Redirect = 302;
        public const string RedirectContact = "<sip:voicemail@nanophone.test>";
        public const string RedirectDiversion = "<sip:linda@nanophone.test>;reason=no-answer";
        public const string Forwarded = "1 forwarded (sip:voicemail@nanophone.test)";
    }

    /// <summary>Registration refresh (RFC 3261 §10.2.4): at 90 % of the granted expiry, not later than 5 s before it, not sooner than 1 s.</summary>
    public static class RegistrationVectors
    {
        public static readonly int[] GrantedSeconds = { 3600, 60, 30, 8, 3 };
        public static readonly long[] RefreshDelayMs = { 3240000, 54000, 25000, 3000, 1000 };
    }

    /// <summary>Phone configuration: a sample of tests/App.Tests' validation cases, the defaults, and a file with bad lines.</summary>
    public static class ConfigVectors
    {
        /// <summary>Accepted values: key, input and stored form at the same index.</summary>
        public static readonly string[] ValidKey =
        {
            "sip.server", "sip.server", "sip.port", "sip.user", "sip.password", "sip.q", "sip.transport", "sip.outbound",
            "forward.noanswer.target", "dnd", "dnd", "ghost.action", "ghost.trust", "ringer.pattern", "net.wifi.ssid",
        };

        public static readonly string[] ValidInput =
        {
            "pbx.example.com", "[2001:db8::1]", "007", "+4930123456", "with spaces = and # and \u00e4", "0.123", "UDP", "sip:proxy.example.com;lr",
            "sip:+4930999@example.com;user=phone", "TRUE", "Off", "DROP", "192.0.2.9 , 192.0.2.7,[2001:db8::2]", "US", "x",
        };

        public static readonly string[] ValidStored =
        {
            "pbx.example.com", "[2001:db8::1]", "7", "+4930123456", "with spaces = and # and \u00e4", "0.123", "udp", "sip:proxy.example.com;lr",
            "sip:+4930999@example.com;user=phone", "on", "off", "drop", "192.0.2.9,192.0.2.7,[2001:db8::2]", "us", "x",
        };

        /// <summary>Refused values: key and input at the same index.</summary>
        public static readonly string[] InvalidKey =
        {
            "sip.server", "sip.server", "sip.port", "sip.port", "sip.port", "sip.user", "sip.q", "sip.q", "sip.transport",
            "sip.outbound", "sip.outbound", "forward.noanswer.seconds", "dnd", "dnd.response", "ghost.trust", "ghost.trust", "net.wifi.password",
        };

        public static readonly string[] InvalidInput =
        {
            "pbx.example.com:5060", "a..b", "0", "65536", "+5060", "alice@example.com", "1.001", ".5", "sctp",
            "tel:+4930123", "sip:user:pw@proxy.example.com", "121", "maybe", "404", "a,,b", "pbx.example.com", "1234567",
        };

        /// <summary>Defaults of keys nobody set.</summary>
        public static readonly string[] DefaultKey = { "sip.port", "sip.expires", "sip.t1.ms", "forward.noanswer.seconds", "dnd", "ghost.filter", "ringer.pattern" };
        public static readonly string[] DefaultValue = { "5060", "3600", "500", "20", "off", "on", "us" };

        /// <summary>A hand-written file with a mistake on most lines (joined with "\n").</summary>
        public static readonly string[] FileWithBadLines =
        {
            "sip.server=pbx.example.com",
            "this line has no equals sign",
            "sip.sever=typo.example.com",
            "=value without key",
            "sip.port=99999",
            "sip.password=bad\\escape",
            "sip.user=alice",
            "dnd=on",
            "dnd=off",
            "garbage=x",
            "forward.busy.target=sip:alice@example.com",
            "sip.domain=example.com",
            "ghost.action=403",
        };

        public static readonly string[] FileWithBadLinesWarnings =
        {
            "line 2: not key=value; ignored",
            "line 3: unknown key (did you mean sip.server or sip.user?); dropped",
            "line 4: unknown key; dropped",
            "line 5: sip.port: must be a whole number from 1 to 65535; ignored",
            "line 6: sip.password: bad escape; ignored",
            "line 9: dnd given again (line 8); this one counts",
            "line 10: unknown key; dropped",
            "line 11: forward.busy.target: our own address (calls would loop); dropped",
        };

        /// <summary>Stands for "no value" (Get returns null) in the tables: nanoCLR 1.17 mishandles null elements of a string[] initializer.</summary>
        public const string Unset = "(unset)";

        /// <summary>What that file leaves: key and value (or Unset) at the same index.</summary>
        public static readonly string[] FileWithBadLinesKey = { "sip.server", "sip.port", "sip.password", "sip.user", "dnd", "forward.busy.target", "ghost.action" };
        public static readonly string[] FileWithBadLinesValue = { "pbx.example.com", "5060", Unset, "alice", "off", Unset, "403" };
        public const int FileWithBadLinesSettingCount = 5;
    }
}
