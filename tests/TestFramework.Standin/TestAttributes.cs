// A compile-time stand-in for nanoFramework.TestFramework 3.0.77's attributes, used only by
// gate/nfunittest.gate.csproj so that tests/NFUnitTest compiles against nanoFramework's mscorlib in
// the normal build. Same namespace, names, constructors and AttributeUsage as the real ones; nothing
// else. tests/NFUnitTest/NFUnitTest.nfproj uses the real package, never this folder.
// tests/Sipua.Tests/Build/NFUnitTestGateTests checks that everything public here exists, with the
// same signature, in the real framework.
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose methods the UnitTestLauncher runs.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test method (called without an instance: keep state in static fields).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs before the class's tests; a skipped Setup skips the class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs after the class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>One invocation of the method with these arguments.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null) throw new ArgumentNullException("methodParameters");
            if (methodParameters.Length == 0) throw new ArgumentException("methodParameters can not be empty");
            MethodParameters = methodParameters;
        }

        public object[] MethodParameters { get; }
    }
}
