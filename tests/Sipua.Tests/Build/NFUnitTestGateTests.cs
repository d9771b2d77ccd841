using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// The nanoFramework test project tests/NFUnitTest cannot run here (no emulator), so the normal build
/// compiles it against nanoFramework's mscorlib through gate/nfunittest.gate.csproj, with the
/// attribute-and-assert stand-in tests/TestFramework.Standin in place of nanoFramework.TestFramework.
/// These tests check that output for what nanoCLR cannot run and for what nanoFramework's
/// UnitTestLauncher needs, that the stand-in declares only what the real framework has, and that
/// NFUnitTest.nfproj (what Visual Studio builds) lists the same sources.
/// </summary>
public class NFUnitTestGateTests
{
    private const string ProjectDir = "tests/NFUnitTest";
    private const string TestFrameworkNamespace = "nanoFramework.TestFramework";
    private const string RealApiFile = "tests/TestFramework.Standin/RealApi-3.0.77.txt";

    private static string Gate() => NanoFrameworkGateTests.GateAssembly("NanoPhone.NFUnitTest.Gate.dll");

    [Fact]
    public void Gate_assembly_has_no_generics_and_no_multidimensional_arrays()
    {
        var findings = NanoFrameworkGateInspector.Inspect(Gate());
        Assert.True(findings.Count == 0, "nanoCLR 1.17 cannot run:\n  " + string.Join("\n  ", findings));
    }

    [Fact]
    public void Gate_assembly_references_only_nanoFramework_mscorlib()
    {
        using var stream = File.OpenRead(Gate());
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.Equal(new[] { "mscorlib" }, refs);
    }

