using System.Reflection;

[assembly: AssemblyTitle("NanoPhone.Hal")]
[assembly: AssemblyDescription("Keypad, hook switch, ringer and indicators of the NanoPhone desk phone")]
[assembly: AssemblyProduct("NanoPhone")]
[assembly: AssemblyVersion("0.1.0.0")]
