using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoPhone.Sip.Tests.Build;

/// <summary>
/// Lists what nanoCLR 1.17 cannot run although it compiles: generic type or method definitions,
/// generic instantiations (TypeSpec/MethodSpec, mscorlib's Action&lt;T&gt; and friends included)
/// and multi-dimensional arrays, wherever they occur in the assembly's metadata. Each finding names
/// the member that holds it.
/// </summary>
public static class NanoFrameworkGateInspector
{
    public static IReadOnlyList<string> Inspect(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var findings = new List<string>();
        var provider = new Flagger();

        foreach (var th in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(th);
            string typeName = Name(md, type);
            if (type.GetGenericParameters().Count > 0) findings.Add("generic type definition " + typeName);
            foreach (var fh in type.GetFields())
            {
                var field = md.GetFieldDefinition(fh);
                Check(findings, provider, "field " + typeName + "." + md.GetString(field.Name),
                    () => field.DecodeSignature(provider, null));
            }
            foreach (var mh in type.GetMethods())
            {
                var method = md.GetMethodDefinition(mh);
                string where = "method " + typeName + "." + md.GetString(method.Name);
                if (method.GetGenericParameters().Count > 0) findings.Add("generic method definition " + where);
                Check(findings, provider, where, () => method.DecodeSignature(provider, null));
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        var sig = md.GetStandaloneSignature(body.LocalSignature);
                        Check(findings, provider, "locals of " + where, () => sig.DecodeLocalSignature(provider, null));
                    }
                }
            }
        }
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var h = MetadataTokens.TypeSpecificationHandle(row);
            var spec = md.GetTypeSpecification(h);
            Check(findings, provider, "type reference " + MetadataTokens.GetToken(h).ToString("X8"),
                () => spec.DecodeSignature(provider, null));
        }
        foreach (var h in md.MemberReferences)
        {
            var mr = md.GetMemberReference(h);
            string where = "reference to " + md.GetString(mr.Name);
            if (mr.Parent.Kind == HandleKind.TypeSpecification)
            {
                var spec = md.GetTypeSpecification((TypeSpecificationHandle)mr.Parent);
                Check(findings, provider, where, () => spec.DecodeSignature(provider, null));
            }
        }
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var h = MetadataTokens.MethodSpecificationHandle(row);
            var spec = md.GetMethodSpecification(h);
            string target = spec.Method.Kind == HandleKind.MethodDefinition
                ? md.GetString(md.GetMethodDefinition((MethodDefinitionHandle)spec.Method).Name)
                : spec.Method.Kind == HandleKind.MemberReference
                    ? md.GetString(md.GetMemberReference((MemberReferenceHandle)spec.Method).Name)
                    : "?";
            findings.Add("generic method instantiation of " + target);
        }
        var distinct = new List<string>();
        foreach (var f in findings) if (!distinct.Contains(f)) distinct.Add(f);
        return distinct;
    }

    private static string Name(MetadataReader md, TypeDefinition t)
    {
        string ns = md.GetString(t.Namespace);
        return (ns.Length > 0 ? ns + "." : "") + md.GetString(t.Name);
    }

    private static void Check(List<string> findings, Flagger provider, string where, System.Action decode)
    {
        provider.Problem = null;
        decode();
        if (provider.Problem != null) findings.Add(provider.Problem + " in " + where);
    }

    /// <summary>Decodes signatures to names, remembering the first construct nanoCLR cannot run.</summary>
    private sealed class Flagger : ISignatureTypeProvider<string, object?>
    {
        public string? Problem;

        private string Flag(string what, string name)
        {
            Problem ??= what + " " + name;
            return name;
        }

        public string GetArrayType(string elementType, ArrayShape shape) => Flag("multi-dimensional array", elementType + "[" + new string(',', shape.Rank - 1) + "]");
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => Flag("generic instantiation", genericType + "<" + string.Join(",", typeArguments) + ">");
        public string GetGenericMethodParameter(object? genericContext, int index) => Flag("generic method parameter", "!!" + index);
        public string GetGenericTypeParameter(object? genericContext, int index) => Flag("generic type parameter", "!" + index);
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
