using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.App")]
[assembly: AssemblyDescription("The desk phone: configuration, serial console and phone logic over the SIP user agent and the HAL")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