    [Fact]
    public void Stand_in_declares_nothing_the_real_TestFramework_3_0_77_lacks()
    {
        var real = File.ReadAllLines(RepoPaths.Of(RealApiFile)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var standIn = PublicApi.Of(Gate(), TestFrameworkNamespace);
        Assert.Contains("Assert.AreEqual(Int32,Int32,String)", standIn);
        Assert.Contains("DataRowAttribute..ctor(Object[])", standIn);
        var extra = standIn.Where(s => !real.Contains(s)).ToArray();
        Assert.True(extra.Length == 0, "not in nanoFramework.TestFramework 3.0.77: " + string.Join(", ", extra));
        var obsolete = standIn.Where(s => Regex.IsMatch(s, @"^Assert\.(Equal|NotEqual|True|False|Null|NotNull|Same|NotSame|Throws|IsType|IsNotType|Empty|NotEmpty)\(")).ToArray();
        Assert.True(obsolete.Length == 0, "obsolete in the real framework, use the Is*/Are* names: " + string.Join(", ", obsolete));
    }

    [Fact]
    public void Stand_in_holds_attributes_and_asserts_only()
    {
        var types = PublicApi.Of(Gate(), TestFrameworkNamespace).Where(s => !s.Contains('.')).ToArray();
        Assert.Equal(new[] { "Assert", "CleanupAttribute", "DataRowAttribute", "SetupAttribute", "TestClassAttribute", "TestMethodAttribute" }, types);
        var files = Directory.GetFiles(RepoPaths.Of("tests/TestFramework.Standin"), "*.cs").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(new[] { "Assert.cs", "TestAttributes.cs" }, files);
    }

    /// <summary>
    /// The UnitTestLauncher invokes test methods without an instance (null this), so a test class must
    /// keep its state in static fields; a DataRow's values must fit the method's parameters.
    /// </summary>
    [Fact]
    public void Test_classes_suit_the_UnitTestLauncher()
    {
        using var stream = File.OpenRead(Gate());
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var problems = new List<string>();
        int classes = 0, tests = 0;
        foreach (var th in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(th);
            string typeName = md.GetString(type.Namespace) + "." + md.GetString(type.Name);
            if (!Attributes(md, type.GetCustomAttributes()).Any(a => a.Name == "TestClassAttribute")) continue;
            classes++;
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public) problems.Add(typeName + " is not public");
            foreach (var fh in type.GetFields())
            {
                var field = md.GetFieldDefinition(fh);
                if ((field.Attributes & FieldAttributes.Static) == 0) problems.Add(typeName + "." + md.GetString(field.Name) + " is an instance field: tests run without an instance");
            }
            foreach (var mh in type.GetMethods())
            {
                var method = md.GetMethodDefinition(mh);
                var attrs = Attributes(md, method.GetCustomAttributes()).Where(a => a.Name is "TestMethodAttribute" or "SetupAttribute" or "CleanupAttribute" or "DataRowAttribute").ToArray();
                if (attrs.Length == 0) continue;
                string where = typeName + "." + md.GetString(method.Name);
                var sig = method.DecodeSignature(new TypeNames(), null);
                if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public) problems.Add(where + " is not public");
                if (sig.ReturnType != "Void") problems.Add(where + " does not return void");
                var rows = attrs.Where(a => a.Name == "DataRowAttribute").ToArray();
                if (rows.Length == 0 && sig.ParameterTypes.Length != 0) problems.Add(where + " has parameters but no DataRow");
                foreach (var row in rows)
                {
                    string[] values = row.DataRowTypes!;
                    if (values.Length != sig.ParameterTypes.Length) problems.Add(where + ": a DataRow with " + values.Length + " values for " + sig.ParameterTypes.Length + " parameters");
                    else for (int i = 0; i < values.Length; i++)
                        if (values[i] != sig.ParameterTypes[i]) problems.Add(where + ": DataRow value " + i + " is " + values[i] + ", the parameter " + sig.ParameterTypes[i]);
                }
                tests += Math.Max(rows.Length, 1);
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        int declared = Directory.GetFiles(RepoPaths.Of(ProjectDir), "*.cs", SearchOption.AllDirectories)
            .Sum(f => Regex.Matches(File.ReadAllText(f), @"^\s*\[TestClass\]", RegexOptions.Multiline).Count);
        Assert.Equal(declared, classes);
        Assert.True(tests >= 50, "only " + tests + " tests in the gate assembly");
    }

    [Fact]
    public void Nfproj_builds_NFUnitTest_from_the_same_sources_as_the_gate()
    {
        string path = RepoPaths.Of(ProjectDir + "/NFUnitTest.nfproj");
        var doc = XDocument.Load(path);
        string Prop(string name) => doc.Descendants().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("NFUnitTest", Prop("AssemblyName"));   // the launcher loads it by this name
        Assert.Equal("true", Prop("IsTestProject"));
        Assert.Equal("$(MSBuildProjectDirectory)\\nano.runsettings", Prop("RunSettingsFilePath"));
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "ProjectCapability" && (string?)e.Attribute("Include") == "TestContainer");

        var compiles = doc.Descendants().Where(e => e.Name.LocalName == "Compile").ToArray();
        var own = compiles.Where(e => !e.Elements().Any()).Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var onDisk = Directory.EnumerateFiles(RepoPaths.Of(ProjectDir), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Of(ProjectDir), f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/")).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(own.SequenceEqual(onDisk), "NFUnitTest.nfproj's own sources are out of date: run tools/sync-nfproj.py tests/NFUnitTest/NFUnitTest.nfproj");

        var linked = compiles.Where(e => e.Elements().Any()).Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var expected = Directory.GetFiles(RepoPaths.Of("tests/data/shared"), "*.cs").Select(f => "../data/shared/" + Path.GetFileName(f))
            .Concat(Directory.GetFiles(RepoPaths.Of("firmware/App/Config"), "*.cs").Select(f => "../../firmware/App/Config/" + Path.GetFileName(f)))
            .OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(linked.SequenceEqual(expected), "NFUnitTest.nfproj's linked sources are out of date. Listed but absent: ["
            + string.Join(", ", linked.Except(expected)) + "]; not listed: [" + string.Join(", ", expected.Except(linked)) + "]");
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "ProjectReference" && (string?)e.Attribute("Include") == "..\\..\\sipua\\sipua.nfproj");

        string gate = File.ReadAllText(RepoPaths.Of("gate/nfunittest.gate.csproj"));
        foreach (string glob in new[] { "../tests/NFUnitTest/**/*.cs", "../tests/TestFramework.Standin/*.cs", "../tests/data/shared/*.cs", "../sipua/**/*.cs", "../firmware/App/Config/*.cs" })
            Assert.Contains("<Compile Include=\"" + glob + "\"", gate);
    }

