using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Boards")]
[assembly: AssemblyDescription("Pin maps of the boards NanoPhone runs on, and the checks that keep them sound")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
