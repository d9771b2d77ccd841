using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Media")]
[assembly: AssemblyDescription("RTP/RTCP, G.711, jitter buffer, DTMF and call-progress tones for .NET nanoFramework")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