    [Fact]
    public void Packages_runsettings_and_solutions_name_the_test_project()
    {
        var packages = XDocument.Load(RepoPaths.Of(ProjectDir + "/packages.config")).Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value);
        Assert.Equal("3.0.77", packages["nanoFramework.TestFramework"]);   // the version RealApi-3.0.77.txt describes
        string gate = File.ReadAllText(RepoPaths.Of("gate/nfunittest.gate.csproj"));
        Assert.Contains("<PackageReference Include=\"nanoFramework.CoreLibrary\" Version=\"" + packages["nanoFramework.CoreLibrary"] + "\" />", gate);
        foreach (var hint in XDocument.Load(RepoPaths.Of(ProjectDir + "/NFUnitTest.nfproj")).Descendants().Where(e => e.Name.LocalName == "HintPath"))
        {
            var m = Regex.Match(hint.Value, @"packages\\(nanoFramework\.[A-Za-z]+)\.(\d+\.\d+\.\d+)\\");
            Assert.True(m.Success && packages[m.Groups[1].Value] == m.Groups[2].Value, hint.Value + " does not match packages.config");
        }

        var adapter = XDocument.Load(RepoPaths.Of(ProjectDir + "/nano.runsettings")).Descendants("nanoFrameworkAdapter").Single();
        Assert.Equal("False", adapter.Element("IsRealHardware")!.Value);   // the emulator; README.md tells how to switch to a board
        Assert.NotNull(adapter.Element("RealHardwarePort"));

        Assert.Contains("tests\\NFUnitTest\\NFUnitTest.nfproj", File.ReadAllText(RepoPaths.Of("nf.sln")));
        Assert.Contains("gate/nfunittest.gate.csproj", File.ReadAllText(RepoPaths.Of("nanophone.slnx")));
        Assert.Contains("IsRealHardware", File.ReadAllText(RepoPaths.Of(ProjectDir + "/README.md")));
    }

    // ---- Metadata helpers ---------------------------------------------------------------------

    private sealed record Attr(string Name, string[]? DataRowTypes);

    /// <summary>Custom attributes by type name; for DataRow, the types of its values.</summary>
    private static IEnumerable<Attr> Attributes(MetadataReader md, CustomAttributeHandleCollection handles)
    {
        foreach (var h in handles)
        {
            var a = md.GetCustomAttribute(h);
            string name = a.Constructor.Kind == HandleKind.MethodDefinition
                ? md.GetString(md.GetTypeDefinition(md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor).GetDeclaringType()).Name)
                : md.GetString(md.GetTypeReference((TypeReferenceHandle)md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent).Name);
            string[]? rowTypes = null;
            if (name == "DataRowAttribute")
            {
                var value = a.DecodeValue(new AttributeTypes());
                var items = (ImmutableArray<CustomAttributeTypedArgument<string>>)value.FixedArguments[0].Value!;
                rowTypes = items.Select(i => i.Value == null ? "null" : i.Value.GetType().Name).ToArray();
            }
            yield return new Attr(name, rowTypes);
        }
    }

    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<>";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";
    }

    /// <summary>Decodes attribute blobs; boxed values keep their CLR types (String, Int32, Boolean...).</summary>
    private sealed class AttributeTypes : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "Type";
    }
}
