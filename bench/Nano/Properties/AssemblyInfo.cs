using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Bench.Nano")]
[assembly: AssemblyDescription("NanoPhone's benchmark of the SIP core on the nanoFramework runtime")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
