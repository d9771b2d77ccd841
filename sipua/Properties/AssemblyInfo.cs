using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Sip")]
[assembly: AssemblyDescription("A lean SIP user agent for .NET nanoFramework")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
