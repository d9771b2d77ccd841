using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Device")]
[assembly: AssemblyDescription("The NanoPhone desk-phone program for ESP32 boards on .NET nanoFramework")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
